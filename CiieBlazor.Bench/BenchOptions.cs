namespace CiieBlazor.Bench;

/// <summary>"--name value" pairs of the command line.</summary>
public static class BenchArgs
{
    public static string Value(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}

/// <param name="PostgreSql">A PostgreSQL server (a connection string without a database): the population lives in a database
/// ciie_bench_grid_{persons}_{organisations}_{delegations} there, kept between runs like the SQLite file.</param>
public sealed record BenchOptions(int Persons, int Organisations, int Delegations, int Iterations, string Database, string? PostgreSql = null)
{
    public string PostgreSqlDatabase => $"ciie_bench_grid_{Persons}_{Organisations}_{Delegations}";

    public static BenchOptions Parse(string[] args)
    {
        var persons = int.Parse(BenchArgs.Value(args, "persons", "1000000"));
        var organisations = int.Parse(BenchArgs.Value(args, "organisations", "30000"));
        var delegations = int.Parse(BenchArgs.Value(args, "delegations", "40"));
        var db = BenchArgs.Value(args, "db", Path.Combine(Path.GetTempPath(), $"ciie-bench-{persons}-{organisations}-{delegations}.db"));
        var postgres = BenchArgs.Value(args, "postgres", "") is { Length: > 0 } server ? server : null;
        return new BenchOptions(persons, organisations, delegations, int.Parse(BenchArgs.Value(args, "iterations", "200")), Path.GetFullPath(db), postgres);
    }
}

/// <param name="Orders">Orders awaiting payment, each paid by one valid notification.</param>
/// <param name="Concurrency">Concurrent HTTP connections of the load generator.</param>
/// <param name="Database">A fresh SQLite file (deleted and seeded again on every run).</param>
/// <param name="Direct">Diagnostics: verify and apply in process (the endpoint's two calls) without HTTP, to tell the HTTP share from the rest.</param>
/// <param name="PerNotice">With <paramref name="Direct"/>: apply each notice on its own (PaymentService.ApplyNotificationAsync, the path before batching), for comparison.</param>
/// <param name="PostgreSql">A PostgreSQL server (a connection string without a database): the run uses a fresh database on it instead of the SQLite file.</param>
/// <param name="Warmup">Orders paid first, with the same mix and the same load generator, before the clock starts: the process is
/// warm (JIT tiers, pools, caches) as a server that has been up for a while, not just started.</param>
/// <param name="DropIndexes">Diagnostics: indexes dropped from the bench's database after seeding, to price what each costs the write path.</param>
public sealed record NotifyOptions(int Orders, int Concurrency, string Database, bool Direct, bool PerNotice, bool Wrk, string? PostgreSql, int Warmup,
    string[] DropIndexes)
{
    public static NotifyOptions Parse(string[] args) => new(
        int.Parse(BenchArgs.Value(args, "orders", "20000")),
        int.Parse(BenchArgs.Value(args, "concurrency", "64")),
        Path.GetFullPath(BenchArgs.Value(args, "db", Path.Combine(Path.GetTempPath(), "ciie-bench-notify.db"))),
        args.Contains("--direct") || args.Contains("--per-notice"),
        args.Contains("--per-notice"),
        BenchArgs.Value(args, "client", "dotnet") switch
        {
            "dotnet" => false,
            "wrk" => true,
            var other => throw new ArgumentException($"--client {other}: dotnet or wrk"),
        },
        BenchArgs.Value(args, "postgres", "") is { Length: > 0 } server ? server : null,
        int.Parse(BenchArgs.Value(args, "warmup", "10000")),
        BenchArgs.Value(args, "drop-index", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
