using CiieBlazor.App.Data;
using CiieBlazor.Domain.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CiieBlazor.App.Features.Payments;

/// <summary>Configuration "Payments:Reconciliation".</summary>
public sealed class ReconciliationOptions
{
    public const string Section = "Payments:Reconciliation";

    public bool Enabled { get; set; } = true;

    /// <summary>How often pending attempts are looked at.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An attempt is asked about once it is this old without a notification (the provider's own retries come first).</summary>
    public TimeSpan MinAge { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>At most this many attempts per pass, oldest first.</summary>
    public int BatchSize { get; set; } = 200;
}

/// <summary>What one reconciliation pass did.</summary>
public sealed record ReconciliationPass(int Checked, int Applied, int Expired, int Failed);

/// <summary>
/// 对账: a notification can be lost for good (our site down through every retry, a provider bug). This asks the provider
/// about attempts still pending after a while and applies what it says — paid attempts go through the same exactly-once
/// path as notifications; attempts the provider never saw paid are marked expired once their time is up.
/// </summary>
public sealed class PaymentReconciler(
    IDbContextFactory<AppDbContext> dbs,
    IPaymentProvider provider,
    PaymentService payments,
    TimeProvider clock,
    IOptions<ReconciliationOptions> options,
    ILogger<PaymentReconciler> logger)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>One pass over the pending attempts older than <see cref="ReconciliationOptions.MinAge"/>.</summary>
    public async Task<ReconciliationPass> RunOnceAsync(CancellationToken ct = default)
    {
        await _oneAtATime.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            var cutoff = now - options.Value.MinAge;
            List<(Guid Id, string? TransactionId, DateTimeOffset ExpiresAt)> pending;
            await using (var db = await dbs.CreateDbContextAsync(ct))
            {
                pending = (await db.PaymentAttempts.AsNoTracking()
                        .Where(a => a.Status == PaymentAttemptStatus.Pending && a.CreatedAt <= cutoff)
                        .OrderBy(a => a.CreatedAt).Take(options.Value.BatchSize)
                        .Select(a => new { a.Id, a.ProviderTransactionId, a.ExpiresAt }).ToListAsync(ct))
                    .Select(a => (a.Id, a.ProviderTransactionId, a.ExpiresAt)).ToList();
            }
            int applied = 0, expired = 0, failed = 0;
            foreach (var (id, transactionId, expiresAt) in pending)
            {
                try
                {
                    var status = await provider.QueryAsync(id, transactionId, ct);
                    if (status is { State: ProviderTradeState.Paid, Payment: { } paid })
                    {
                        var result = await payments.ApplyNotificationAsync(paid, ct);
                        if (result.Acknowledge) applied++;
                        else failed++;
                        logger.LogWarning("Reconciliation: attempt {Attempt} was paid without a notification reaching us; {Outcome} {Reason}", id, result.Outcome, result.Reason);
                    }
                    else if (clock.GetUtcNow() >= expiresAt && await payments.ExpireAsync(id, ct))
                    {
                        expired++;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failed++;
                    logger.LogError(ex, "Reconciliation of attempt {Attempt} failed.", id);
                }
            }
            if (pending.Count > 0)
                logger.LogInformation("Reconciliation: {Checked} pending attempts checked, {Applied} paid, {Expired} expired, {Failed} failed.", pending.Count, applied, expired, failed);
            return new ReconciliationPass(pending.Count, applied, expired, failed);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}

/// <summary>Runs <see cref="PaymentReconciler"/> every <see cref="ReconciliationOptions.Interval"/> (on the app's TimeProvider).</summary>
public sealed class PaymentReconciliationLoop(PaymentReconciler reconciler, TimeProvider clock, IOptions<ReconciliationOptions> options,
    ILogger<PaymentReconciliationLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.Interval, clock, stoppingToken);
                await reconciler.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Payment reconciliation pass failed; trying again next interval.");
            }
        }
    }
}
