using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Notifications;

public sealed record OutboxRow(Guid Id, MessageChannel Channel, string Recipient, string Subject, string Body, string Kind,
    DateTimeOffset CreatedAt, DateTimeOffset? SentAt, int Attempts, string? LastError);

/// <summary>The outbox page: what was (or will be) sent by SMS and email, newest first.</summary>
public sealed class OutboxQueries(IDbContextFactory<AppDbContext> dbs, AccessGuard access)
{
    public async Task<IReadOnlyList<OutboxRow>> ListAsync(Actor actor, string? recipient, int take = 200, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Operator, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var query = db.Outbox.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(recipient))
        {
            // Recipients are encrypted at rest: a whole phone number or email address is found through its blind index
            // (a scan: the column is not indexed, to keep the payment path's outbox inserts cheap).
            var index = db.RecipientIndexOf(recipient);
            query = query.Where(m => EF.Property<string>(m, AppDbContext.RecipientIndex) == index);
        }
        var rows = await query.OrderByDescending(m => m.CreatedAt).Take(Math.Clamp(take, 1, 1000))
            .Select(m => new OutboxRow(m.Id, m.Channel, m.Recipient, m.Subject, m.Body, m.Kind, m.CreatedAt, m.SentAt, m.Attempts, m.LastError))
            .ToListAsync(ct);
        // The list shows whose message it is without showing the whole number or address.
        return rows.Select(r => r with { Recipient = Accounts.VerificationCodeService.Mask(r.Channel, r.Recipient) }).ToList();
    }
}
