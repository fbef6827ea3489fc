using CiieBlazor.Domain.Common;

namespace CiieBlazor.Domain.Privacy;

/// <summary>What a visitor agreed to.</summary>
public enum ConsentSubject
{
    /// <summary>我已阅读并同意隐私条款: ticked on the registration entry page, recorded when the account is created.</summary>
    RegistrationPrivacyTerms,
    /// <summary>本人已阅读并同意《个人信息及隐私保护政策》: ticked on the person list, recorded when its persons are submitted.</summary>
    PersonalInformationPolicy,
}

/// <summary>
/// One consent as given: who (user and organisation), to what, to which version of the policy, when, and from which
/// client address when the circuit knows it. Written in the same save as the action it belongs to; never changed.
/// </summary>
public sealed class ConsentRecord
{
    public const int MaxUserIdLength = 450;
    public const int MaxPolicyVersionLength = 40;
    public const int MaxClientAddressLength = 64;

    private ConsentRecord() { }

    public Guid Id { get; private set; }
    public string UserId { get; private set; } = "";
    public Guid OrganisationId { get; private set; }
    public ConsentSubject Subject { get; private set; }
    public string PolicyVersion { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
    public string? ClientAddress { get; private set; }

    /// <summary>The record of a consent; refuses (<see cref="DomainException"/>) when the box was not ticked.</summary>
    public static ConsentRecord Given(bool ticked, ConsentSubject subject, string policyVersion, string userId, Guid organisationId,
        DateTimeOffset at, string? clientAddress)
    {
        if (!ticked) throw Refusal(subject);
        if (string.IsNullOrWhiteSpace(policyVersion) || policyVersion.Length > MaxPolicyVersionLength)
            throw new ArgumentException("The policy version is required (at most 40 characters).", nameof(policyVersion));
        if (string.IsNullOrWhiteSpace(userId)) throw new ArgumentException("The user is required.", nameof(userId));
        return new ConsentRecord
        {
            Id = SequentialGuid.Next(),
            UserId = userId,
            OrganisationId = organisationId,
            Subject = subject,
            PolicyVersion = policyVersion.Trim(),
            At = at,
            ClientAddress = string.IsNullOrWhiteSpace(clientAddress) ? null
                : clientAddress.Length > MaxClientAddressLength ? clientAddress[..MaxClientAddressLength] : clientAddress,
        };
    }

    /// <summary>The refusal of an action whose consent box was not ticked (code <c>Consent.-.{Subject}.Ticked</c>).</summary>
    public static DomainException Refusal(ConsentSubject subject) => DomainException.Rule("Consent", subject.ToString(), "Ticked", subject switch
    {
        ConsentSubject.RegistrationPrivacyTerms => "请阅读并同意隐私条款 (accept the privacy terms)",
        _ => "请阅读并同意《个人信息及隐私保护政策》 (accept the personal information and privacy policy)",
    });
}
