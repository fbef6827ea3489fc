using CiieBlazor.Domain.Badges;

namespace CiieBlazor.App.Data;

/// <summary>One scan at a gate, admitted or refused — every scan is kept (written in batches by the gate's log writer).</summary>
public sealed class GateScan
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid EditionId { get; set; }
    public string Gate { get; set; } = "";
    public GateDirection Direction { get; set; }
    /// <summary>The badge number the code claimed (null when the code could not be read at all).</summary>
    public string? BadgeNumber { get; set; }
    public int Serial { get; set; }
    public bool Admitted { get; set; }
    public GateRefusal Refusal { get; set; }
    /// <summary>The first characters of what was scanned, for looking into refusals (never a personal datum: badge codes only).</summary>
    public string Scanned { get; set; } = "";
}
