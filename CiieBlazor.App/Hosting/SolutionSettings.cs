using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace CiieBlazor.App.Hosting;

public static class SolutionSettings
{
    /// <summary>
    /// The settings files live at the top of the solution (design card). The build copies them next to the
    /// app's binaries; this points the host's default appsettings sources there, keeping their precedence
    /// (environment variables and command line still override them).
    /// </summary>
    public static void UseSolutionSettings(this ConfigurationManager configuration, IHostEnvironment env)
    {
        if (File.Exists(Path.Combine(env.ContentRootPath, "appsettings.json"))) return;
        var dir = new[] { AppContext.BaseDirectory, Path.GetFullPath(Path.Combine(env.ContentRootPath, "..")) }
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "appsettings.json")));
        if (dir is null) return;
        var sources = configuration.Sources;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } json && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase))
            {
                sources[i] = new JsonConfigurationSource
                {
                    FileProvider = new PhysicalFileProvider(dir),
                    Path = path,
                    Optional = json.Optional,
                    ReloadOnChange = false,
                };
            }
        }
    }
}
