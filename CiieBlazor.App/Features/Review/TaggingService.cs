using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Delegations;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Review;

/// <summary>
/// What a delegation reviewer does to persons: 标记 (tag), 锁定提交 (lock-submit reuse persons), 升级 (upgrade a reuse
/// person's tag) and 批量注销 (cancel) — one person or a batch, all or nothing. VIP and staff places are scarce: the
/// quota row is changed in the same save as the persons, guarded by its concurrency token, so reviewers clicking at once
/// never oversell — the loser is retried on fresh data and then refused by the domain when the quota is full.
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

    /// <summary>Test-only: awaited after the checks and before the save, so a test can make concurrent attempts overlap for sure.</summary>
    internal static Func<Task>? PauseBeforeSaveForTests { get; set; }

    private sealed record Batch(AppDbContext Db, List<Person> Persons, IReadOnlyDictionary<Guid, OrganisationRegistration> Registrations,
        IReadOnlyList<DelegationQuota> Quotas, DateTimeOffset Now)
    {
        public DelegationQuota QuotaFor(Person p) =>
            Quotas.SingleOrDefault(q => q.DelegationId == p.DelegationId && q.EditionId == p.EditionId)
            ?? throw DomainException.Rule("DelegationQuota", "Take", "QuotaConfigured", "该交易团未配置名额 (no quota is configured for this delegation)");

        public bool Approved(Person p) => Registrations[p.RegistrationId].Status == RegistrationStatus.Approved;
    }

    public Task TagAsync(Actor actor, IReadOnlyCollection<Guid> personIds, PersonTag tag, CancellationToken ct = default) =>
        RunEachAsync(actor, personIds, nameof(PersonTrigger.Tag), b =>
        {
            foreach (var person in b.Persons)
            {
                person.TagAs(tag, b.Approved(person), b.QuotaFor(person), actor, b.Now);
                if (!tag.IsFeeExempt()) Notify(b, person, "PersonTagged", "证件费用支付通知 / CIIE badge fee due",
                    $"【进博会】贵单位人员{person.Name}已由交易团标记为专业观众，请登录系统提交办证并支付证件费。 CIIE: {person.Name} was tagged professional visitor; please sign in and pay the badge fee.");
            }
            return tag.IsFeeExempt() ? (tag, b.Persons.Count) : null;
        }, ct);

    /// <summary>锁定提交: reuse persons move on with their (possibly upgraded) tag; payers are told to pay, upgraded ones that a new badge follows.</summary>
    public Task LockAsync(Actor actor, IReadOnlyCollection<Guid> personIds, CancellationToken ct = default) =>
        RunEachAsync(actor, personIds, nameof(PersonTrigger.Lock), b =>
        {
            foreach (var person in b.Persons)
            {
                person.Lock(b.Approved(person), b.QuotaFor(person), actor, b.Now);
                if (person.Status == PersonStatus.AwaitingPayment)
                    Notify(b, person, "PersonLocked", "证件复用付款通知 / CIIE badge reuse fee due",
                        $"【进博会】贵单位证件复用人员{person.Name}已由交易团锁定提交，请登录系统支付证件费。 CIIE: badge reuse of {person.Name} was confirmed; please pay the fee.");
                if (person.Upgraded)
                    Notify(b, person, "PersonUpgraded", "人员标签升级通知 / CIIE tag upgraded",
                        $"【进博会】贵单位人员{person.Name}的标签已升级为{Label(person.Tag)}，须更新证件，人员背审通过后将重新制发证件。 CIIE: {person.Name} was upgraded; a new badge will be issued after the review.");
            }
            return null;
        }, ct, lockQuotas: true);

    public Task UpgradeAsync(Actor actor, IReadOnlyCollection<Guid> personIds, PersonTag tag, CancellationToken ct = default) =>
        RunEachAsync(actor, personIds, nameof(PersonTrigger.Upgrade), b =>
        {
            foreach (var person in b.Persons) person.Upgrade(tag, b.QuotaFor(person), actor, b.Now);
            return null;
        }, ct, lockQuotas: true);

    /// <summary>批量注销 with a reason: a VIP/staff place goes back, and a person held by an unpaid order leaves it.</summary>
    public Task CancelAsync(Actor actor, IReadOnlyCollection<Guid> personIds, string reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw DomainException.Rule("Person", nameof(PersonTrigger.Cancel), "ReasonGiven", "请填写注销原因 (a reason is required)");
        return RunAsync(actor, personIds, nameof(PersonTrigger.Cancel), async b =>
        {
            var ids = b.Persons.Select(p => p.Id).ToList();
            var open = new[] { OrderStatus.Unpaid };
            var orders = await b.Db.Orders.Where(o => open.Contains(o.Status) && o.Lines.Any(l => ids.Contains(l.PersonId))).ToListAsync();
            foreach (var person in b.Persons)
            {
                person.Cancel(reason, b.QuotaFor(person), actor, b.Now);
                foreach (var order in orders.Where(o => o.Lines.Any(l => l.PersonId == person.Id))) order.RemovePerson(person.Id, actor, b.Now);
            }
            return ((PersonTag, int)?)null;
        }, ct, lockQuotas: true);
    }

    private Task RunEachAsync(Actor actor, IReadOnlyCollection<Guid> personIds, string trigger, Func<Batch, (PersonTag Tag, int Count)?> act, CancellationToken ct, bool lockQuotas = false) =>
        RunAsync(actor, personIds, trigger, b => Task.FromResult(act(b)), ct, lockQuotas);

    private async Task RunAsync(Actor actor, IReadOnlyCollection<Guid> personIds, string trigger, Func<Batch, Task<(PersonTag Tag, int Count)?>> act, CancellationToken ct, bool lockQuotas = false)
    {
        access.EnsureRole(actor, ActorRole.Reviewer, ActorRole.Admin);
        if (personIds.Count == 0) throw DomainException.Rule("Person", trigger, "PersonsChosen", "请选择人员 (choose persons)");
        if (personIds.Count > MaxBatch) throw DomainException.Rule("Person", trigger, "BatchSize", $"一次最多处理{MaxBatch}人 (at most {MaxBatch} at a time)");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RunOnceAsync(actor, personIds.Distinct().ToList(), act, lockQuotas, ct);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Another reviewer changed a quota or a person first: start again on fresh data.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
            }
        }
    }

    private async Task RunOnceAsync(Actor actor, List<Guid> personIds, Func<Batch, Task<(PersonTag Tag, int Count)?>> act, bool lockQuotas, CancellationToken ct)
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
        var bypass = BypassAtomicQuotaForTests && !lockQuotas;
        if (bypass)
        {
            foreach (var q in quotas) db.Entry(q).State = EntityState.Detached;
        }

        // Any refusal (a guard of one person) throws before the save: the batch is all or nothing.
        var taken = await act(new Batch(db, persons, registrations, quotas, clock.GetUtcNow()));
        if (PauseBeforeSaveForTests is { } pause) await pause();
        await db.SaveChangesAsync(ct);
        if (bypass && taken is { } t)
        {
            foreach (var group in persons.GroupBy(p => (p.DelegationId, p.EditionId)))
            {
                var n = group.Count();
                var rows = db.DelegationQuotas.Where(q => q.DelegationId == group.Key.DelegationId && q.EditionId == group.Key.EditionId);
                if (t.Tag == PersonTag.Vip) await rows.ExecuteUpdateAsync(s => s.SetProperty(q => q.VipUsed, q => q.VipUsed + n), ct);
                else await rows.ExecuteUpdateAsync(s => s.SetProperty(q => q.StaffUsed, q => q.StaffUsed + n), ct);
            }
        }
        outbox.Wake();
        logger.LogInformation("{ActorId} changed {Count} persons.", actor.UserId, persons.Count);
        notifier.Publish(persons.Select(p => Topics.Organisation(p.OrganisationId))
            .Concat(delegationIds.Select(Topics.Delegation))
            .Concat(delegationIds.Select(d => delegations[d].ParentId).OfType<Guid>().Select(Topics.Delegation))
            .Append(Topics.Operations));
    }

    private static string Label(PersonTag? tag) => tag switch { PersonTag.Vip => "VIP", PersonTag.Staff => "工作人员", _ => "专业观众" };

    /// <summary>SMS and email to the organisation's contact, in the same save (SPEC §13).</summary>
    private static void Notify(Batch b, Person person, string kind, string subject, string text)
    {
        var registration = b.Registrations[person.RegistrationId];
        if (!string.IsNullOrWhiteSpace(registration.ContactMobile))
            OutboxWriter.Add(b.Db, MessageChannel.Sms, registration.ContactMobile, subject, text, kind, person.OrganisationId, b.Now);
        if (!string.IsNullOrWhiteSpace(registration.ContactEmail))
            OutboxWriter.Add(b.Db, MessageChannel.Email, registration.ContactEmail, subject, text, kind, person.OrganisationId, b.Now);
    }
}
