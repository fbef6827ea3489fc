using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Delegations;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Review;

/// <summary>
/// 交易团标记: VIP / 工作人员 / 专业观众, one person or a batch, all or nothing. VIP and staff places are scarce: the
/// quota row is changed in the same save as the persons, guarded by its concurrency token, so two reviewers clicking at
/// once can never oversell — the loser is retried on fresh data and then refused by the domain when the quota is full.
/// </summary>
public sealed class TaggingService(
    IDbContextFactory<AppDbContext> dbs,
    AccessGuard access,
    ChangeNotifier notifier,
    OutboxDispatcher outbox,
    TimeProvider clock,
    ILogger<TaggingService> logger)
{
    public const int MaxBatch = 1000;
    private const int MaxAttempts = 20;

    /// <summary>Test-only: checks the quota on a stale read and writes it without the concurrency check (proves the test can fail).</summary>
    internal static bool BypassAtomicQuotaForTests { get; set; }

    public async Task TagAsync(Actor actor, IReadOnlyCollection<Guid> personIds, PersonTag tag, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Reviewer, ActorRole.Admin);
        if (personIds.Count == 0) throw DomainException.Rule("Person", nameof(PersonTrigger.Tag), "PersonsChosen", "请选择要标记的人员 (choose persons to tag)");
        if (personIds.Count > MaxBatch) throw DomainException.Rule("Person", nameof(PersonTrigger.Tag), "BatchSize", $"一次最多标记{MaxBatch}人 (at most {MaxBatch} at a time)");

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await TagOnceAsync(actor, personIds.Distinct().ToList(), tag, ct);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Another reviewer changed a quota or a person first: start again on fresh data.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
            }
        }
    }

    private async Task TagOnceAsync(Actor actor, List<Guid> personIds, PersonTag tag, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var persons = await db.Persons.Where(p => personIds.Contains(p.Id)).ToListAsync(ct);
        if (persons.Count != personIds.Count)
        {
            await access.DenyAsync(db, actor, personIds.First(p => persons.All(x => x.Id != p)), "Person", ct);
        }
        var delegationIds = persons.Select(p => p.DelegationId).Distinct().ToList();
        var delegations = await db.Delegations.AsNoTracking().Where(d => delegationIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        var outOfScope = persons.FirstOrDefault(p => actor.Role == ActorRole.Reviewer && !Delegation.Covers(actor.DelegationId, p.DelegationId, delegations[p.DelegationId].ParentId));
        if (outOfScope is not null)
        {
            await access.DenyAsync(db, actor, outOfScope.Id, "Person", ct);
        }
        var registrationIds = persons.Select(p => p.RegistrationId).Distinct().ToList();
        var registrations = await db.Registrations.AsNoTracking().Where(r => registrationIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var editionIds = persons.Select(p => p.EditionId).Distinct().ToList();
        var quotas = await db.DelegationQuotas.Where(q => delegationIds.Contains(q.DelegationId) && editionIds.Contains(q.EditionId)).ToListAsync(ct);
        if (BypassAtomicQuotaForTests)
        {
            foreach (var q in quotas) db.Entry(q).State = EntityState.Detached;
        }

        var now = clock.GetUtcNow();
        foreach (var person in persons)
        {
            var quota = quotas.SingleOrDefault(q => q.DelegationId == person.DelegationId && q.EditionId == person.EditionId)
                ?? throw DomainException.Rule("DelegationQuota", "Take", "QuotaConfigured", "该交易团未配置名额 (no quota is configured for this delegation)");
            // A refusal for any one person refuses the whole batch: nothing is saved.
            person.TagAs(tag, registrations[person.RegistrationId].Status == RegistrationStatus.Approved, quota, actor, now);
            if (!tag.IsFeeExempt()) NotifyPaymentDue(db, person, registrations[person.RegistrationId], now);
        }
        await db.SaveChangesAsync(ct);
        if (BypassAtomicQuotaForTests && tag.IsFeeExempt())
        {
            foreach (var group in persons.GroupBy(p => (p.DelegationId, p.EditionId)))
            {
                var n = group.Count();
                var rows = db.DelegationQuotas.Where(q => q.DelegationId == group.Key.DelegationId && q.EditionId == group.Key.EditionId);
                if (tag == PersonTag.Vip) await rows.ExecuteUpdateAsync(s => s.SetProperty(q => q.VipUsed, q => q.VipUsed + n), ct);
                else await rows.ExecuteUpdateAsync(s => s.SetProperty(q => q.StaffUsed, q => q.StaffUsed + n), ct);
            }
        }
        outbox.Wake();
        logger.LogInformation("{Actor} tagged {Count} persons {Tag}.", actor.Name, persons.Count, tag);
        var topics = persons.Select(p => Topics.Organisation(p.OrganisationId))
            .Concat(delegationIds.Select(Topics.Delegation))
            .Concat(delegationIds.Select(d => delegations[d].ParentId).OfType<Guid>().Select(Topics.Delegation))
            .Append(Topics.Operations);
        notifier.Publish(topics);
    }

    /// <summary>Tagging a fee-paying person tells the organisation by SMS and email (SPEC §7).</summary>
    private static void NotifyPaymentDue(AppDbContext db, Person person, OrganisationRegistration registration, DateTimeOffset now)
    {
        var text = $"【进博会】贵单位人员{person.Name}已由交易团标记为专业观众，请登录系统提交办证并支付证件费。" +
                   $" CIIE: {person.Name} was tagged professional visitor; please sign in and pay the badge fee.";
        if (!string.IsNullOrWhiteSpace(registration.ContactMobile))
            OutboxWriter.Add(db, MessageChannel.Sms, registration.ContactMobile, "证件费用支付通知", text, "PersonTagged", person.OrganisationId, now);
        if (!string.IsNullOrWhiteSpace(registration.ContactEmail))
            OutboxWriter.Add(db, MessageChannel.Email, registration.ContactEmail, "进博会证件费用支付通知 / CIIE badge fee due", text, "PersonTagged", person.OrganisationId, now);
    }
}
