using System.Net;
using System.Text.Json;
using CiieBlazor.App.Data;
using CiieBlazor.Load;
using CiieBlazor.Tests.TestSupport;

namespace CiieBlazor.Tests.Scale;

/// <summary>
/// The load driver's circuit (CiieBlazor.Load) against the real app in its own process: it signs in through the login
/// form, starts a circuit from the prerendered markers, finds the address input's handlers in the render batches,
/// types, and sees the page's autosave turn to 已保存 — and what it typed is what the server saved. The driver's
/// figures are only worth something if this holds.
/// </summary>
[Trait("Database", "SqliteOnly")] // the app process runs on its own SQLite file in both passes; once is enough
public sealed class HeadlessCircuitDriver : IAsyncLifetime
{
    private AppProcess _app = default!;

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ACircuitTypesIntoTheOrganisationFormAndTheAutosaveStoresWhatItTyped()
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });
        var session = new WebSession(http, _app.Url);
        await session.SignInAsync(DemoSeeder.OtherVisitorCode, DemoSeeder.Password);
        var stats = new LoadStats { Recording = true };
        await using var circuit = new HeadlessCircuit(session, LoadRun.FormPath, stats);
        await circuit.StartAsync(CancellationToken.None);
        var input = await circuit.WaitForAsync(LoadRun.Field, "input", TimeSpan.FromSeconds(30), CancellationToken.None);

        var value = "";
        foreach (var key in "tianhe")
        {
            await circuit.TypeAsync(input, value, value + key, key, CancellationToken.None);
            value += key;
        }

        // The autosave ticks every 5 s: within two ticks the circuit sees 已保存.
        var until = DateTime.UtcNow.AddSeconds(15);
        while (stats.Autosaves == 0 && DateTime.UtcNow < until) await Task.Delay(100);
        Assert.True(stats.Autosaves >= 1, "the page never showed 已保存");
        Assert.Equal(0, stats.Errors);
        Assert.Equal(6 * 3, stats.EventsSent); // keydown, input, keyup per key, as the page listens to them
        Assert.Equal(stats.EventsSent, stats.Rendered); // every event answered by a render batch
        Assert.All(stats.Recorded(), ms => Assert.InRange(ms, 0, 10_000));

        // A new page load (prerendered from the saved draft) shows the typed address.
        var again = await session.GetPageAsync(LoadRun.FormPath);
        Assert.Contains("value=\"tianhe\"", again);

        using var metrics = JsonDocument.Parse(await http.GetStringAsync($"{_app.Url}/metrics"));
        Assert.True(metrics.RootElement.GetProperty("circuits").GetProperty("open").GetInt64() >= 1);
        Assert.True(metrics.RootElement.GetProperty("autosave").GetProperty("rowsWritten").GetInt64() >= 1);
    }

    [Fact]
    public async Task TheDriverRefusesAWrongPasswordWithTheLoginPagesMessage()
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false });
        var session = new WebSession(http, _app.Url);
        var error = await Assert.ThrowsAsync<LoadException>(() => session.SignInAsync(DemoSeeder.OtherVisitorCode, "wrong-password"));
        Assert.Contains("answered 200", error.Message);
        Assert.Contains("密码", error.Message);
    }

    [Fact]
    public async Task MetricsAnswerLoopbackCallersOnly()
    {
        using var http = new HttpClient();
        var local = await http.GetAsync($"{_app.Url}/metrics?collect=true");
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        using var json = JsonDocument.Parse(await local.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("memory").GetProperty("gcHeapBytes").GetInt64() > 0);

        // Through the in-process test server the caller has no loopback address: refused.
        using var app = new TestApp();
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/metrics")).StatusCode);
    }
}
