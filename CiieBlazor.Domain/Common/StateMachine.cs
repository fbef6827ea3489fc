namespace CiieBlazor.Domain.Common;

/// <summary>A named guard: a pure check over the transition context and the message given when it fails.</summary>
public sealed record Guard<TContext>(string Name, Func<TContext, bool> Check, string Message);

/// <summary>One row of a transition table.</summary>
public sealed record Transition<TState, TTrigger, TContext>(
    TState From,
    TTrigger Trigger,
    Func<TContext, TState> Target,
    IReadOnlyList<Guard<TContext>> Guards)
    where TState : struct, Enum
    where TTrigger : struct, Enum;

/// <summary>
/// An explicit (state, trigger) → state table with named guards. Every pair not in the table is refused
/// with a <see cref="DomainException"/> naming the machine, the state and the trigger.
/// </summary>
public sealed class StateMachine<TState, TTrigger, TContext>
    where TState : struct, Enum
    where TTrigger : struct, Enum
{
    private readonly Dictionary<(TState, TTrigger), Transition<TState, TTrigger, TContext>> _table = new();

    public StateMachine(string name) => Name = name;

    public string Name { get; }

    public IEnumerable<Transition<TState, TTrigger, TContext>> Transitions => _table.Values;

    public StateMachine<TState, TTrigger, TContext> Permit(TState from, TTrigger trigger, TState to, params Guard<TContext>[] guards) =>
        PermitDynamic(from, trigger, _ => to, guards);

    public StateMachine<TState, TTrigger, TContext> PermitDynamic(TState from, TTrigger trigger, Func<TContext, TState> to, params Guard<TContext>[] guards)
    {
        if (!_table.TryAdd((from, trigger), new Transition<TState, TTrigger, TContext>(from, trigger, to, guards)))
        {
            throw new InvalidOperationException($"{Name}: ({from}, {trigger}) is defined twice.");
        }
        return this;
    }

    public bool IsDefined(TState state, TTrigger trigger) => _table.ContainsKey((state, trigger));

    /// <summary>The guard that refuses the trigger now, or null when it would be accepted (or is not in the table).</summary>
    public Guard<TContext>? FailingGuard(TState state, TTrigger trigger, TContext context) =>
        _table.TryGetValue((state, trigger), out var t) ? t.Guards.FirstOrDefault(g => !g.Check(context)) : null;

    public bool CanFire(TState state, TTrigger trigger, TContext context) =>
        _table.TryGetValue((state, trigger), out var t) && t.Guards.All(g => g.Check(context));

    public IReadOnlyList<TTrigger> PermittedTriggers(TState state, TContext context) =>
        Enum.GetValues<TTrigger>().Where(trigger => CanFire(state, trigger, context)).ToArray();

    /// <summary>Returns the state the table leads to, or throws the domain error.</summary>
    public TState Fire(TState state, TTrigger trigger, TContext context)
    {
        if (!_table.TryGetValue((state, trigger), out var t))
        {
            throw new DomainException(Name, state.ToString(), trigger.ToString(), null,
                $"{Name}: “{trigger}” is not allowed in state “{state}”.");
        }
        foreach (var guard in t.Guards)
        {
            if (!guard.Check(context))
            {
                throw new DomainException(Name, state.ToString(), trigger.ToString(), guard.Name, guard.Message);
            }
        }
        return t.Target(context);
    }
}
