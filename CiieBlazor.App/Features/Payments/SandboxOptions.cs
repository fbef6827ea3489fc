namespace CiieBlazor.App.Features.Payments;

/// <summary>Configuration "Payments:Sandbox": the sandbox provider's key, where its pages live and how it delivers notifications.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Payments:Sandbox";

    /// <summary>The providers' retry rhythm: at once, then 2 s, 10 s, 1 min, 5 min, 30 min, 1 h, 6 h (about a day in all, as the wallets do).</summary>
    public static readonly TimeSpan[] DefaultRetrySchedule =
    [
        TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(6),
    ];

    /// <summary>
    /// Whether the sandbox takes payments. On for development and the demo; must be off wherever real money is due: its
    /// pay page marks an order paid without any money moving.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The HMAC-SHA256 key shared by the sandbox and the app (at least 32 characters).</summary>
    public string Secret { get; set; } = "";

    /// <summary>Where a phone reaches the sandbox's pay pages (e.g. the machine's LAN address); the visitor's site when empty.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Where the sandbox posts its notifications; the visitor's site when empty.</summary>
    public string? NotifyBaseUrl { get; set; }

    /// <summary>Pause before each delivery try (the first is usually zero); <see cref="DefaultRetrySchedule"/> when empty.</summary>
    public TimeSpan[]? RetrySchedule { get; set; }

    /// <summary>How often a delivered notification is sent a second time (0 never, 1 always) — real providers do.</summary>
    public double DuplicateRate { get; set; } = 0.2;

    /// <summary>How long one notification POST may take before it counts as failed.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Signatures older or newer than this are refused (replays); retries are signed afresh.</summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Trades older than this are dropped from the in-memory ledger.</summary>
    public TimeSpan LedgerRetention { get; set; } = TimeSpan.FromDays(3);

    public string MerchantName { get; set; } = "中国国际进口博览局 (CIIE Bureau)";

    public IReadOnlyList<TimeSpan> Schedule => RetrySchedule is { Length: > 0 } s ? s : DefaultRetrySchedule;
}
