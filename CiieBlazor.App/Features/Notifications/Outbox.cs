using CiieBlazor.App.Data;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Notifications;

public sealed record OutgoingMessage(Guid Id, MessageChannel Channel, string Recipient, string Subject, string Body);

public interface ISmsSender
{
    Task SendAsync(OutgoingMessage message, CancellationToken ct);
}

public interface IEmailSender
{
    Task SendAsync(OutgoingMessage message, CancellationToken ct);
}

/// <summary>
/// Default sender for both channels while no SMS gateway or mail server is configured: it records what would
/// have been delivered, where operators read it on the outbox page (and a demo user finds their code).
/// Like a real gateway given a client message id, it accepts a message it already delivered without delivering it
/// again (the dispatcher sends it again when its answer was lost).
/// </summary>
public sealed class RecordingSender(IDbContextFactory<AppDbContext> dbs, TimeProvider clock) : ISmsSender, IEmailSender
{
    public async Task SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.DeliveredMessages.AnyAsync(d => d.OutboxMessageId == message.Id, ct)) return;
        db.DeliveredMessages.Add(new DeliveredMessage
        {
            OutboxMessageId = message.Id,
            Channel = message.Channel,
            Recipient = message.Recipient,
            Subject = message.Subject,
            Body = message.Body,
            DeliveredAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Writes messages into the outbox of the caller's unit of work (sent after that save commits).</summary>
public static class OutboxWriter
{
    public static OutboxMessage Add(AppDbContext db, MessageChannel channel, string recipient, string subject, string body, string kind,
        Guid? organisationId, DateTimeOffset now)
    {
        var message = new OutboxMessage
        {
            Channel = channel,
            Recipient = recipient,
            Subject = subject,
            Body = body,
            Kind = kind,
            OrganisationId = organisationId,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.Outbox.Add(message);
        return message;
    }
}

/// <summary>
/// Sends what the outbox holds: woken right after a save that wrote messages, and every few seconds anyway.
/// A failing sender is retried with growing pauses (up to 10 attempts); nothing is lost while it is down.
/// </summary>
public sealed class OutboxDispatcher(
    IDbContextFactory<AppDbContext> dbs,
    ISmsSender sms,
    IEmailSender email,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    public const int MaxAttempts = 10;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public void Wake()
    {
        if (_signal.CurrentCount == 0) _signal.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Outbox dispatch failed; retrying shortly.");
            }
            try
            {
                await _signal.WaitAsync(TimeSpan.FromSeconds(3), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends every due message once; returns how many were sent.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct = default)
    {
        // One pass at a time in this process: two passes would send the same message twice.
        await _oneAtATime.WaitAsync(ct);
        try
        {
            return await DispatchPassAsync(ct);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>
    /// Messages sent are marked in one commit per <see cref="MarkEvery"/> (and at the end of the pass): a crash between a
    /// send and its commit sends up to that many again, each with the same message id for the gateway to recognise.
    /// </summary>
    public const int MarkEvery = 20;

    /// <summary>A message the dispatcher takes at <paramref name="now"/>: not sent, attempts left, its next attempt reached
    /// (also what /healthz counts as the backlog).</summary>
    public static System.Linq.Expressions.Expression<Func<OutboxMessage, bool>> Due(DateTimeOffset now) =>
        m => m.SentAt == null && m.Attempts < MaxAttempts && m.NextAttemptAt <= now;

    /// <summary>A message the dispatcher was done with before <paramref name="before"/>: sent, or given up after its last attempt.</summary>
    public static System.Linq.Expressions.Expression<Func<OutboxMessage, bool>> FinishedBefore(DateTimeOffset before) =>
        m => (m.SentAt != null && m.SentAt < before) || (m.SentAt == null && m.Attempts >= MaxAttempts && m.CreatedAt < before);

    private async Task<int> DispatchPassAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var due = await db.Outbox
            .Where(Due(now))
            .OrderBy(m => m.CreatedAt).Take(100).ToListAsync(ct);
        var sent = 0;
        var unmarked = 0;
        foreach (var message in due)
        {
            var outgoing = new OutgoingMessage(message.Id, message.Channel, message.Recipient, message.Subject, message.Body);
            try
            {
                await (message.Channel == MessageChannel.Sms ? sms.SendAsync(outgoing, ct) : email.SendAsync(outgoing, ct));
                message.SentAt = clock.GetUtcNow();
                message.LastError = null;
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                message.Attempts++;
                message.LastError = ex.Message.Length > 500 ? ex.Message[..500] : ex.Message;
                message.NextAttemptAt = clock.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(600, Math.Pow(2, message.Attempts) * 5));
                // A gateway's error often quotes the number or address: the log gets it masked (the outbox row keeps it whole).
                var error = message.Recipient.Length == 0 ? ex.Message
                    : ex.Message.Replace(message.Recipient, Accounts.VerificationCodeService.Mask(message.Channel, message.Recipient), StringComparison.OrdinalIgnoreCase);
                logger.LogWarning("Sending {Channel} message {Id} failed (attempt {Attempt}): {Error}", message.Channel, message.Id, message.Attempts, error);
            }
            if (message.SentAt is not null) message.Attempts++;
            if (++unmarked == MarkEvery)
            {
                await PreparedSave.SaveAsync(db, "outbox", ct);
                unmarked = 0;
            }
        }
        if (unmarked > 0) await PreparedSave.SaveAsync(db, "outbox", ct);
        return sent;
    }
}
