namespace CiieBlazor.Domain.Common;

/// <summary>
/// The one error the domain raises when a rule refuses an action: it names the machine,
/// the state the entity was in, the trigger that was refused and, when a guard refused it,
/// the guard. <see cref="Code"/> is stable and used by the UI to pick a localized message.
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(string machine, string state, string trigger, string? guard, string message)
        : base(message)
    {
        Machine = machine;
        State = state;
        Trigger = trigger;
        Guard = guard;
    }

    public string Machine { get; }
    public string State { get; }
    public string Trigger { get; }
    /// <summary>The named guard that failed; null when the (state, trigger) pair is not in the table.</summary>
    public string? Guard { get; }

    /// <summary>Stable code, e.g. "Person.Saved.Submit.CommitmentTicked" or "Order.Paid.Cancel".</summary>
    public string Code => Guard is null ? $"{Machine}.{State}.{Trigger}" : $"{Machine}.{State}.{Trigger}.{Guard}";

    public static DomainException Rule(string machine, string trigger, string guard, string message) =>
        new(machine, "-", trigger, guard, message);
}
