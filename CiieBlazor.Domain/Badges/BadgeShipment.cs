using CiieBlazor.Domain.Common;

namespace CiieBlazor.Domain.Badges;

/// <summary>
/// 证件发放 in one go: a courier parcel (快递, up to <see cref="BadgeMachine.MaxBadgesPerParcel"/> badges to one address,
/// with courier company and tracking number) or a batch handed to a delegation (交由交易团, with a hand-over list that
/// the receiver signs).
/// </summary>
public sealed class BadgeShipment : AggregateRoot
{
    public const int MaxTextLength = 200;

    private BadgeShipment() { }

    private BadgeShipment(Guid editionId, DispatchMethod method, string number, DateTimeOffset now, Actor actor)
    {
        EditionId = editionId;
        Method = method;
        Number = number;
        CreatedAt = now;
        CreatedBy = actor.Name;
    }

    public Guid EditionId { get; private set; }
    public DispatchMethod Method { get; private set; }
    /// <summary>Shipment number shown on the hand-over list and the parcel label, e.g. FH-10-000012.</summary>
    public string Number { get; private set; } = "";
    public string? CourierCompany { get; private set; }
    public string? TrackingNumber { get; private set; }
    /// <summary>Courier: the recipient, phone and address as they were when the parcel left.</summary>
    public string? Recipient { get; private set; }
    public string? RecipientPhone { get; private set; }
    public string? Address { get; private set; }
    /// <summary>Hand-over: the delegation that receives the batch.</summary>
    public Guid? DelegationId { get; private set; }
    public int BadgeCount { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";

    /// <summary>A courier parcel: every badge goes to the same address, at most ten in a parcel.</summary>
    public static BadgeShipment Parcel(Guid editionId, string number, string courierCompany, string trackingNumber, string recipient, string phone, string address,
        IReadOnlyCollection<Badge> badges, Actor actor, DateTimeOffset now)
    {
        if (badges.Count > BadgeMachine.MaxBadgesPerParcel)
            throw DomainException.Rule("BadgeShipment", "Parcel", "ParcelSize",
                $"每个快递包裹最多{BadgeMachine.MaxBadgesPerParcel}张证件 (at most {BadgeMachine.MaxBadgesPerParcel} badges per parcel)");
        var shipment = new BadgeShipment(editionId, DispatchMethod.Courier, number, now, actor)
        {
            CourierCompany = Text(courierCompany, "快递公司 (courier company)"),
            TrackingNumber = Tracking(trackingNumber),
            Recipient = recipient.Trim(),
            RecipientPhone = phone.Trim(),
            Address = address.Trim(),
        };
        shipment.Send(badges, actor, now);
        return shipment;
    }

    /// <summary>A batch handed to the delegation, which passes the badges on to its organisations.</summary>
    public static BadgeShipment Handover(Guid editionId, string number, Guid delegationId, IReadOnlyCollection<Badge> badges, Actor actor, DateTimeOffset now)
    {
        var shipment = new BadgeShipment(editionId, DispatchMethod.HandedToDelegation, number, now, actor) { DelegationId = delegationId };
        shipment.Send(badges, actor, now);
        return shipment;
    }

    private void Send(IReadOnlyCollection<Badge> badges, Actor actor, DateTimeOffset now)
    {
        if (badges.Count == 0) throw DomainException.Rule("BadgeShipment", "Send", "BadgesChosen", "请选择证件 (choose badges)");
        foreach (var badge in badges) badge.Dispatch(Method, CourierCompany, TrackingNumber, actor, now, Id);
        BadgeCount = badges.Count;
    }

    private static string Text(string? value, string label) =>
        string.IsNullOrWhiteSpace(value) || value.Trim().Length > MaxTextLength
            ? throw DomainException.Rule("BadgeShipment", "Parcel", "DispatchDetailsGiven", $"请填写{label}（不超过{MaxTextLength}字）")
            : value.Trim();

    /// <summary>Tracking numbers are letters and digits (SF1234567890, YT…, JD…), 6–40 characters.</summary>
    private static string Tracking(string? value)
    {
        var t = value?.Trim() ?? "";
        return t.Length is >= 6 and <= 40 && t.All(char.IsAsciiLetterOrDigit)
            ? t.ToUpperInvariant()
            : throw DomainException.Rule("BadgeShipment", "Parcel", "TrackingNumber", "快递单号应为6–40位字母或数字 (a tracking number is 6–40 letters or digits)");
    }
}
