using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CiieBlazor.Tests.TestSupport;

/// <summary>
/// The app as a real process on a free loopback port (for browser tests and start-up failures),
/// with its own SQLite file. Stopped and cleaned up on dispose.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private readonly bool _ownsDirectory;

    private AppProcess(Process process, StringBuilder output, string directory, string url, bool ownsDirectory = true)
    {
        _process = process;
        _output = output;
        Directory = directory;
        Url = url;
        _ownsDirectory = ownsDirectory;
    }

    /// <summary>Still running.</summary>
    public bool Running => !_process.HasExited;

    public string Url { get; }
    public string Directory { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static Process StartRaw(string directory, IEnumerable<string> args, StringBuilder output)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(Paths.RepositoryRoot, "CiieBlazor.App"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Paths.AppDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static Task<AppProcess> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ciie-e2e", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return StartAsync(directory, ["--Database:ConnectionString", $"Data Source={Path.Combine(directory, "app.db")}"], ownsDirectory: true);
    }

    /// <summary>
    /// An instance on <paramref name="directory"/> (uploads and keys there; shared when several instances are given the
    /// same one), with these extra settings (the database among them); the directory is left when it is not its own.
    /// </summary>
    public static async Task<AppProcess> StartAsync(string directory, IEnumerable<string> settings, bool ownsDirectory = false)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var output = new StringBuilder();
        var process = StartRaw(directory,
        [
            "--urls", url,
            "--Storage:Root", Path.Combine(directory, "uploads"),
            "--Storage:Keys", Path.Combine(directory, "keys"),
            "--Demo:Seed", "true",
            // Browser suites sign in many times from 127.0.0.1; a test that needs the real limits passes its own (the last wins).
            "--Security:RateLimits:SignIn:PermitLimit", "100000",
            "--Security:RateLimits:Registration:PermitLimit", "100000",
            "--Privacy:RetentionDays", TestApp.PrivacyRetentionDaysForTests,
            "--Privacy:MessageRetentionDays", "3650", "--Privacy:UnusedPhotoDays", "365",
            .. settings,
        ], output);
        var app = new AppProcess(process, output, directory, url, ownsDirectory);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The app exited with {process.ExitCode}:\n{output}");
            try
            {
                if ((await http.GetAsync(url + "/healthz")).StatusCode == HttpStatusCode.OK) return app;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        await app.DisposeAsync();
        throw new TimeoutException($"The app did not answer within 60 s:\n{output}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the process at once, as a crash or a pulled plug would (nothing is flushed, no goodbye to clients).</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        if (!_ownsDirectory) return;
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
