using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace CiieBlazor.Bench;

/// <summary>
/// The app's log lines, written to a file instead of the console (as a server's log goes to a file or journal, not to a
/// terminal that tens of thousands of lines would flood): formatted on the calling thread like the console logger does,
/// written by one background task.
/// </summary>
public sealed class FileLog : ILoggerProvider
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private long _count;

    public FileLog(string path)
    {
        Path = path;
        _writer = Task.Run(async () =>
        {
            await using var file = new StreamWriter(path, append: false);
            await foreach (var line in _lines.Reader.ReadAllAsync()) await file.WriteLineAsync(line);
        });
    }

    public string Path { get; }
    public long Count => Interlocked.Read(ref _count);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
        _lines.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
    }

    private sealed class Logger(FileLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        // The levels themselves are the app's configuration (appsettings.json); the logging filters apply before this.
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Interlocked.Increment(ref owner._count);
            owner._lines.Writer.TryWrite($"{DateTimeOffset.UtcNow:O} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
        }
    }
}
