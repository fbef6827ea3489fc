namespace CiieBlazor.Domain.Common;

/// <summary>One recorded state change: who, when, from, to, why. Written in the same save as the change.</summary>
public sealed record AuditEntry(
    string Machine,
    Guid EntityId,
    string From,
    string To,
    string Trigger,
    string ActorId,
    string ActorName,
    DateTimeOffset At,
    string? Reason);
