using CiieBlazor.App.Data;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Notifications;

/// <summary>Where an organisation's messages for an edition go: its registration's contact mobile and email.</summary>
public sealed record OrganisationContact(string? Mobile, string? Email);

/// <summary>SMS + email to an organisation's contact for an edition, written to the outbox in the caller's save.</summary>
public static class OrganisationMessages
{
    /// <param name="text">One text for both channels: Chinese first, then English.</param>
    public static async Task AddAsync(AppDbContext db, Guid organisationId, Guid editionId, string subject, string text, string kind, DateTimeOffset now,
        CancellationToken ct) =>
        Add(db, await ContactAsync(db, organisationId, editionId, ct), organisationId, subject, text, kind, now);

    /// <summary>The contact of one organisation's registration for the edition (null when it has none).</summary>
    public static Task<OrganisationContact?> ContactAsync(AppDbContext db, Guid organisationId, Guid editionId, CancellationToken ct) =>
        db.Registrations.AsNoTracking().Where(r => r.OrganisationId == organisationId && r.EditionId == editionId)
            .Select(r => new OrganisationContact(r.ContactMobile, r.ContactEmail)).SingleOrDefaultAsync(ct);

    /// <summary>The contacts of many organisations at once (one query), keyed by organisation and edition.</summary>
    public static async Task<Dictionary<(Guid OrganisationId, Guid EditionId), OrganisationContact>> ContactsAsync(AppDbContext db,
        IEnumerable<(Guid OrganisationId, Guid EditionId)> keys, CancellationToken ct)
    {
        var wanted = keys.ToHashSet();
        var organisations = wanted.Select(k => k.OrganisationId).Distinct().ToList();
        if (organisations.Count == 0) return [];
        var rows = await db.Registrations.AsNoTracking().Where(r => EF.Parameter(organisations).Contains(r.OrganisationId))
            .Select(r => new { r.OrganisationId, r.EditionId, r.ContactMobile, r.ContactEmail }).ToListAsync(ct);
        return rows.Where(r => wanted.Contains((r.OrganisationId, r.EditionId)))
            .ToDictionary(r => (r.OrganisationId, r.EditionId), r => new OrganisationContact(r.ContactMobile, r.ContactEmail));
    }

    /// <summary>Writes the SMS and the email to a contact already read (nothing for a channel it lacks).</summary>
    public static void Add(AppDbContext db, OrganisationContact? contact, Guid organisationId, string subject, string text, string kind, DateTimeOffset now)
    {
        if (!string.IsNullOrWhiteSpace(contact?.Mobile))
            OutboxWriter.Add(db, MessageChannel.Sms, contact.Mobile, subject, text, kind, organisationId, now);
        if (!string.IsNullOrWhiteSpace(contact?.Email))
            OutboxWriter.Add(db, MessageChannel.Email, contact.Email, subject, text, kind, organisationId, now);
    }
}
