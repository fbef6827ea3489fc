using CiieBlazor.App.Data;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Notifications;

/// <summary>SMS + email to an organisation's contact for an edition, written to the outbox in the caller's save.</summary>
public static class OrganisationMessages
{
    /// <param name="text">One text for both channels: Chinese first, then English.</param>
    public static async Task AddAsync(AppDbContext db, Guid organisationId, Guid editionId, string subject, string text, string kind, DateTimeOffset now,
        CancellationToken ct)
    {
        var contact = await db.Registrations.AsNoTracking().Where(r => r.OrganisationId == organisationId && r.EditionId == editionId)
            .Select(r => new { r.ContactMobile, r.ContactEmail }).SingleOrDefaultAsync(ct);
        if (!string.IsNullOrWhiteSpace(contact?.ContactMobile))
            OutboxWriter.Add(db, MessageChannel.Sms, contact.ContactMobile, subject, text, kind, organisationId, now);
        if (!string.IsNullOrWhiteSpace(contact?.ContactEmail))
            OutboxWriter.Add(db, MessageChannel.Email, contact.ContactEmail, subject, text, kind, organisationId, now);
    }
}
