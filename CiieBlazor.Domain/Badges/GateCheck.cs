using CiieBlazor.Domain.Persons;

namespace CiieBlazor.Domain.Badges;

public enum GateDirection
{
    /// <summary>入馆</summary>
    In,
    /// <summary>出馆</summary>
    Out,
}

public enum GateRefusal
{
    None,
    /// <summary>Not a badge code, or no badge of this edition has that number.</summary>
    Unknown,
    /// <summary>Signature does not match: forged or altered.</summary>
    Forged,
    /// <summary>The badge was revoked, or the code is of an older printing (reissued since).</summary>
    Revoked,
    /// <summary>The badge was never handed out (not produced yet).</summary>
    NotIssued,
    /// <summary>The person was cancelled (注销) or failed the review.</summary>
    PersonCancelled,
    /// <summary>Today is not one of the person's entry dates.</summary>
    WrongDay,
    /// <summary>Scanned in again without going out (anti-passback): the badge is being passed on.</summary>
    AlreadyInside,
    /// <summary>Scanned out without being in.</summary>
    NotInside,
}

/// <summary>What the gate knows of one badge when it is scanned.</summary>
public sealed record GateBadge(string BadgeNumber, int Serial, BadgeStatus Status, PersonStatus PersonStatus, DateOnly? EntryFrom, DateOnly? EntryTo);

public readonly record struct GateDecision(bool Admit, GateRefusal Refusal)
{
    public static readonly GateDecision Admitted = new(true, GateRefusal.None);
    public static GateDecision Refuse(GateRefusal why) => new(false, why);
}

/// <summary>The gate's rule: which scan opens the turnstile and, when not, the one reason the guard reads out.</summary>
public static class GateCheck
{
    public static GateDecision Decide(TokenProblem token, int tokenSerial, GateBadge? badge, DateOnly today, GateDirection direction, bool inside)
    {
        if (token == TokenProblem.BadSignature) return GateDecision.Refuse(GateRefusal.Forged);
        if (token != TokenProblem.None || badge is null) return GateDecision.Refuse(GateRefusal.Unknown);
        if (badge.PersonStatus is PersonStatus.Cancelled or PersonStatus.Rejected or PersonStatus.Deleted) return GateDecision.Refuse(GateRefusal.PersonCancelled);
        if (badge.Status == BadgeStatus.Revoked || tokenSerial != badge.Serial) return GateDecision.Refuse(GateRefusal.Revoked);
        if (!BadgeMachine.CanOpenGate(badge.Status) || badge.PersonStatus != PersonStatus.Approved) return GateDecision.Refuse(GateRefusal.NotIssued);
        if (direction == GateDirection.Out) return inside ? GateDecision.Admitted : GateDecision.Refuse(GateRefusal.NotInside);
        if (badge.EntryFrom is not { } from || badge.EntryTo is not { } to || today < from || today > to) return GateDecision.Refuse(GateRefusal.WrongDay);
        return inside ? GateDecision.Refuse(GateRefusal.AlreadyInside) : GateDecision.Admitted;
    }

    /// <summary>What the guard reads on the scanner (Chinese first, then English).</summary>
    public static string Describe(GateRefusal refusal) => refusal switch
    {
        GateRefusal.None => "准许通行 (admit)",
        GateRefusal.Unknown => "无效证件：无法识别 (unknown badge)",
        GateRefusal.Forged => "无效证件：二维码被伪造或篡改 (forged or altered code)",
        GateRefusal.Revoked => "证件已作废 (badge revoked)",
        GateRefusal.NotIssued => "证件尚未制发 (badge not issued)",
        GateRefusal.PersonCancelled => "持证人已注销或未通过审核 (holder cancelled or not approved)",
        GateRefusal.WrongDay => "非入馆日期 (not an entry date of this badge)",
        GateRefusal.AlreadyInside => "已在馆内，不可重复入馆 (already inside)",
        GateRefusal.NotInside => "未入馆，无法出馆 (not inside)",
        _ => refusal.ToString(),
    };
}
