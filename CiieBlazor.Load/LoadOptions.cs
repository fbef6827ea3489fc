using System.Globalization;

namespace CiieBlazor.Load;

/// <summary>Command-line options of the load driver (<c>--name value</c> pairs; see Program.cs for the list).</summary>
public sealed record LoadOptions
{
    public string Url { get; init; } = "http://127.0.0.1:5300";
    public string Work { get; init; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ciie-load");
    /// <summary>seed: how many visitor organisations to create.</summary>
    public int Organisations { get; init; } = 10_000;
    /// <summary>run: how many circuits to open (organisations 0 … N-1, one circuit each).</summary>
    public int Circuits { get; init; } = 100;
    /// <summary>run: the first organisation to use (so that a second driver or the Chromium pages take others).</summary>
    public int First { get; init; }
    /// <summary>run: sign-ins in parallel while ramping up (each costs the server a full password hash).</summary>
    public int RampParallel { get; init; } = 4;
    /// <summary>run: seconds of steady typing measured after every circuit is up.</summary>
    public int Seconds { get; init; } = 60;
    /// <summary>run: seconds between two keystrokes of one circuit (each keystroke is one input event).</summary>
    public double KeystrokeSeconds { get; init; } = 5;
    /// <summary>run: the page each circuit opens; any other page than the organisation form is held open without typing (to weigh a page's circuit).</summary>
    public string Path { get; init; } = LoadRun.FormPath;
    /// <summary>run: Chromium pages beside the headless circuits (organisations after the circuits').</summary>
    public int Chromium { get; init; }

    public static LoadOptions Parse(string[] args)
    {
        var o = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--url" => o with { Url = Next().TrimEnd('/') },
                "--work" => o with { Work = Next() },
                "--organisations" => o with { Organisations = Int() },
                "--circuits" => o with { Circuits = Int() },
                "--first" => o with { First = Int() },
                "--ramp-parallel" => o with { RampParallel = Int() },
                "--seconds" => o with { Seconds = Int() },
                "--keystroke" => o with { KeystrokeSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--chromium" => o with { Chromium = Int() },
                "--path" => o with { Path = Next() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return o;
    }
}
