using CiieBlazor.Bench;

// Benchmarks of CiieBlazor, run in Release against a real database file. Figures go to docs/PERFORMANCE.md.
//   dotnet run -c Release --project CiieBlazor.Bench -- gate [--badges 100000] [--concurrency 64] [--seconds 20] [--client dotnet|wrk] [--db path | --postgres server]
//   dotnet run -c Release --project CiieBlazor.Bench -- grid [--persons 1000000] [--organisations 30000] [--delegations 40] [--iterations 200] [--db path | --postgres server]
//   dotnet run -c Release --project CiieBlazor.Bench -- notify [--orders 20000] [--concurrency 64] [--client dotnet|wrk] [--db path | --postgres server]
//   dotnet run -c Release --project CiieBlazor.Bench -- autosave [--forms 50000] [--seconds 30] [--db path]
var command = args.FirstOrDefault();
var rest = args.Skip(1).ToArray();
switch (command)
{
    case "grid":
        return await GridBenchmark.RunAsync(BenchOptions.Parse(rest));
    case "gate":
        return await GateBenchmark.RunAsync(rest);
    case "autosave":
        return await AutosaveBenchmark.RunAsync(rest);
    case "notify":
        return await NotifyBenchmark.RunAsync(NotifyOptions.Parse(rest));
    default:
        Console.Error.WriteLine("usage: CiieBlazor.Bench grid [--persons N] [--organisations N] [--delegations N] [--iterations N] [--db path | --postgres server]");
        Console.Error.WriteLine("       CiieBlazor.Bench gate [--badges N] [--concurrency N] [--seconds N] [--client dotnet|wrk] [--db path | --postgres server]");
        Console.Error.WriteLine("       CiieBlazor.Bench autosave [--forms N] [--seconds N] [--db path]");
        Console.Error.WriteLine("       CiieBlazor.Bench notify [--orders N] [--concurrency C] [--client dotnet|wrk] [--db path | --postgres server]");
        return 2;
}
