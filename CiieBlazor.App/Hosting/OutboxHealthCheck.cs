using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CiieBlazor.App.Hosting;

/// <summary>Thresholds of the outbox check (section <c>Health</c>).</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>Degraded when more messages than this are due and not sent.</summary>
    public int OutboxBacklogDegraded { get; set; } = 500;

    /// <summary>Degraded when the oldest message due and not sent was written longer ago than this.</summary>
    public double OutboxOldestDegradedMinutes { get; set; } = 15;
}

/// <summary>
/// /healthz "outbox": how many SMS/email messages are due and not sent (the dispatcher's own condition,
/// <see cref="OutboxDispatcher.Due"/>), and how old the oldest of them is. Degraded above <see cref="HealthOptions"/>; one COUNT and
/// one ordered TOP 1 over the index on (SentAt, NextAttemptAt). Given-up messages (no attempts left) are counted apart.
/// Only counts and ages: never a recipient or a body.
/// </summary>
public sealed class OutboxHealthCheck(IDbContextFactory<AppDbContext> dbs, TimeProvider clock, IOptionsMonitor<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limits = options.CurrentValue;
        var now = clock.GetUtcNow();
        try
        {
            await using var db = await dbs.CreateDbContextAsync(cancellationToken);
            var due = db.Outbox.AsNoTracking().Where(OutboxDispatcher.Due(now));
            var dueCount = await due.CountAsync(cancellationToken);
            var oldest = dueCount == 0 ? null
                : await due.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            var gaveUp = await db.Outbox.AsNoTracking().CountAsync(m => m.SentAt == null && m.Attempts >= OutboxDispatcher.MaxAttempts, cancellationToken);
            var age = oldest is { } o ? now - o : TimeSpan.Zero;
            if (age < TimeSpan.Zero) age = TimeSpan.Zero;
            var data = new Dictionary<string, object>
            {
                ["due"] = dueCount,
                ["oldestDueAgeSeconds"] = (long)age.TotalSeconds,
                ["gaveUp"] = gaveUp,
                ["backlogDegraded"] = limits.OutboxBacklogDegraded,
                ["oldestDegradedMinutes"] = limits.OutboxOldestDegradedMinutes,
            };
            var summary = $"{dueCount} message(s) due and not sent, oldest {(long)age.TotalMinutes} min";
            if (dueCount > limits.OutboxBacklogDegraded) return HealthCheckResult.Degraded($"outbox backlog: {summary}", data: data);
            if (age > TimeSpan.FromMinutes(limits.OutboxOldestDegradedMinutes)) return HealthCheckResult.Degraded($"outbox late: {summary}", data: data);
            return HealthCheckResult.Healthy(summary, data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The database check says the database is away; this one only says it could not count.
            return HealthCheckResult.Degraded("outbox not counted: database not reachable");
        }
    }
}
