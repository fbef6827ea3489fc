using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Review;

public sealed record RegistrationReviewRow(
    Guid RegistrationId,
    Guid OrganisationId,
    string OrganisationName,
    string OrganisationCode,
    string DelegationName,
    RegistrationStatus Status,
    string? ContactName,
    string? ContactMobile,
    int SubmittedPersons,
    DateTimeOffset? SubmittedAt,
    IReadOnlyList<RegistrationTrigger> Allowed);

/// <summary>交易团(分团)审核单位信息: list, approve, return with a reason — within the reviewer's delegation only.</summary>
public sealed class RegistrationReviewService(
    IDbContextFactory<AppDbContext> dbs,
    AccessGuard access,
    ChangeNotifier notifier,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<RegistrationReviewRow>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Reviewer, ActorRole.Operator, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var editionId = await db.Editions.Where(e => e.IsCurrent).Select(e => e.Id).SingleAsync(ct);
        var scope = await AccessGuard.ReviewScopeAsync(db, actor, ct);
        var submitted = PersonMachine.SubmittedStatuses;

        var rows = await (
            from r in db.Registrations.AsNoTracking()
            join o in db.Organisations.AsNoTracking() on r.OrganisationId equals o.Id
            join d in db.Delegations.AsNoTracking() on r.DelegationId equals d.Id
            where r.EditionId == editionId && (scope == null || scope.Contains(r.DelegationId))
            orderby r.Status, o.Name
            select new
            {
                r.Id, OrgId = o.Id, o.Name, o.Code, Delegation = d.NameZh, d.ParentId, r.DelegationId, r.Status, r.ContactName, r.ContactMobile,
                r.ContactEmail, r.SubmittedAt,
                Persons = db.Persons.Count(p => p.RegistrationId == r.Id && submitted.Contains(p.Status)),
            }).ToListAsync(ct);

        return rows.Select(r =>
        {
            var context = new RegistrationContext(
                !string.IsNullOrWhiteSpace(r.ContactName) && !string.IsNullOrWhiteSpace(r.ContactMobile) && !string.IsNullOrWhiteSpace(r.ContactEmail),
                r.Persons > 0, true, "reason");
            var allowed = RegistrationMachine.Table.PermittedTriggers(r.Status, context).Where(t => t != RegistrationTrigger.Submit).ToArray();
            return new RegistrationReviewRow(r.Id, r.OrgId, r.Name, r.Code, r.Delegation, r.Status, r.ContactName, Masking.Phone(r.ContactMobile), r.Persons, r.SubmittedAt, allowed);
        }).ToList();
    }

    public Task ApproveAsync(Actor actor, Guid registrationId, CancellationToken ct = default) =>
        ReviewAsync(actor, registrationId, (reg, parent, now) => reg.Approve(actor, parent, now), ct);

    public Task ReturnAsync(Actor actor, Guid registrationId, string reason, CancellationToken ct = default) =>
        ReviewAsync(actor, registrationId, (reg, parent, now) => reg.Return(reason, actor, parent, now), ct);

    private async Task ReviewAsync(Actor actor, Guid registrationId, Action<OrganisationRegistration, Guid?, DateTimeOffset> act, CancellationToken ct)
    {
        access.EnsureRole(actor, ActorRole.Reviewer, ActorRole.Operator, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var registration = await db.Registrations.SingleOrDefaultAsync(r => r.Id == registrationId, ct);
        if (registration is null)
        {
            await access.DenyAsync(db, actor, registrationId, "Registration", ct);
            return;
        }
        var delegation = await db.Delegations.AsNoTracking().SingleAsync(d => d.Id == registration.DelegationId, ct);
        if (actor.Role == ActorRole.Reviewer && !Domain.Delegations.Delegation.Covers(actor.DelegationId, delegation.Id, delegation.ParentId))
        {
            await access.DenyAsync(db, actor, registration.OrganisationId, "Organisation", ct);
        }
        act(registration, delegation.ParentId, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        notifier.Publish(Topics.Organisation(registration.OrganisationId), Topics.Delegation(delegation.Id), Topics.Operations);
        if (delegation.ParentId is { } parent) notifier.Publish(Topics.Delegation(parent));
    }
}
