using CiieBlazor.App.Realtime;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CiieBlazor.Tests.Scale;

/// <summary>
/// <see cref="RedisBackplane"/> against a real redis-server: what one instance publishes reaches the other instance's
/// subscribers once and its own once (never twice through Redis); a message that is not ours is ignored; without a
/// server configured nothing is started and live updates stay in process.
/// </summary>
public sealed class RedisBackplaneMessages : IAsyncLifetime
{
    private readonly RedisServer _redis = new();

    public Task InitializeAsync() => _redis.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    private (ChangeNotifier Notifier, RedisBackplane Backplane, LiveUpdates Live) Instance(string? redis)
    {
        var notifier = new ChangeNotifier(NullLogger<ChangeNotifier>.Instance);
        var live = new LiveUpdates();
        var backplane = new RedisBackplane(Options.Create(new RealtimeOptions { Redis = redis }), notifier, live, NullLogger<RedisBackplane>.Instance);
        return (notifier, backplane, live);
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"not within 10 s: {what}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task APublicationReachesEveryInstanceOnceAndForeignMessagesAreIgnored()
    {
        var (a, backplaneA, liveA) = Instance(_redis.Configuration);
        var (b, backplaneB, _) = Instance(_redis.Configuration);
        await using var _a = backplaneA;
        await using var _b = backplaneB;
        await backplaneA.StartAsync(CancellationToken.None);
        await backplaneB.StartAsync(CancellationToken.None);
        Assert.True(backplaneA.Connected);
        Assert.False(liveA.Degraded);

        var heardOnA = 0;
        var heardOnB = 0;
        var otherTopicOnB = 0;
        using var subA = a.Subscribe("org:1", () => { Interlocked.Increment(ref heardOnA); return Task.CompletedTask; });
        using var subB = b.Subscribe("org:1", () => { Interlocked.Increment(ref heardOnB); return Task.CompletedTask; });
        using var subB2 = b.Subscribe("org:2", () => { Interlocked.Increment(ref otherTopicOnB); return Task.CompletedTask; });

        a.Publish("org:1", "org:1");
        await Eventually(() => Volatile.Read(ref heardOnB) == 1, "instance B hears A's publication");

        // Garbage and someone else's JSON on the channel change nothing and break nothing.
        await using (var raw = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration))
        {
            var channel = RedisChannel.Literal(new RealtimeOptions().Channel);
            await raw.GetSubscriber().PublishAsync(channel, "not json at all {");
            await raw.GetSubscriber().PublishAsync(channel, "{\"Instance\":\"someone\",\"Topics\":null}");
        }
        // A later publication still flows (the subscription survived the garbage).
        b.Publish("org:2");
        await Eventually(() => Volatile.Read(ref otherTopicOnB) == 1, "B's own publication");
        a.Publish("org:2");
        await Eventually(() => Volatile.Read(ref otherTopicOnB) == 2, "A's second publication reaches B");
        await Task.Delay(300); // room for a wrongly echoed copy to arrive

        Assert.Equal(1, heardOnA); // its own, in process — not again through Redis
        Assert.Equal(1, heardOnB);
        Assert.Equal(2, otherTopicOnB);
    }

    [Fact]
    public async Task WithoutRedisConfiguredNothingStartsAndUpdatesStayInProcess()
    {
        var (notifier, backplane, live) = Instance(null);
        await using var _ = backplane;
        await backplane.StartAsync(CancellationToken.None);
        Assert.False(backplane.Configured);
        Assert.False(live.Degraded);
        var heard = 0;
        using var sub = notifier.Subscribe("operations", () => { heard++; return Task.CompletedTask; });
        notifier.Publish("operations");
        await Eventually(() => heard == 1, "the in-process subscriber");
        var health = await new RedisHealthCheck(backplane).CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, health.Status);
    }

    [Fact]
    public async Task AnInstanceStartedWhileRedisIsDownServesDegradedAndRecoversWhenRedisComesBack()
    {
        await _redis.StopAsync();
        var (notifier, backplane, live) = Instance(_redis.Configuration);
        await using var _ = backplane;
        await backplane.StartAsync(CancellationToken.None); // does not throw: the app must start without Redis
        Assert.True(live.Degraded);
        var health = await new RedisHealthCheck(backplane).CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, health.Status);
        notifier.Publish("operations"); // nothing to send to: no error

        var reread = 0;
        using var sub = notifier.Subscribe("operations", () => { Interlocked.Increment(ref reread); return Task.CompletedTask; });
        await _redis.StartAsync();
        await Eventually(() => !live.Degraded, "the backplane reconnects");
        // Pages listening here read again once: what others published meanwhile was not heard.
        await Eventually(() => Volatile.Read(ref reread) >= 1, "subscribers told to read again");
        Assert.True(backplane.Connected);
    }
}
