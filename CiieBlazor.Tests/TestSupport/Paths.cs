namespace CiieBlazor.Tests.TestSupport;

public static class Paths
{
    /// <summary>The folder holding CiieBlazor.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The App's build output of the same configuration as the tests (Debug or Release).</summary>
    public static string AppDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
            var dll = Path.Combine(RepositoryRoot, "CiieBlazor.App", "bin", configuration, "net10.0", "CiieBlazor.App.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the App first.", dll);
        }
    }

    /// <summary>Where tests leave screenshots and other artefacts (git-ignored).</summary>
    public static string Artefacts
    {
        get
        {
            var dir = Path.Combine(RepositoryRoot, "artifacts", "test");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CiieBlazor.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("CiieBlazor.sln not found above " + AppContext.BaseDirectory);
    }
}
