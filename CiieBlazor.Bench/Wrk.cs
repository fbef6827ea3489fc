using System.Diagnostics;
using System.Globalization;

namespace CiieBlazor.Bench;

/// <summary>What a wrk run printed: the values its script's <c>done()</c> wrote as "bench.key value" lines, and wrk's own summary.</summary>
internal sealed record WrkOutput(IReadOnlyDictionary<string, double> Values, string Summary, double Seconds)
{
    public double this[string key] => Values[key];
}

/// <summary>Runs Debian's wrk (<c>apt-get install wrk</c>) as the load generator of the gate and notify benchmarks.</summary>
internal static class Wrk
{
    /// <summary>wrk threads: one per core, at most two (the app needs the rest of the machine).</summary>
    public static int Threads => Math.Max(1, Math.Min(2, Environment.ProcessorCount));

    /// <summary>Lua lines for a script's <c>done()</c>: socket errors and latency percentiles, read back by <see cref="RunAsync"/>.</summary>
    public const string LuaLatencyLines =
        """
        io.write(string.format("bench.errors %d\n", summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
          io.write(string.format("bench.p50us %d\n", latency:percentile(50)))
          io.write(string.format("bench.p99us %d\n", latency:percentile(99)))
          io.write(string.format("bench.maxus %d\n", latency.max))
        """;

    public static bool Available() => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, "wrk")));

    /// <param name="finished">
    /// When given, wrk (which always runs for its whole <c>-d</c>) is interrupted with SIGINT as soon as this says the
    /// work is done; <see cref="WrkOutput.Seconds"/> is the time until then.
    /// </param>
    public static async Task<WrkOutput> RunAsync(IReadOnlyList<string> arguments, Func<bool>? finished = null)
    {
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var wrk = Process.Start(info)!;
        var reading = wrk.StandardOutput.ReadToEndAsync();
        var errors = wrk.StandardError.ReadToEndAsync();
        if (finished is not null)
        {
            while (!finished() && !wrk.HasExited) await Task.Delay(10);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        if (finished is not null && !wrk.HasExited)
        {
            using (Process.Start("kill", ["-INT", wrk.Id.ToString(CultureInfo.InvariantCulture)])!) { }
        }
        var output = await reading;
        await wrk.WaitForExitAsync();
        if (wrk.ExitCode != 0) throw new InvalidOperationException($"wrk exited with {wrk.ExitCode}: {await errors}");
        if (finished is null) seconds = clock.Elapsed.TotalSeconds;

        var lines = output.Split('\n');
        var values = lines.Select(l => l.Trim().Split(' ')).Where(p => p.Length == 2 && p[0].StartsWith("bench.", StringComparison.Ordinal))
            .ToDictionary(p => p[0]["bench.".Length..], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        var summary = string.Join('\n', lines.TakeWhile(l => !l.TrimStart().StartsWith("bench.", StringComparison.Ordinal)));
        return new WrkOutput(values, summary, seconds);
    }
}
