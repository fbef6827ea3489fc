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
    /// <summary>已作废 — reported lost or withdrawn; its QR code no longer opens the gate until a new badge is issued</summary>
    Revoked,
}

public enum BadgeTrigger
{
    Queue,
    MarkReused,
    Produce,
    Dispatch,
    /// <summary>挂失/作废 with a reason</summary>
    Revoke,
    /// <summary>补办: a revoked badge is produced again with a new serial (the old QR code stays refused)</summary>
    Reissue,
}

public enum BadgeWhereabouts
{
    /// <summary>制作中</summary>
    BeingMade,
    /// <summary>已制作，待发放</summary>
    Made,
    /// <summary>已快递寄出</summary>
    SentByCourier,
    /// <summary>已交交易团</summary>
    AtDelegation,
    /// <summary>沿用上届证件</summary>
    Reused,
    /// <summary>已作废，补办中</summary>
    Revoked,
}

public enum DispatchMethod
{
    /// <summary>快递</summary>
    Courier,
    /// <summary>交由交易团</summary>
    HandedToDelegation,
}

public sealed record BadgeContext(bool PersonApproved, bool ReuseWithoutUpgrade, DispatchMethod? Method, string? CourierCompany, string? TrackingNumber,
    string? Reason = null);

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

    public static readonly Guard<BadgeContext> ReasonGiven = new(nameof(ReasonGiven), c => !string.IsNullOrWhiteSpace(c.Reason),
        "请填写作废原因 (a reason is required)");

    /// <summary>At most this many badges travel in one courier parcel.</summary>
    public const int MaxBadgesPerParcel = 10;

    public static StateMachine<BadgeStatus, BadgeTrigger, BadgeContext> Table { get; } =
        new StateMachine<BadgeStatus, BadgeTrigger, BadgeContext>("Badge")
            .Permit(BadgeStatus.None, BadgeTrigger.Queue, BadgeStatus.Queued, PersonApproved, NeedsProduction)
            .Permit(BadgeStatus.None, BadgeTrigger.MarkReused, BadgeStatus.Reused, PersonApproved, IsReuseWithoutUpgrade)
            .Permit(BadgeStatus.Queued, BadgeTrigger.Produce, BadgeStatus.Produced)
            .Permit(BadgeStatus.Produced, BadgeTrigger.Dispatch, BadgeStatus.Dispatched, DispatchDetailsGiven)
            .Permit(BadgeStatus.Produced, BadgeTrigger.Revoke, BadgeStatus.Revoked, ReasonGiven)
            .Permit(BadgeStatus.Dispatched, BadgeTrigger.Revoke, BadgeStatus.Revoked, ReasonGiven)
            .Permit(BadgeStatus.Reused, BadgeTrigger.Revoke, BadgeStatus.Revoked, ReasonGiven)
            .Permit(BadgeStatus.Revoked, BadgeTrigger.Reissue, BadgeStatus.Queued, PersonApproved);

    /// <summary>Where a badge is, as its organisation reads it on 证件进度.</summary>
    public static BadgeWhereabouts Whereabouts(BadgeStatus status, DispatchMethod? method) => status switch
    {
        BadgeStatus.Dispatched => method == DispatchMethod.Courier ? BadgeWhereabouts.SentByCourier : BadgeWhereabouts.AtDelegation,
        BadgeStatus.Reused => BadgeWhereabouts.Reused,
        BadgeStatus.Revoked => BadgeWhereabouts.Revoked,
        BadgeStatus.Produced => BadgeWhereabouts.Made,
        _ => BadgeWhereabouts.BeingMade,
    };

    /// <summary>Badges that a gate may admit (a QR code was handed out for them).</summary>
    public static bool CanOpenGate(BadgeStatus status) => status is BadgeStatus.Produced or BadgeStatus.Dispatched or BadgeStatus.Reused;
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
    /// <summary>Which printing of the badge number is valid: 1 when first produced, one more on every reissue. The QR token carries it.</summary>
    public int Serial { get; private set; }
    /// <summary>The courier parcel (快递) or the hand-over batch (交由交易团) the badge left in.</summary>
    public Guid? ShipmentId { get; private set; }
    public string? RevokedReason { get; private set; }

    /// <summary>
    /// The badge an approved person gets: last edition's badge again when the person reuses it with the same tag
    /// (复用, nothing to produce), otherwise a new one queued for production (an upgraded reuse person too).
    /// </summary>
    public static Badge ForApprovedPerson(Guid personId, Guid editionId, bool personApproved, bool reuseWithoutUpgrade, string? previousBadgeNumber,
        int previousSerial, Actor actor, DateTimeOffset now)
    {
        var badge = new Badge(personId, editionId);
        if (reuseWithoutUpgrade && !string.IsNullOrWhiteSpace(previousBadgeNumber))
        {
            badge.MarkReused(personApproved, reuseWithoutUpgrade, previousBadgeNumber, actor, now);
            badge.Serial = Math.Max(1, previousSerial);
        }
        else badge.Queue(personApproved, false, actor, now);
        return badge;
    }

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
        BadgeNumber ??= badgeNumber.Trim(); // a reissued badge keeps its number
        Serial++;
        ProducedAt = now;
    }

    /// <summary>挂失/作废: the badge's QR code stops opening the gate at once.</summary>
    public void Revoke(string reason, Actor actor, DateTimeOffset now)
    {
        var from = Status;
        Status = BadgeMachine.Table.Fire(Status, BadgeTrigger.Revoke, new BadgeContext(true, false, null, null, null, reason));
        Record(BadgeMachine.Table.Name, from, Status, nameof(BadgeTrigger.Revoke), actor, now, reason.Trim());
        RevokedReason = reason.Trim();
    }

    /// <summary>补办: back to production with the same badge number; producing it again gives the next serial.</summary>
    public void Reissue(bool personApproved, Actor actor, DateTimeOffset now)
    {
        Fire(BadgeTrigger.Reissue, new BadgeContext(personApproved, false, null, null, null), actor, now);
        ShipmentId = null;
        DispatchMethod = null;
        CourierCompany = null;
        TrackingNumber = null;
        DispatchedAt = null;
    }

    public void Dispatch(DispatchMethod method, string? courierCompany, string? trackingNumber, Actor actor, DateTimeOffset now, Guid? shipmentId = null)
    {
        Fire(BadgeTrigger.Dispatch, new BadgeContext(true, false, method, courierCompany, trackingNumber), actor, now);
        ShipmentId = shipmentId;
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
