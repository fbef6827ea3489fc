using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Organisations;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Organisations;

public sealed record RegistrationDetails(
    Guid Id,
    Guid OrganisationId,
    string OrganisationName,
    string OrganisationCode,
    string DelegationName,
    RegistrationStatus Status,
    string? ContactName,
    string? ContactMobile,
    string? ContactEmail,
    string? ReturnReason);

/// <summary>What a reviewer reads before approving: the submitted data, its purchasing intent and its documents.</summary>
public sealed record RegistrationReviewDetails(
    RegistrationDetails Registration,
    string? ContactPosition,
    string? ContactPhone,
    string? Address,
    string? ReferralCode,
    PurchasingIntent Intent,
    IReadOnlyList<DocumentRow> Documents);

public sealed class RegistrationQueries(IDbContextFactory<AppDbContext> dbs, AccessGuard access)
{
    /// <summary>The registration in full for its reviewers (and the organisation itself); same access rule as <see cref="GetAsync"/>.</summary>
    public async Task<RegistrationReviewDetails> GetForReviewAsync(Actor actor, Guid registrationId, CancellationToken ct = default)
    {
        var details = await GetAsync(actor, registrationId, ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var r = await db.Registrations.AsNoTracking().SingleAsync(x => x.Id == registrationId, ct);
        var documents = await OrganisationInfoService.DocumentsAsync(db, registrationId, ct);
        // The reviewer's detail shows the contact's phone numbers whole: the view is on record.
        if (actor.OrganisationId != r.OrganisationId)
            await access.RecordUnmaskedViewAsync(db, actor, "Registration", r.Id, r.OrganisationId, "单位审核 organisation review", ct);
        return new RegistrationReviewDetails(details with { ContactMobile = r.ContactMobile }, r.ContactPosition, r.ContactPhone, r.Address, r.ReferralCode, r.Intent, documents);
    }

    /// <summary>One registration by id; refused (and logged) when the actor may not see its organisation.</summary>
    public async Task<RegistrationDetails> GetAsync(Actor actor, Guid registrationId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var row = await (
            from r in db.Registrations.AsNoTracking()
            join o in db.Organisations.AsNoTracking() on r.OrganisationId equals o.Id
            join d in db.Delegations.AsNoTracking() on r.DelegationId equals d.Id
            where r.Id == registrationId
            select new RegistrationDetails(r.Id, o.Id, o.Name, o.Code, d.NameZh, r.Status, r.ContactName, r.ContactMobile, r.ContactEmail, r.ReturnReason))
            .SingleOrDefaultAsync(ct);
        if (row is null)
        {
            await access.DenyAsync(db, actor, registrationId, "Registration", ct);
        }
        await access.EnsureCanSeeOrganisationAsync(db, actor, row!.OrganisationId, ct);
        // Outside the organisation's own pages and the review detail (GetForReviewAsync), the contact's mobile is masked.
        return actor.OrganisationId == row.OrganisationId ? row : row with { ContactMobile = Masking.Phone(row.ContactMobile) };
    }

    /// <summary>The visitor's own registration in the current edition, if any.</summary>
    public async Task<Guid?> FindCurrentIdAsync(Actor actor, CancellationToken ct = default)
    {
        if (actor.OrganisationId is not { } org) return null;
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Registrations.AsNoTracking()
            .Where(r => r.OrganisationId == org && db.Editions.Any(e => e.Id == r.EditionId && e.IsCurrent))
            .Select(r => (Guid?)r.Id).SingleOrDefaultAsync(ct);
    }
}
