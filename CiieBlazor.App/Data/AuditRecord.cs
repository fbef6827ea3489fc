namespace CiieBlazor.App.Data;

/// <summary>A stored audit entry: every state change and every refused access, with who, when, from, to and why.</summary>
public sealed class AuditRecord
{
    public long Id { get; set; }
    public string Machine { get; set; } = "";
    public Guid EntityId { get; set; }
    public string From { get; set; } = "";
    public string To { get; set; } = "";
    public string Trigger { get; set; } = "";
    public string ActorId { get; set; } = "";
    public string ActorName { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string? Reason { get; set; }
}

/// <summary>A named counter handed out inside a transaction (order number sequence and similar).</summary>
public sealed class SequenceCounter
{
    public string Name { get; set; } = "";
    public long Value { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

public enum FilePurpose
{
    PersonPhoto,
    Qualification,
    RemittanceVoucher,
    /// <summary>An issued e-invoice or red credit note (PDF), never replaced.</summary>
    Invoice,
}

/// <summary>An uploaded file kept outside the web root under a random name.</summary>
public sealed class StoredFile
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? OrganisationId { get; set; }
    /// <summary>Set for qualification documents of a registration.</summary>
    public Guid? RegistrationId { get; set; }
    public FilePurpose Purpose { get; set; }
    public string OriginalName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    /// <summary>Path relative to the storage root.</summary>
    public string StoragePath { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
