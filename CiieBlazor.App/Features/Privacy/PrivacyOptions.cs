using System.ComponentModel.DataAnnotations;
using CiieBlazor.App.Data;
using CiieBlazor.Domain.Privacy;
using Microsoft.Extensions.Options;

namespace CiieBlazor.App.Features.Privacy;

/// <summary>Configuration "Privacy": the policy version consents are recorded against, and how long personal data is kept.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>The version of 《个人信息及隐私保护政策》 and the registration privacy terms in force, e.g. "2027-1".</summary>
    [Required, MaxLength(ConsentRecord.MaxPolicyVersionLength)]
    public string PolicyVersion { get; set; } = "";

    /// <summary>Days after an edition's last day before its personal data is erased.</summary>
    [Range(PersonalDataRetention.MinRetentionDays, PersonalDataRetention.MaxRetentionDays)]
    public int RetentionDays { get; set; } = 365;

    /// <summary>
    /// Days the outbox, the delivered messages (phone numbers and email addresses) and the sign-in records are kept; at
    /// least 180: network logs are kept no less than six months (网络安全法 第二十一条).
    /// </summary>
    [Range(180, 3650)]
    public int MessageRetentionDays { get; set; } = 180;

    /// <summary>Days an uploaded ID photo that no person holds (the form was left before saving) is kept.</summary>
    [Range(1, 365)]
    public int UnusedPhotoDays { get; set; } = 1;

    /// <summary>Persons (and files) erased per transaction.</summary>
    [Range(1, 10_000)]
    public int RetentionBatchSize { get; set; } = 1_000;
}

/// <summary>Writes consent records into the caller's save, against the configured policy version.</summary>
public sealed class ConsentLog(IOptions<PrivacyOptions> options, TimeProvider clock)
{
    public string PolicyVersion => options.Value.PolicyVersion;

    /// <summary>Adds the record of the consent to <paramref name="db"/> (saved with the action); refuses when not ticked.</summary>
    public ConsentRecord Add(AppDbContext db, bool ticked, ConsentSubject subject, string userId, Guid organisationId, string? clientAddress)
    {
        // The circuit says "unknown" (Components/Routes.razor) when the connection had no remote address.
        var address = clientAddress is null or "unknown" ? null : clientAddress;
        var record = ConsentRecord.Given(ticked, subject, PolicyVersion, userId, organisationId, clock.GetUtcNow(), address);
        db.ConsentRecords.Add(record);
        return record;
    }
}
