using System.Net;
using CiieBlazor.App.Features.Editions;
using CiieBlazor.Tests.TestSupport;

namespace CiieBlazor.Tests.Scale;

/// <summary>
/// PostgreSQL goes away under a running app (every connection cut and new ones refused, as while the server restarts)
/// and comes back: requests fail cleanly meanwhile — /healthz says so, a service call throws, the process lives — and
/// everything works again without restarting the app. Runs in the suite's PostgreSQL pass.
/// </summary>
[Trait("Database", "PostgreSqlOnly")]
public sealed class PostgreSqlOutage : IDisposable
{
    private readonly TestApp _app = new();

    public void Dispose() => _app.Dispose();

    private async Task Admin(string sql)
    {
        var server = TestApp.PostgreSqlServer ?? throw new InvalidOperationException("CIIE_TEST_POSTGRES is not set: this test needs a PostgreSQL server (scripts/test.sh sets it).");
        await using var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task RequestsFailCleanlyWhileTheServerIsAwayAndWorkAgainWhenItIsBack()
    {
        using var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.NotNull(await _app.Get<EditionService>().GetCurrentAsync());
        var name = _app.PostgreSqlDatabase;

        // The server "restarts": new connections are refused and the open ones (the app's pool) are cut.
        await Admin($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false");
        await Admin($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()");
        try
        {
            var health = await client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            using var report = System.Text.Json.JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            Assert.Equal("Unhealthy", report.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
            await Assert.ThrowsAnyAsync<Exception>(() => _app.Get<EditionService>().GetCurrentAsync());
        }
        finally
        {
            await Admin($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true");
        }

        // Back: the same process serves again — the pool drops its cut connections as it meets them and opens new ones.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        HttpStatusCode status;
        while ((status = (await client.GetAsync("/healthz")).StatusCode) != HttpStatusCode.OK && DateTime.UtcNow < deadline) await Task.Delay(250);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(await _app.Get<EditionService>().GetCurrentAsync());
    }
}
