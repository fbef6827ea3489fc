using CiieBlazor.Bench;

// Benchmarks of CiieBlazor, run in Release against a real database file. Figures go to docs/PERFORMANCE.md.
//   dotnet run -c Release --project CiieBlazor.Bench -- gate [--badges 100000] [--concurrency 64] [--seconds 20] [--db path]
//   dotnet run -c Release --project CiieBlazor.Bench -- grid [--persons 1000000] [--organisations 30000] [--delegations 40] [--iterations 200] [--db path]
var command = args.FirstOrDefault();
var options = BenchOptions.Parse(args.Skip(1).ToArray());
switch (command)
{
    case "grid":
        return await GridBenchmark.RunAsync(options);
    case "gate":
        return await GateBenchmark.RunAsync(args.Skip(1).ToArray());
    default:
        Console.Error.WriteLine("usage: CiieBlazor.Bench gate [--badges N] [--concurrency N] [--seconds N] [--db path] | grid [--persons N] [--organisations N] [--delegations N] [--iterations N] [--db path]");
        return 2;
}
