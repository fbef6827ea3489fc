using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Review;

/// <summary>群发邮件: one email to the contact of every organisation in the reviewer's current filter, through the outbox.</summary>
public sealed class GroupEmailService(IDbContextFactory<AppDbContext> dbs, ReviewerPersonQueries queries, OutboxDispatcher outbox, TimeProvider clock)
{
    public async Task<int> SendAsync(Actor actor, ReviewerPersonFilter filter, string subject, string body, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(subject) || subject.Length > 200)
            throw DomainException.Rule("GroupEmail", "Send", "SubjectGiven", "请填写邮件主题（不超过200字） (a subject of at most 200 characters is required)");
        if (string.IsNullOrWhiteSpace(body) || body.Length > 5000)
            throw DomainException.Rule("GroupEmail", "Send", "BodyGiven", "请填写邮件内容（不超过5000字） (a message of at most 5,000 characters is required)");
        var recipients = await queries.RecipientsAsync(actor, filter, ct);
        if (recipients.Count == 0) throw DomainException.Rule("GroupEmail", "Send", "RecipientsFound", "当前查询条件下没有可发送的单位邮箱 (no organisation email in the current filter)");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var (organisationId, _, email) in recipients)
        {
            OutboxWriter.Add(db, MessageChannel.Email, email, subject.Trim(), body.Trim() + $"\n\n— {actor.Name}", "GroupEmail", organisationId, now);
        }
        await db.SaveChangesAsync(ct);
        outbox.Wake();
        return recipients.Count;
    }
}
