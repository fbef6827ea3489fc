namespace CiieBlazor.Load;

// The headless circuit load driver (issue 9). Run it in Release against the app published by scripts/load.sh:
//   dotnet run -c Release --project CiieBlazor.Load -- seed [--organisations 10000] [--work dir]
//   dotnet run -c Release --project CiieBlazor.Load -- run  --url http://127.0.0.1:5300 [--circuits N] [--first K]
//        [--seconds S] [--keystroke seconds-between-keystrokes] [--ramp-parallel P] [--chromium PAGES] [--path /page]
public static class LoadProgram
{
    public static async Task<int> Main(string[] args)
    {
        var command = args.FirstOrDefault();
        var options = LoadOptions.Parse(args.Skip(1).ToArray());
        switch (command)
        {
            case "seed":
                return await LoadSeeder.RunAsync(options);
            case "run":
                return await LoadRun.RunAsync(options);
            default:
                Console.Error.WriteLine("usage: CiieBlazor.Load seed [--organisations N] [--work dir]");
                Console.Error.WriteLine("       CiieBlazor.Load run --url URL [--circuits N] [--first K] [--seconds S] [--keystroke S] [--ramp-parallel P] [--chromium PAGES] [--path /page]");
                return 2;
        }
    }
}
