using System.Diagnostics;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CiieBlazor.App.Hosting;

/// <summary>
/// One id per request: the caller's <c>X-Correlation-Id</c> when it is well formed (1-64 of <c>A-Z a-z 0-9 - _ . :</c>),
/// otherwise the request's W3C trace id (or its TraceIdentifier). Echoed in the response header and held in a log scope
/// <c>{CorrelationId}</c> for everything logged while the request runs. A malformed header is replaced, never echoed.
/// </summary>
public sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public const string Header = "X-Correlation-Id";
    public const string ScopeKey = "CorrelationId";
    public const int MaxLength = 64;

    public async Task InvokeAsync(HttpContext http)
    {
        var given = http.Request.Headers[Header].ToString();
        var id = WellFormed(given) ? given : Activity.Current?.TraceId.ToHexString() ?? http.TraceIdentifier;
        http.Response.Headers[Header] = id;
        using (logger.BeginScope(new CorrelationScope(ScopeKey, id)))
        {
            await next(http);
        }
    }

    public static bool WellFormed(string? value) =>
        value is { Length: > 0 and <= MaxLength } && value.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.' or ':');
}

/// <summary>
/// A log scope of one named id: structured (<c>{"CorrelationId":"…"}</c> in the JSON console output) and readable
/// (<c>CorrelationId:…</c> in the simple one).
/// </summary>
public sealed class CorrelationScope(string key, string id) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public KeyValuePair<string, object?> this[int index] => index == 0 ? new(key, id) : throw new ArgumentOutOfRangeException(nameof(index));
    public int Count => 1;
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() { yield return this[0]; }
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    public override string ToString() => $"{key}:{id}";
}

/// <summary>
/// One per Blazor circuit (scoped: the circuit's own service scope): gives the circuit an id of its own (not Blazor's
/// circuit id, which the browser presents to reconnect) and opens a log scope <c>{CircuitId}</c> around each inbound
/// activity (events, JS interop calls, navigation), so what services log while handling them carries it.
/// </summary>
public sealed class CircuitCorrelation(ILogger<CircuitCorrelation> logger) : CircuitHandler
{
    public const string ScopeKey = "CircuitId";

    public string Id { get; } = "c-" + Guid.NewGuid().ToString("N")[..16];

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            using (logger.BeginScope(new CorrelationScope(ScopeKey, Id)))
            {
                await next(context);
            }
        };

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        using (logger.BeginScope(new CorrelationScope(ScopeKey, Id)))
        {
            logger.LogDebug("Circuit opened.");
        }
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        using (logger.BeginScope(new CorrelationScope(ScopeKey, Id)))
        {
            logger.LogDebug("Circuit closed.");
        }
        return Task.CompletedTask;
    }
}
