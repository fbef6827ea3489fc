using System.Net;
using CiieBlazor.App.Hosting;
using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CiieBlazor.Tests.Observability;

/// <summary>
/// Every request has a correlation id (the caller's X-Correlation-Id when well formed, else the trace id), echoed in the
/// response and carried by the log lines written while the request runs; every Blazor circuit has an id of its own,
/// carried by the lines written during its inbound activity.
/// </summary>
public sealed class CorrelationIdsInLogs : IDisposable
{
    private readonly ObservedApp _app = new();

    private async Task<(HttpResponseMessage Response, string? Echoed)> GetAsync(string path, string? correlationId)
    {
        using var client = _app.Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (correlationId is not null) Assert.True(request.Headers.TryAddWithoutValidation(CorrelationIdMiddleware.Header, correlationId));
        var response = await client.SendAsync(request);
        return (response, response.Headers.TryGetValues(CorrelationIdMiddleware.Header, out var values) ? Assert.Single(values) : null);
    }

    /// <summary>The lines the endpoint itself wrote (routing's "Executing endpoint", the health checks' own lines).</summary>
    private IReadOnlyList<CapturedLog> EndpointLines(string endpoint) =>
        _app.Logs.Lines.Where(l => l.Message.Contains($"endpoint '{endpoint}'", StringComparison.Ordinal)
            || l.Category.StartsWith("Microsoft.Extensions.Diagnostics.HealthChecks", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task AWellFormedIncomingIdIsEchoedAndCarriedByTheRequestsLogLines()
    {
        var (response, echoed) = await GetAsync("/healthz", "ciie-test-4711:a.b_c");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ciie-test-4711:a.b_c", echoed);
        var lines = EndpointLines("Health checks");
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal("ciie-test-4711:a.b_c", l.Scope(CorrelationIdMiddleware.ScopeKey)));
    }

    [Fact]
    public async Task WithoutAnIdEachRequestGetsItsOwn()
    {
        var (_, first) = await GetAsync("/healthz", null);
        var (_, second) = await GetAsync("/healthz", null);

        Assert.Matches("^[0-9a-f]{32}$", first); // the W3C trace id
        Assert.Matches("^[0-9a-f]{32}$", second);
        Assert.NotEqual(first, second);
        var ids = EndpointLines("Health checks").Select(l => l.Scope(CorrelationIdMiddleware.ScopeKey)).ToHashSet();
        Assert.Equal(new HashSet<string?> { first, second }, ids);
    }

    public static TheoryData<string> Malformed => new()
    {
        new string('a', CorrelationIdMiddleware.MaxLength + 1), // too long
        "abc\u0001def",                                      // a control character
        "abc\tdef",
        "<script>alert(1)</script>",
        "id with spaces",
        "张伟华",                                             // not ASCII (a name typed into a header)
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task AMalformedIncomingIdIsReplacedNotEchoed(string malformed)
    {
        var (response, echoed) = await GetAsync("/healthz", malformed);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(echoed);
        Assert.NotEqual(malformed, echoed);
        Assert.True(CorrelationIdMiddleware.WellFormed(echoed));
        Assert.Matches("^[0-9a-f]{32}$", echoed);
        Assert.DoesNotContain(_app.Logs.Lines, l => l.AllText.Contains(malformed, StringComparison.Ordinal));
        Assert.All(EndpointLines("Health checks"), l => Assert.Equal(echoed, l.Scope(CorrelationIdMiddleware.ScopeKey)));
    }

    [Fact]
    public async Task EachCircuitHasItsOwnIdInTheScopeOfItsInboundActivity()
    {
        using var factory = LoggerFactory.Create(b => b.AddProvider(_app.Logs).SetMinimumLevel(LogLevel.Debug));
        var log = factory.CreateLogger("CiieBlazor.Tests.Service");
        var first = new CircuitCorrelation(factory.CreateLogger<CircuitCorrelation>());
        var second = new CircuitCorrelation(factory.CreateLogger<CircuitCorrelation>());
        Assert.NotEqual(first.Id, second.Id);

        // What Blazor does for an event, a JS interop call or a navigation: runs it through the handler.
        var activity = first.CreateInboundActivityHandler(async _ =>
        {
            log.LogInformation("before await");
            await Task.Yield();
            log.LogInformation("after await");
        });
        await activity(null!);
        log.LogInformation("outside any activity");

        var lines = _app.Logs.Lines.Where(l => l.Category == "CiieBlazor.Tests.Service").ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal([first.Id, first.Id, null], lines.Select(l => l.Scope(CircuitCorrelation.ScopeKey)));
    }

    [Fact]
    public void TheAppGivesEveryCircuitScopeItsOwnHandler()
    {
        using var one = _app.Host.Services.CreateScope();
        using var two = _app.Host.Services.CreateScope();
        var a = Assert.Single(one.ServiceProvider.GetServices<CircuitHandler>().OfType<CircuitCorrelation>());
        var b = Assert.Single(two.ServiceProvider.GetServices<CircuitHandler>().OfType<CircuitCorrelation>());
        Assert.NotEqual(a.Id, b.Id);
        Assert.Contains(one.ServiceProvider.GetServices<CircuitHandler>(), h => h is CircuitCounter); // the counter is still there
    }

    public void Dispose() => _app.Dispose();
}
