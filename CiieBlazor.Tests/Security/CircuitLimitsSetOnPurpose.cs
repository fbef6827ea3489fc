using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CiieBlazor.Tests.Security;

/// <summary>The circuit and request limits of ServiceRegistration.cs as the running app resolves them, and that a
/// deployment can change them under Security:Circuits / Security:MaxRequestBodyBytes.</summary>
public sealed class CircuitLimitsSetOnPurpose : IDisposable
{
    private readonly TestApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public void TheDefaultsAreTheChosenValues()
    {
        var circuits = _app.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;
        Assert.Equal(100, circuits.DisconnectedCircuitMaxRetained);
        Assert.Equal(TimeSpan.FromMinutes(3), circuits.DisconnectedCircuitRetentionPeriod);
        Assert.Equal(TimeSpan.FromMinutes(1), circuits.JSInteropDefaultCallTimeout);
        Assert.Equal(10, circuits.MaxBufferedUnacknowledgedRenderBatches);
        Assert.Equal(1024 * 1024, _app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.MaxRequestBodySize);
    }

    [Fact]
    public void ConfigurationOverridesThem()
    {
        using var tuned = _app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Security:Circuits:DisconnectedCircuitMaxRetained", "500");
            b.UseSetting("Security:Circuits:DisconnectedCircuitRetentionPeriod", "00:10:00");
            b.UseSetting("Security:MaxRequestBodyBytes", "2048");
        });
        var circuits = tuned.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;
        Assert.Equal(500, circuits.DisconnectedCircuitMaxRetained);
        Assert.Equal(TimeSpan.FromMinutes(10), circuits.DisconnectedCircuitRetentionPeriod);
        Assert.Equal(10, circuits.MaxBufferedUnacknowledgedRenderBatches); // untouched
        Assert.Equal(2048, tuned.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.MaxRequestBodySize);
    }
}
