using CiieBlazor.App.Data;
using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CiieBlazor.Tests.Observability;

/// <summary>A <see cref="TestApp"/> with every log line kept at Debug (<see cref="Logs"/>) and whatever else the test adds.</summary>
public sealed class ObservedApp : IDisposable
{
    private readonly TestApp _root = new();

    public ObservedApp(Action<IWebHostBuilder>? configure = null) => Host = _root.WithWebHostBuilder(b =>
    {
        Logs.AddTo(b);
        configure?.Invoke(b);
    });

    public WebApplicationFactory<Program> Host { get; }
    public LogCapture Logs { get; } = new();

    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public AppDbContext Db() => Get<IDbContextFactory<AppDbContext>>().CreateDbContext();

    public void Dispose()
    {
        Host.Dispose();
        _root.Dispose();
    }
}
