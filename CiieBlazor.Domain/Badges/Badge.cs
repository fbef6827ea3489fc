using CiieBlazor.Domain.Common;

namespace CiieBlazor.Domain.Badges;

public enum BadgeStatus
{
    /// <summary>(none yet)</summary>
    None,
    /// <summary>待制作</summary>
    Queued,
    /// <summary>已制作</summary>
    Produced,
    /// <summary>已发放</summary>
    Dispatched,
    /// <summary>复用 — last edition's badge is used again, nothing to produce</summary>
    Reused,
}

public enum BadgeTrigger
{
    Queue,
    MarkReused,
    Produce,
    Dispatch,
}

public enum DispatchMethod
{
    /// <summary>快递</summary>
    Courier,
    /// <summary>交由交易团</summary>
    HandedToDelegation,
}

public sealed record BadgeContext(bool PersonApproved, bool ReuseWithoutUpgrade, DispatchMethod? Method, string? CourierCompany, string? TrackingNumber);

public static class BadgeMachine
{
    public static readonly Guard<BadgeContext> PersonApproved = new(nameof(PersonApproved), c => c.PersonApproved,
        "人员信息审核通过后才能制证 (the person must pass the review first)");

    public static readonly Guard<BadgeContext> NeedsProduction = new(nameof(NeedsProduction), c => !c.ReuseWithoutUpgrade,
        "复用证件且标签未升级，无需制证 (a reused badge whose tag did not change is not produced again)");

    public static readonly Guard<BadgeContext> IsReuseWithoutUpgrade = new(nameof(IsReuseWithoutUpgrade), c => c.ReuseWithoutUpgrade,
        "只有未升级标签的复用人员可沿用上届证件 (only reuse persons whose tag did not change keep their badge)");

    public static readonly Guard<BadgeContext> DispatchDetailsGiven = new(nameof(DispatchDetailsGiven),
        c => c.Method == DispatchMethod.HandedToDelegation
             || (c.Method == DispatchMethod.Courier && !string.IsNullOrWhiteSpace(c.CourierCompany) && !string.IsNullOrWhiteSpace(c.TrackingNumber)),
        "快递发放须填写快递公司和快递单号 (courier dispatch needs the courier company and tracking number)");

    public static StateMachine<BadgeStatus, BadgeTrigger, BadgeContext> Table { get; } =
        new StateMachine<BadgeStatus, BadgeTrigger, BadgeContext>("Badge")
            .Permit(BadgeStatus.None, BadgeTrigger.Queue, BadgeStatus.Queued, PersonApproved, NeedsProduction)
            .Permit(BadgeStatus.None, BadgeTrigger.MarkReused, BadgeStatus.Reused, PersonApproved, IsReuseWithoutUpgrade)
            .Permit(BadgeStatus.Queued, BadgeTrigger.Produce, BadgeStatus.Produced)
            .Permit(BadgeStatus.Produced, BadgeTrigger.Dispatch, BadgeStatus.Dispatched, DispatchDetailsGiven);
}

/// <summary>The badge of one approved person (证件).</summary>
public sealed class Badge : AggregateRoot
{
    private Badge() { }

    public Badge(Guid personId, Guid editionId)
    {
        PersonId = personId;
        EditionId = editionId;
        Status = BadgeStatus.None;
    }

    public Guid PersonId { get; private set; }
    public Guid EditionId { get; private set; }
    public BadgeStatus Status { get; private set; }
    public string? BadgeNumber { get; private set; }
    public DispatchMethod? DispatchMethod { get; private set; }
    public string? CourierCompany { get; private set; }
    public string? TrackingNumber { get; private set; }
    public DateTimeOffset? ProducedAt { get; private set; }
    public DateTimeOffset? DispatchedAt { get; private set; }

    public void Queue(bool personApproved, bool reuseWithoutUpgrade, Actor actor, DateTimeOffset now) =>
        Fire(BadgeTrigger.Queue, new BadgeContext(personApproved, reuseWithoutUpgrade, null, null, null), actor, now);

    public void MarkReused(bool personApproved, bool reuseWithoutUpgrade, string previousBadgeNumber, Actor actor, DateTimeOffset now)
    {
        Fire(BadgeTrigger.MarkReused, new BadgeContext(personApproved, reuseWithoutUpgrade, null, null, null), actor, now);
        BadgeNumber = previousBadgeNumber;
    }

    public void Produce(string badgeNumber, Actor actor, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(badgeNumber)) throw new ArgumentException("A produced badge has a number.", nameof(badgeNumber));
        Fire(BadgeTrigger.Produce, new BadgeContext(true, false, null, null, null), actor, now);
        BadgeNumber = badgeNumber;
        ProducedAt = now;
    }

    public void Dispatch(DispatchMethod method, string? courierCompany, string? trackingNumber, Actor actor, DateTimeOffset now)
    {
        Fire(BadgeTrigger.Dispatch, new BadgeContext(true, false, method, courierCompany, trackingNumber), actor, now);
        DispatchMethod = method;
        CourierCompany = courierCompany?.Trim();
        TrackingNumber = trackingNumber?.Trim();
        DispatchedAt = now;
    }

    private void Fire(BadgeTrigger trigger, BadgeContext context, Actor actor, DateTimeOffset now)
    {
        var from = Status;
        Status = BadgeMachine.Table.Fire(Status, trigger, context);
        Record(BadgeMachine.Table.Name, from, Status, trigger.ToString(), actor, now);
    }
}
