namespace CiieBlazor.App.Data;

public enum MessageChannel
{
    Sms,
    Email,
}

/// <summary>
/// A message waiting to be sent, written in the same save as the event that causes it; the dispatcher sends it
/// and marks it, retrying with back-off while a sender is down.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public MessageChannel Channel { get; set; }
    public string Recipient { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    /// <summary>What caused it, e.g. "VerificationCode", "PersonTagged".</summary>
    public string Kind { get; set; } = "";
    public Guid? OrganisationId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

/// <summary>What the default (recording) SMS and email senders delivered: the demo "phone" and "mailbox".</summary>
public sealed class DeliveredMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OutboxMessageId { get; set; }
    public MessageChannel Channel { get; set; }
    public string Recipient { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTimeOffset DeliveredAt { get; set; }
}

/// <summary>A one-time verification code sent by SMS or email; only its salted hash is kept.</summary>
public sealed class VerificationCodeRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public MessageChannel Channel { get; set; }
    /// <summary>The blind index of the phone number or email address (<see cref="AppDbContext.RecipientIndexOf"/>), not the address itself.</summary>
    public string Target { get; set; } = "";
    public Guid OrganisationId { get; set; }
    public string ClientAddress { get; set; } = "";
    public byte[] Salt { get; set; } = [];
    public byte[] Hash { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int FailedAttempts { get; set; }
    public DateTimeOffset? ConsumedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>The autosaved state of a form (what was typed, valid or not), per registration and form.</summary>
public sealed class FormDraft
{
    public Guid RegistrationId { get; set; }
    public string Form { get; set; } = "";
    public string Json { get; set; } = "{}";
    public DateTimeOffset SavedAt { get; set; }
    public string SavedBy { get; set; } = "";
    public Guid Version { get; set; } = Guid.NewGuid();
}
