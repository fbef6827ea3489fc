using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace CiieBlazor.App.Realtime;

/// <summary>Where the instances of one deployment meet to pass on live updates (<c>Realtime</c> section).</summary>
public sealed class RealtimeOptions
{
    public const string Section = "Realtime";

    /// <summary>
    /// A Redis server (StackExchange.Redis configuration, e.g. <c>localhost:6379</c>) shared by the instances. Empty: one
    /// instance, live updates in process only.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>The channel the instances of one deployment publish on (another deployment on the same Redis uses another).</summary>
    public string Channel { get; set; } = "ciie:changes";
}

/// <summary>
/// Whether live updates reach every instance. Pages show a notice while they do not (other instances' changes then
/// appear only on reload); with one instance they always do.
/// </summary>
public sealed class LiveUpdates
{
    private volatile bool _degraded;

    public bool Degraded => _degraded;

    /// <summary>Raised when <see cref="Degraded"/> changes.</summary>
    public event Action? Changed;

    internal void Set(bool degraded)
    {
        if (_degraded == degraded) return;
        _degraded = degraded;
        Changed?.Invoke();
    }
}

/// <summary>
/// The Redis backplane: what one instance publishes goes to the others through a Redis channel (pub/sub), each message
/// naming its instance so that none is delivered twice where it started. While Redis is unreachable the app keeps working
/// on each instance alone and says live updates are degraded; when Redis is back, every page with a subscription here
/// refreshes once, since changes made elsewhere meanwhile were not heard.
/// </summary>
public sealed class RedisBackplane(
    Microsoft.Extensions.Options.IOptions<RealtimeOptions> options,
    ChangeNotifier notifier,
    LiveUpdates live,
    ILogger<RedisBackplane> logger) : IHostedService, IAsyncDisposable
{
    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly RedisChannel _channel = RedisChannel.Literal(options.Value.Channel);
    private ConnectionMultiplexer? _redis;
    private volatile bool _subscribed;
    private Task _retry = Task.CompletedTask; // subscribing once Redis answers, when it did not at start
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    /// <summary>Whether a Redis server is configured (several instances).</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(options.Value.Redis);

    /// <summary>Connected to Redis now, and listening to the other instances.</summary>
    public bool Connected => _redis?.IsConnected == true && _subscribed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Configured) return; // one instance: live updates in process
        var config = ConfigurationOptions.Parse(options.Value.Redis!);
        // Start even when Redis is down, and keep reconnecting: the app must not need Redis to serve.
        config.AbortOnConnectFail = false;
        config.ConnectTimeout = 2_000;
        config.ClientName = $"ciie-{Environment.MachineName}-{_instance[..8]}";
        _redis = await ConnectionMultiplexer.ConnectAsync(config);
        _redis.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType != ConnectionType.Subscription) return;
            logger.LogWarning("Live updates degraded: Redis {Endpoint} unreachable ({Failure}); each instance goes on alone.", e.EndPoint, e.FailureType);
            live.Set(degraded: true);
        };
        _redis.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType != ConnectionType.Subscription || !_subscribed) return;
            logger.LogInformation("Live updates restored: Redis {Endpoint} reachable again.", e.EndPoint);
            Restored();
        };
        notifier.Forward = Send;
        if (!await TrySubscribeAsync())
        {
            // Redis is down at start: the app serves all the same; the subscription is made when Redis answers.
            logger.LogWarning("Live updates degraded: Redis {Redis} unreachable at start; each instance goes on alone.", options.Value.Redis);
            live.Set(degraded: true);
            _retry = Task.Run(() => SubscribeWhenReachableAsync(_stopping.Token), CancellationToken.None);
        }
    }

    private async Task<bool> TrySubscribeAsync()
    {
        try
        {
            await _redis!.GetSubscriber().SubscribeAsync(_channel, (_, message) => Receive(message));
            _subscribed = true;
            return true;
        }
        catch (RedisException)
        {
            return false;
        }
    }

    private async Task SubscribeWhenReachableAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (_redis is { IsConnected: true } && await TrySubscribeAsync())
            {
                logger.LogInformation("Live updates restored: Redis {Redis} reachable.", options.Value.Redis);
                Restored();
                return;
            }
        }
    }

    private void Restored()
    {
        live.Set(degraded: false);
        // What other instances published meanwhile was not heard: every page that listens here reads again once.
        notifier.PublishHere(notifier.SubscribedTopics());
    }

    private void Send(IReadOnlyList<string> topics)
    {
        if (_redis is not { IsConnected: true } redis) return; // degraded: this instance's pages were told, the others cannot be
        var message = JsonSerializer.Serialize(new Message(_instance, topics));
        redis.GetSubscriber().Publish(_channel, message, CommandFlags.FireAndForget);
    }

    private void Receive(RedisValue value)
    {
        try
        {
            var message = JsonSerializer.Deserialize<Message>(value.ToString());
            if (message is null || message.Instance == _instance || message.Topics is not { Count: > 0 }) return;
            notifier.PublishHere(message.Topics);
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "A live-update message on {Channel} was not understood; ignored.", options.Value.Channel);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        notifier.Forward = null;
        if (Volatile.Read(ref _disposed) == 0) await _stopping.CancelAsync();
        await _retry;
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as a hosted service: the container may dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync();
        await _retry;
        _stopping.Dispose();
        if (_redis is not null) await _redis.DisposeAsync();
    }

    private sealed record Message(string Instance, IReadOnlyList<string> Topics);
}

/// <summary>/healthz: Redis reachable (degraded, not unhealthy, when it is not: the app still serves).</summary>
public sealed class RedisHealthCheck(RedisBackplane backplane) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!backplane.Configured ? HealthCheckResult.Healthy("one instance: no Redis configured")
            : backplane.Connected
            ? HealthCheckResult.Healthy("live updates reach every instance")
            : HealthCheckResult.Degraded("Redis unreachable: live updates stay within each instance"));
}
