using CiieBlazor.App.Data;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Delegations;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Security;

/// <summary>
/// Who may see which organisation: a visitor only its own, a reviewer only organisations registered in their
/// delegation (a delegation sees its sub-delegations), operators / finance / admin all. Refusals are logged and audited.
/// </summary>
public sealed class AccessGuard(ILogger<AccessGuard> logger, TimeProvider clock)
{
    public async Task EnsureCanSeeOrganisationAsync(AppDbContext db, Actor actor, Guid organisationId, CancellationToken ct = default)
    {
        var allowed = actor.Role switch
        {
            ActorRole.Visitor => actor.OrganisationId == organisationId,
            ActorRole.Reviewer => await ReviewerCoversAsync(db, actor, organisationId, ct),
            ActorRole.Operator or ActorRole.Finance or ActorRole.Admin or ActorRole.System => true,
            _ => false,
        };
        if (!allowed)
        {
            await DenyAsync(db, actor, organisationId, "Organisation", ct);
        }
    }

    public void EnsureRole(Actor actor, params ActorRole[] roles)
    {
        if (!roles.Contains(actor.Role))
        {
            logger.LogWarning("Access refused: {ActorId} ({Role}) needs one of {Roles}.", actor.UserId, actor.Role, string.Join(",", roles));
            throw new AccessDeniedException("您没有权限执行此操作 (you are not allowed to do this)");
        }
    }

    /// <summary>The audit machine of unmasked views of personal data (the admin's audit page filters by it).</summary>
    public const string PersonalDataMachine = "PersonalData";

    /// <summary>
    /// Records that <paramref name="actor"/> was shown <paramref name="what"/> <paramref name="subjectId"/>'s identity
    /// document or phone numbers unmasked (who, whose, when, where), in its own save: an audit row admins see on 审计日志.
    /// </summary>
    public async Task RecordUnmaskedViewAsync(AppDbContext db, Actor actor, string what, Guid subjectId, Guid organisationId, string where, CancellationToken ct = default)
    {
        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId).Select(o => o.Name).SingleOrDefaultAsync(ct);
        db.AuditRecords.Add(new AuditRecord
        {
            Machine = PersonalDataMachine, EntityId = subjectId, From = what, To = "Unmasked", Trigger = "View",
            ActorId = actor.UserId, ActorName = actor.Name, At = clock.GetUtcNow(),
            Reason = $"{where} · {organisation ?? organisationId.ToString()} · {actor.Role}",
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Records the refusal (log + audit row in its own save) and throws.</summary>
    public async Task DenyAsync(AppDbContext db, Actor actor, Guid targetId, string what, CancellationToken ct = default)
    {
        logger.LogWarning("Access refused: {ActorId} ({Role}, org {Org}, delegation {Delegation}) asked for {What} {Target}.",
            actor.UserId, actor.Role, actor.OrganisationId, actor.DelegationId, what, targetId);
        db.ChangeTracker.Clear();
        db.AuditRecords.Add(new AuditRecord
        {
            Machine = "Access", EntityId = targetId, From = what, To = "Denied", Trigger = "Read",
            ActorId = actor.UserId, ActorName = actor.Name, At = clock.GetUtcNow(), Reason = $"role {actor.Role}",
        });
        await db.SaveChangesAsync(ct);
        throw new AccessDeniedException("您无权查看或修改该数据 (you may not see or change this record)");
    }

    /// <summary>Delegation ids whose organisations the actor reviews: a delegation and its sub-delegations; null means all (operators, admin).</summary>
    public static async Task<List<Guid>?> ReviewScopeAsync(AppDbContext db, Actor actor, CancellationToken ct)
    {
        if (actor.Role != ActorRole.Reviewer) return null;
        if (actor.DelegationId is not { } mine) return [];
        var children = await db.Delegations.AsNoTracking().Where(d => d.ParentId == mine).Select(d => d.Id).ToListAsync(ct);
        return [mine, .. children];
    }

    private static async Task<bool> ReviewerCoversAsync(AppDbContext db, Actor actor, Guid organisationId, CancellationToken ct)
    {
        if (actor.DelegationId is not { } mine) return false;
        var delegationIds = await db.Registrations.Where(r => r.OrganisationId == organisationId).Select(r => r.DelegationId).Distinct().ToListAsync(ct);
        var parents = await db.Delegations.Where(d => delegationIds.Contains(d.Id)).Select(d => new { d.Id, d.ParentId }).ToListAsync(ct);
        return parents.Any(d => Delegation.Covers(mine, d.Id, d.ParentId));
    }
}
