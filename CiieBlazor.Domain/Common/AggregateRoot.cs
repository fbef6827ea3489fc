namespace CiieBlazor.Domain.Common;

/// <summary>
/// Base of every aggregate: an id, an app-managed concurrency token (SQLite has no row version)
/// and the audit entries produced since the aggregate was loaded.
/// </summary>
public abstract class AggregateRoot
{
    private readonly List<AuditEntry> _audit = new();

    public Guid Id { get; protected set; } = SequentialGuid.Next();

    /// <summary>Concurrency token, renewed by the persistence layer on every save.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    public IReadOnlyList<AuditEntry> PendingAudit => _audit;

    public IReadOnlyList<AuditEntry> TakeAudit()
    {
        var taken = _audit.ToArray();
        _audit.Clear();
        return taken;
    }

    protected void Record<TState>(string machine, TState from, TState to, string trigger, Actor actor, DateTimeOffset at, string? reason = null)
        where TState : struct, Enum =>
        _audit.Add(new AuditEntry(machine, Id, from.ToString(), to.ToString(), trigger, actor.UserId, actor.Name, at, reason));
}
