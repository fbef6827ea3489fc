using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Persons;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Operations;

/// <summary>What the background reviewer sees of one person: the full document number and the photo (SPEC §10).</summary>
public sealed record PersonReviewDetail(
    Guid Id, string Name, string OrganisationName, string OrganisationCode, string Delegation, PersonType Type, Gender Gender, DocumentType DocumentType,
    string DocumentNumber, string Nationality, string Position, string Mobile, string Email, Guid? PhotoFileId, DateOnly? EntryFrom, DateOnly? EntryTo,
    PickupMethod Pickup, PersonTag? Tag, bool IsReuse, PersonStatus Status, string? StatusReason, IReadOnlyList<PersonTrigger> Allowed);

/// <summary>
/// 人员信息审核: operators approve persons (a badge is queued, or last edition's badge is kept for a reuse person with
/// the same tag) or reject them with a reason (a VIP/staff place goes back; a paid fee can then be refunded). One person
/// or a batch, all or nothing; the organisation hears the result by SMS and email, its flowchart's step 6 follows live.
/// </summary>
public sealed class PersonReviewService(
    IDbContextFactory<AppDbContext> dbs,
    AccessGuard access,
    ChangeNotifier notifier,
    OutboxDispatcher outbox,
    TimeProvider clock,
    ILogger<PersonReviewService> logger)
{
    public const int MaxBatch = 1000;
    public const int MaxReasonLength = 500;
    private const int MaxAttempts = 10;

    public async Task<PersonReviewDetail> DetailAsync(Actor actor, Guid personId, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Operator, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var row = await (from p in db.Persons.AsNoTracking()
                         join o in db.Organisations.AsNoTracking() on p.OrganisationId equals o.Id
                         join d in db.Delegations.AsNoTracking() on p.DelegationId equals d.Id
                         where p.Id == personId
                         select new { Person = p, o.Name, o.Code, Delegation = d.NameZh }).SingleOrDefaultAsync(ct);
        if (row is null) await access.DenyAsync(db, actor, personId, "Person", ct);
        var person = row!.Person;
        logger.LogInformation("{ActorId} opened the review detail of person {Person}.", actor.UserId, person.Id);
        // 后台审核 shows the document and mobile whole: the view is on record.
        await access.RecordUnmaskedViewAsync(db, actor, "Person", person.Id, person.OrganisationId, "人员审核 person review", ct);
        return new PersonReviewDetail(person.Id, person.Name, row.Name, row.Code, row.Delegation, person.PersonType, person.Gender, person.DocumentType,
            person.DocumentNumber, person.Nationality, person.Position, person.Mobile, person.Email, person.PhotoFileId, person.EntryFrom, person.EntryTo,
            person.PickupMethod, person.Tag, person.IsReuse, person.Status, person.StatusReason, Reviewable(person.Status));
    }

    /// <summary>审核通过: each person moves to 审核通过 and gets its badge (queued for production, or 复用).</summary>
    public Task ApproveAsync(Actor actor, IReadOnlyCollection<Guid> personIds, CancellationToken ct = default) =>
        RunAsync(actor, personIds, nameof(PersonTrigger.Approve), async (db, persons, now) =>
        {
            var reuseIds = persons.Where(p => p.IsReuse && !p.Upgraded && p.PreviousPersonId is not null).Select(p => p.PreviousPersonId!.Value).ToList();
            var previous = await db.Badges.AsNoTracking().Where(b => reuseIds.Contains(b.PersonId)).ToDictionaryAsync(b => b.PersonId, ct);
            foreach (var person in persons)
            {
                person.Approve(actor, now);
                var old = person.PreviousPersonId is { } pid && previous.TryGetValue(pid, out var b) ? b : null;
                db.Badges.Add(Badge.ForApprovedPerson(person.Id, person.EditionId, personApproved: true, reuseWithoutUpgrade: person.IsReuse && !person.Upgraded,
                    old?.BadgeNumber, old?.Serial ?? 1, actor, now));
            }
            foreach (var org in persons.GroupBy(p => (p.OrganisationId, p.EditionId)))
            {
                var names = Names(org);
                await OrganisationMessages.AddAsync(db, org.Key.OrganisationId, org.Key.EditionId, "人员信息审核通过 / CIIE review passed",
                    $"【进博会】贵单位人员{names}已通过人员信息审核，证件将进入制作。 CIIE: {names} passed the review; the badges go to production.", "PersonApproved", now, ct);
            }
        }, ct);

    /// <summary>审核不通过 with a reason: a VIP/staff place goes back to the delegation; a paid fee becomes refundable.</summary>
    public Task RejectAsync(Actor actor, IReadOnlyCollection<Guid> personIds, string reason, CancellationToken ct = default)
    {
        var why = reason?.Trim() ?? "";
        if (why.Length == 0) throw DomainException.Rule("Person", nameof(PersonTrigger.Reject), "ReasonGiven", "请填写审核不通过的原因 (a reason is required)");
        if (why.Length > MaxReasonLength)
            throw DomainException.Rule("Person", nameof(PersonTrigger.Reject), "ReasonLength", $"原因不超过{MaxReasonLength}字 (at most {MaxReasonLength} characters)");
        return RunAsync(actor, personIds, nameof(PersonTrigger.Reject), async (db, persons, now) =>
        {
            var delegationIds = persons.Select(p => p.DelegationId).Distinct().ToList();
            var editionIds = persons.Select(p => p.EditionId).Distinct().ToList();
            var quotas = await db.DelegationQuotas.Where(q => delegationIds.Contains(q.DelegationId) && editionIds.Contains(q.EditionId)).ToListAsync(ct);
            foreach (var person in persons)
                person.Reject(why, actor, now, quotas.SingleOrDefault(q => q.DelegationId == person.DelegationId && q.EditionId == person.EditionId));
            foreach (var org in persons.GroupBy(p => (p.OrganisationId, p.EditionId)))
            {
                var names = Names(org);
                await OrganisationMessages.AddAsync(db, org.Key.OrganisationId, org.Key.EditionId, "人员信息审核未通过 / CIIE review not passed",
                    $"【进博会】贵单位人员{names}未通过人员信息审核，原因：{why}。已缴证件费可申请退款。 CIIE: {names} did not pass the review ({why}); a paid fee can be refunded.",
                    "PersonRejected", now, ct);
            }
        }, ct);
    }

    /// <summary>The review decisions the person's state allows (the reason for a rejection is asked when it is made).</summary>
    public static IReadOnlyList<PersonTrigger> Reviewable(PersonStatus status) =>
        new[] { PersonTrigger.Approve, PersonTrigger.Reject }.Where(t => PersonMachine.Table.IsDefined(status, t)).ToArray();

    private static string Names(IEnumerable<Person> persons)
    {
        var list = persons.Select(p => p.Name).ToList();
        return list.Count <= 5 ? string.Join("、", list) : $"{string.Join("、", list.Take(5))}等{list.Count}人";
    }

    private async Task RunAsync(Actor actor, IReadOnlyCollection<Guid> personIds, string trigger, Func<AppDbContext, List<Person>, DateTimeOffset, Task> act,
        CancellationToken ct)
    {
        access.EnsureRole(actor, ActorRole.Operator, ActorRole.Admin);
        if (personIds.Count == 0) throw DomainException.Rule("Person", trigger, "PersonsChosen", "请选择人员 (choose persons)");
        if (personIds.Count > MaxBatch) throw DomainException.Rule("Person", trigger, "BatchSize", $"一次最多处理{MaxBatch}人 (at most {MaxBatch} at a time)");
        var ids = personIds.Distinct().ToList();
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var persons = await db.Persons.Where(p => ids.Contains(p.Id)).ToListAsync(ct);
            if (persons.Count != ids.Count) await access.DenyAsync(db, actor, ids.First(id => persons.All(p => p.Id != id)), "Person", ct);
            // Any refusal (a person not awaiting review) throws before the save: the batch is all or nothing.
            await act(db, persons, clock.GetUtcNow());
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // A person changed meanwhile (cancelled by its delegation, reviewed by a colleague): decide again on fresh data.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
                continue;
            }
            outbox.Wake();
            logger.LogInformation("{ActorId}: {Trigger} of {Count} persons.", actor.UserId, trigger, persons.Count);
            notifier.Publish(persons.Select(p => Topics.Organisation(p.OrganisationId)).Concat(persons.Select(p => Topics.Delegation(p.DelegationId)))
                .Append(Topics.Operations).Append(Topics.Badges));
            return;
        }
    }
}
