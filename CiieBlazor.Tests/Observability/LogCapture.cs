using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CiieBlazor.Tests.Observability;

/// <summary>One captured log line: what a console formatter with scopes on would print, as parts.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, string? Exception, IReadOnlyList<KeyValuePair<string, string?>> Scopes)
{
    /// <summary>The value of a scope property (the innermost when nested), e.g. CorrelationId.</summary>
    public string? Scope(string key) => Scopes.LastOrDefault(s => s.Key == key).Value;

    /// <summary>Everything of the line as text: message, exception, each scope's properties and its own text.</summary>
    public string AllText => string.Join("\n", [Category, Message, Exception ?? "", .. Scopes.Select(s => $"{s.Key}={s.Value}")]);
}

/// <summary>
/// An in-test logger provider that keeps every line at every level it is given, with the values of the scopes open when
/// it was written (as the console logger's IncludeScopes would print them).
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Lines => _lines.ToArray();

    /// <summary>
    /// Adds this provider to a test app at <paramref name="level"/> for every category (a rule of its own, so the app's
    /// Logging:LogLevel settings, e.g. Microsoft.AspNetCore at Warning, do not hold it back).
    /// </summary>
    public void AddTo(IWebHostBuilder builder, LogLevel level = LogLevel.Debug) =>
        builder.ConfigureTestServices(s => s.AddLogging(l => l.AddProvider(this).AddFilter<LogCapture>(null, level)));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<KeyValuePair<string, string?>>();
            capture._scopes.ForEachScope((scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> properties)
                {
                    foreach (var p in properties) list.Add(new(p.Key, Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)));
                }
                list.Add(new("(scope)", scope?.ToString()));
            }, scopes);
            // The message's own structured values too (a formatter that prints state would show them).
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var p in values) scopes.Add(new("(state)" + p.Key, Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)));
            }
            capture._lines.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), exception?.ToString(), scopes));
        }
    }
}
