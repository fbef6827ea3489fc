namespace CiieBlazor.Bench;

public sealed record BenchOptions(int Persons, int Organisations, int Delegations, int Iterations, string Database)
{
    public static BenchOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var persons = int.Parse(Value("persons", "1000000"));
        var organisations = int.Parse(Value("organisations", "30000"));
        var delegations = int.Parse(Value("delegations", "40"));
        var db = Value("db", Path.Combine(Path.GetTempPath(), $"ciie-bench-{persons}-{organisations}-{delegations}.db"));
        return new BenchOptions(persons, organisations, delegations, int.Parse(Value("iterations", "200")), Path.GetFullPath(db));
    }
}
