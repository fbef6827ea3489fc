using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Delegations;
using CiieBlazor.Domain.Editions;
using CiieBlazor.Domain.Persons;

namespace CiieBlazor.Tests.Domain;

/// <summary>
/// One row of an expected transition table, written by hand in each test class from STATES.md.
/// <see cref="Passing"/> is a context where every guard of the row passes and the machine leads to <see cref="To"/>;
/// <see cref="Branches"/> are further (context, target) pairs for dynamic targets;
/// <see cref="Guards"/> lists the row's named guards in order, each with a context where only that guard fails.
/// </summary>
public sealed record Row<TState, TContext>(TContext Passing, TState To)
    where TState : struct, Enum
{
    public IReadOnlyList<(TContext Context, TState To)> Branches { get; init; } = [];
    public IReadOnlyList<(string Guard, TContext Failing)> Guards { get; init; } = [];
    /// <summary>Guards that cannot pass when the keyed guard fails (e.g. a rule about the chosen tag when no tag is given).</summary>
    public IReadOnlyDictionary<string, string[]> AlsoFailing { get; init; } = new Dictionary<string, string[]>();
}

/// <summary>Checks a <see cref="StateMachine{TState,TTrigger,TContext}"/> against an independently written expected table.</summary>
internal static class MachineTable
{
    public static TheoryData<TState, TTrigger> AllPairs<TState, TTrigger>()
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        var data = new TheoryData<TState, TTrigger>();
        foreach (var state in Enum.GetValues<TState>())
        {
            foreach (var trigger in Enum.GetValues<TTrigger>())
            {
                data.Add(state, trigger);
            }
        }
        return data;
    }

    public static TheoryData<TState, TTrigger, string> GuardCases<TState, TTrigger, TContext>(
        IReadOnlyDictionary<(TState, TTrigger), Row<TState, TContext>> expected)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        var data = new TheoryData<TState, TTrigger, string>();
        foreach (var ((state, trigger), row) in expected)
        {
            foreach (var (guard, _) in row.Guards)
            {
                data.Add(state, trigger, guard);
            }
        }
        return data;
    }

    /// <summary>
    /// Allowed pairs lead to the expected state for every listed context; every other pair is refused with a
    /// domain error naming machine, state and trigger, without a guard (even with a context that passes every guard).
    /// </summary>
    public static void AssertPair<TState, TTrigger, TContext>(
        StateMachine<TState, TTrigger, TContext> machine,
        string machineName,
        IReadOnlyDictionary<(TState, TTrigger), Row<TState, TContext>> expected,
        TContext permissive,
        TState state,
        TTrigger trigger)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        Assert.Equal(machineName, machine.Name);
        if (expected.TryGetValue((state, trigger), out var row))
        {
            Assert.True(machine.IsDefined(state, trigger));
            foreach (var (context, to) in row.Branches.Prepend((row.Passing, row.To)))
            {
                Assert.Null(machine.FailingGuard(state, trigger, context));
                Assert.True(machine.CanFire(state, trigger, context));
                Assert.Contains(trigger, machine.PermittedTriggers(state, context));
                Assert.Equal(to, machine.Fire(state, trigger, context));
            }
        }
        else
        {
            Assert.False(machine.IsDefined(state, trigger));
            Assert.False(machine.CanFire(state, trigger, permissive));
            Assert.DoesNotContain(trigger, machine.PermittedTriggers(state, permissive));
            var error = Assert.Throws<DomainException>(() => machine.Fire(state, trigger, permissive));
            Assert.Equal(machineName, error.Machine);
            Assert.Equal(state.ToString(), error.State);
            Assert.Equal(trigger.ToString(), error.Trigger);
            Assert.Null(error.Guard);
            Assert.Equal($"{machineName}.{state}.{trigger}", error.Code);
        }
    }

    /// <summary>The context built to fail <paramref name="guard"/> fails that guard alone, and Fire names it.</summary>
    public static void AssertGuardRefuses<TState, TTrigger, TContext>(
        StateMachine<TState, TTrigger, TContext> machine,
        string machineName,
        IReadOnlyDictionary<(TState, TTrigger), Row<TState, TContext>> expected,
        TState state,
        TTrigger trigger,
        string guard)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        var row = expected[(state, trigger)];
        var failing = row.Guards.Single(g => g.Guard == guard).Failing;
        var transition = machine.Transitions.Single(t => t.From.Equals(state) && t.Trigger.Equals(trigger));

        Assert.Equal(row.AlsoFailing.GetValueOrDefault(guard, []).Prepend(guard).Order(), transition.Guards.Where(g => !g.Check(failing)).Select(g => g.Name).Order());
        Assert.DoesNotContain(transition.Guards, g => !g.Check(row.Passing));
        // Guards are checked in order: the named guard is the first one that refuses.
        Assert.Equal(guard, machine.FailingGuard(state, trigger, failing)?.Name);
        Assert.False(machine.CanFire(state, trigger, failing));

        var error = Assert.Throws<DomainException>(() => machine.Fire(state, trigger, failing));
        Assert.Equal(machineName, error.Machine);
        Assert.Equal(state.ToString(), error.State);
        Assert.Equal(trigger.ToString(), error.Trigger);
        Assert.Equal(guard, error.Guard);
        Assert.Equal($"{machineName}.{state}.{trigger}.{guard}", error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    /// <summary>The machine declares exactly the expected pairs, each with exactly the expected guards in order.</summary>
    public static void AssertSameTable<TState, TTrigger, TContext>(
        StateMachine<TState, TTrigger, TContext> machine,
        IReadOnlyDictionary<(TState, TTrigger), Row<TState, TContext>> expected)
        where TState : struct, Enum
        where TTrigger : struct, Enum
    {
        var actual = machine.Transitions.ToDictionary(t => (t.From, t.Trigger));
        var extra = actual.Keys.Where(k => !expected.ContainsKey(k)).ToArray();
        Assert.True(extra.Length == 0, $"{machine.Name} has transitions the expected table lacks: {string.Join(", ", extra)}");
        var missing = expected.Keys.Where(k => !actual.ContainsKey(k)).ToArray();
        Assert.True(missing.Length == 0, $"{machine.Name} lacks expected transitions: {string.Join(", ", missing)}");
        foreach (var (key, row) in expected)
        {
            Assert.Equal(row.Guards.Select(g => g.Guard), actual[key].Guards.Select(g => g.Name));
        }
    }
}

/// <summary>Shared helpers for aggregate tests.</summary>
internal static class Audit
{
    public static readonly DateTimeOffset Now = new(2025, 10, 1, 10, 0, 0, TimeSpan.FromHours(8));

    public static readonly Actor Visitor = new("u-visitor", "Visitor Co.", ActorRole.Visitor, OrganisationId: Guid.NewGuid());
    public static readonly Actor Operator = new("u-operator", "Operator", ActorRole.Operator);
    public static readonly Actor Finance = new("u-finance", "Finance", ActorRole.Finance);

    /// <summary>Takes the pending audit and checks it is exactly one entry with these values.</summary>
    public static AuditEntry Single(AggregateRoot aggregate, string machine, string from, string to, string trigger,
        Actor actor, DateTimeOffset at, string? reason = null)
    {
        var entry = Assert.Single(aggregate.TakeAudit());
        Assert.Equal(machine, entry.Machine);
        Assert.Equal(aggregate.Id, entry.EntityId);
        Assert.Equal(from, entry.From);
        Assert.Equal(to, entry.To);
        Assert.Equal(trigger, entry.Trigger);
        Assert.Equal(actor.UserId, entry.ActorId);
        Assert.Equal(actor.Name, entry.ActorName);
        Assert.Equal(at, entry.At);
        Assert.Equal(reason, entry.Reason);
        Assert.Empty(aggregate.PendingAudit);
        return entry;
    }

    /// <summary>A refused intent leaves no audit entry.</summary>
    public static DomainException Refused(AggregateRoot aggregate, Action act, string? guard)
    {
        aggregate.TakeAudit();
        var error = Assert.Throws<DomainException>(act);
        Assert.Equal(guard, error.Guard);
        Assert.Empty(aggregate.PendingAudit);
        return error;
    }
}

/// <summary>Builders for aggregates in a given state, reached through the intent methods.</summary>
internal static class Build
{
    public static readonly DateOnly FirstDay = new(2025, 11, 5);
    public static readonly DateOnly LastDay = new(2025, 11, 10);

    public static Actor Reviewer(Guid delegationId) => new("u-reviewer-" + delegationId.ToString("N")[..6], "Reviewer", ActorRole.Reviewer, DelegationId: delegationId);

    /// <summary>An edition with a ¥200.00 professional-visitor fee and reuse at 50 %.</summary>
    public static Edition Edition(decimal fee = 200m, decimal reusePercent = 50m) =>
        new(8, FirstDay, LastDay, Money.Cny(fee), reusePercent, isCurrent: true);

    public static PersonData Data() => new()
    {
        PersonType = PersonType.Mainland,
        Name = "张三",
        Gender = Gender.Male,
        DocumentType = DocumentType.ResidentId,
        DocumentNumber = "11010519491231002X",
        Nationality = "CN",
        Position = "采购经理",
        Mobile = "13800138000",
        Email = "zhang.san@example.com",
        PhotoFileId = Guid.NewGuid(),
        EntryFrom = FirstDay,
        EntryTo = FirstDay.AddDays(1),
        PickupMethod = PickupMethod.DelegationCollects,
        CommitmentTicked = true,
    };

    public static Person Saved(Edition edition, Guid organisationId, Guid delegationId, PersonData? data = null) =>
        new(Guid.NewGuid(), organisationId, edition.Id, delegationId, data ?? Data());

    /// <summary>Submitted as a new application: AwaitingTag.</summary>
    public static Person AwaitingTag(Edition edition, Guid organisationId, Guid delegationId, string name = "张三")
    {
        var person = Saved(edition, organisationId, delegationId, Data() with { Name = name });
        person.Submit(edition.FirstDay, edition.LastDay, Audit.Visitor, Audit.Now);
        person.TakeAudit();
        return person;
    }

    /// <summary>Tagged professional visitor: AwaitingPayment with the full fee.</summary>
    public static Person AwaitingPayment(Edition edition, Guid organisationId, Guid delegationId, string name = "张三")
    {
        var person = AwaitingTag(edition, organisationId, delegationId, name);
        person.TagAs(PersonTag.ProfessionalVisitor, true, new DelegationQuota(delegationId, edition.Id, 0, 0), Reviewer(delegationId), Audit.Now);
        person.TakeAudit();
        return person;
    }

    /// <summary>Submitted for badge reuse with last edition's tag: AwaitingLock.</summary>
    public static Person AwaitingLock(Edition edition, Guid organisationId, Guid delegationId, PersonTag previousTag, string name = "李四")
    {
        var person = Saved(edition, organisationId, delegationId, Data() with { Name = name });
        person.PrepareReuse(Guid.NewGuid(), previousTag);
        person.SubmitReuse(true, edition.FirstDay, edition.LastDay, Audit.Visitor, Audit.Now);
        person.TakeAudit();
        return person;
    }

    /// <summary>Reuse professional visitor, lock-submitted: AwaitingPayment at the reuse fee.</summary>
    public static Person ReuseAwaitingPayment(Edition edition, Guid organisationId, Guid delegationId, string name = "李四")
    {
        var person = AwaitingLock(edition, organisationId, delegationId, PersonTag.ProfessionalVisitor, name);
        person.Lock(true, new DelegationQuota(delegationId, edition.Id, 0, 0), Reviewer(delegationId), Audit.Now);
        person.TakeAudit();
        return person;
    }
}
