using System.Net;
using System.Text.Json;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Notifications;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CiieBlazor.Tests.Observability;

/// <summary>
/// /healthz reports the outbox: messages due and not sent, the age of the oldest, Degraded above Health:OutboxBacklogDegraded
/// (3 here) or Health:OutboxOldestDegradedMinutes (15); a JSON body with each check, no recipient or body in it. The SMS
/// gateway and mail server are "stuck" (a send never returns), so what the test writes stays due.
/// </summary>
public sealed class OutboxBacklogOnHealthz : IDisposable
{
    private const string Recipient = "13566778899";
    private readonly ObservedApp _app;
    private readonly StuckSender _stuck = new();

    public OutboxBacklogOnHealthz()
    {
        _app = new ObservedApp(b =>
        {
            b.UseSetting("Health:OutboxBacklogDegraded", "3");
            b.UseSetting("Health:OutboxOldestDegradedMinutes", "15");
            b.ConfigureTestServices(s =>
            {
                s.AddSingleton<ISmsSender>(_stuck);
                s.AddSingleton<IEmailSender>(_stuck);
            });
        });
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, string Text)> HealthAsync()
    {
        using var client = _app.Host.CreateClient();
        using var response = await client.GetAsync("/healthz");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    private async Task AddMessagesAsync(int count, TimeSpan age, TimeSpan? nextAttemptIn = null, bool sent = false, int attempts = 0)
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = _app.Db();
        for (var i = 0; i < count; i++)
        {
            db.Outbox.Add(new OutboxMessage
            {
                Channel = MessageChannel.Sms, Recipient = Recipient, Subject = "验证码", Body = "您的验证码 123456", Kind = "Test",
                CreatedAt = now - age, NextAttemptAt = now + (nextAttemptIn ?? -age), SentAt = sent ? now : null, Attempts = attempts,
            });
        }
        await db.SaveChangesAsync();
    }

    private static JsonElement Outbox(JsonElement body) => body.GetProperty("checks").GetProperty("outbox");

    [Fact]
    public async Task AnEmptyOutboxIsHealthyAndTheBodyListsEveryCheck()
    {
        var (status, body, _) = await HealthAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        foreach (var check in new[] { "database", "redis", "outbox" })
        {
            var entry = body.GetProperty("checks").GetProperty(check);
            Assert.Equal("Healthy", entry.GetProperty("status").GetString());
            Assert.False(string.IsNullOrEmpty(entry.GetProperty("description").GetString()));
        }
        var data = Outbox(body).GetProperty("data");
        Assert.Equal((0, 0, 3), (data.GetProperty("due").GetInt32(), data.GetProperty("gaveUp").GetInt32(), data.GetProperty("backlogDegraded").GetInt32()));
    }

    [Fact]
    public async Task MoreDueMessagesThanTheLimitIsDegradedWithTheCountsButNoRecipient()
    {
        await AddMessagesAsync(4, TimeSpan.FromMinutes(1));

        var (status, body, text) = await HealthAsync();

        Assert.Equal(HttpStatusCode.OK, status); // Degraded still answers 200
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        Assert.Equal("Degraded", Outbox(body).GetProperty("status").GetString());
        Assert.Contains("backlog", Outbox(body).GetProperty("description").GetString());
        var data = Outbox(body).GetProperty("data");
        Assert.Equal(4, data.GetProperty("due").GetInt32());
        Assert.InRange(data.GetProperty("oldestDueAgeSeconds").GetInt64(), 55, 120);
        Assert.DoesNotContain(Recipient, text);
        Assert.DoesNotContain("123456", text);
    }

    [Fact]
    public async Task AnOldDueMessageIsDegradedThoughTheBacklogIsSmall()
    {
        await AddMessagesAsync(1, TimeSpan.FromMinutes(20));

        var (status, body, _) = await HealthAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", Outbox(body).GetProperty("status").GetString());
        Assert.Contains("late", Outbox(body).GetProperty("description").GetString());
        var data = Outbox(body).GetProperty("data");
        Assert.Equal(1, data.GetProperty("due").GetInt32());
        Assert.InRange(data.GetProperty("oldestDueAgeSeconds").GetInt64(), 20 * 60, 22 * 60);
    }

    [Fact]
    public async Task SentNotYetDueAndGivenUpMessagesAreNotDue()
    {
        await AddMessagesAsync(5, TimeSpan.FromHours(2), sent: true);
        await AddMessagesAsync(5, TimeSpan.FromHours(2), nextAttemptIn: TimeSpan.FromMinutes(5), attempts: 3); // retrying later
        await AddMessagesAsync(2, TimeSpan.FromHours(2), attempts: OutboxDispatcher.MaxAttempts); // given up

        var (status, body, _) = await HealthAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", Outbox(body).GetProperty("status").GetString());
        var data = Outbox(body).GetProperty("data");
        Assert.Equal((0, 2), (data.GetProperty("due").GetInt32(), data.GetProperty("gaveUp").GetInt32()));
    }

    [Fact]
    public void TheModelIndexesTheColumnsTheCheckFilters()
    {
        using var db = _app.Db();
        var indexes = db.Model.FindEntityType(typeof(OutboxMessage))!.GetIndexes().Select(i => string.Join(",", i.Properties.Select(p => p.Name)));
        Assert.Contains("SentAt,NextAttemptAt", indexes);
    }

    [Fact]
    [Trait("Database", "SqliteOnly")] // SQLite's query plan
    public async Task TheDueCountIsAnIndexSearch()
    {
        await using var db = _app.Db();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM Outbox WHERE SentAt IS NULL AND NextAttemptAt <= 0 AND Attempts < 10";
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) plan.Add(reader.GetString(reader.GetOrdinal("detail")));
        }
        Assert.Contains(plan, p => p.Contains("USING INDEX IX_Outbox_SentAt_NextAttemptAt", StringComparison.Ordinal));
    }

    public void Dispose() => _app.Dispose();

    /// <summary>A gateway that takes the message and never answers (until the app stops).</summary>
    private sealed class StuckSender : ISmsSender, IEmailSender
    {
        public Task SendAsync(OutgoingMessage message, CancellationToken ct) => Task.Delay(Timeout.Infinite, ct);
    }
}
