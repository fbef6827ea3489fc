using System.Diagnostics;

namespace CiieBlazor.Bench;

/// <summary>Runs an operation repeatedly (after a warm-up) and reports server-side percentiles in milliseconds.</summary>
public static class Stats
{
    public sealed record Result(string Name, double P50, double P95, double P99, double Max, int Rows, string Note);

    public static async Task<Result> MeasureAsync(string name, int iterations, Func<Task<(int Rows, string Note)>> run)
    {
        (int Rows, string Note) last = default;
        for (var i = 0; i < Math.Max(3, iterations / 10); i++) last = await run();
        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            last = await run();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return new Result(name, Percentile(times, 0.50), Percentile(times, 0.95), Percentile(times, 0.99), times[^1], last.Rows, last.Note ?? "");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
