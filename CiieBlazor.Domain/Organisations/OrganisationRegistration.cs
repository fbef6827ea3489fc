using CiieBlazor.Domain.Common;

namespace CiieBlazor.Domain.Organisations;

/// <summary>
/// An organisation's registration for one edition (参观预登记): its delegation, its contacts and the data the
/// delegation reviews. Status changes only through <see cref="RegistrationMachine"/>.
/// </summary>
public sealed class OrganisationRegistration : AggregateRoot
{
    public const int MaxTextLength = 200;

    private OrganisationRegistration() { }

    public OrganisationRegistration(Guid organisationId, Guid editionId, Guid delegationId, string? referralCode, Guid? carriedFromRegistrationId = null)
    {
        OrganisationId = organisationId;
        EditionId = editionId;
        DelegationId = delegationId;
        ReferralCode = string.IsNullOrWhiteSpace(referralCode) ? null : referralCode.Trim();
        CarriedFromRegistrationId = carriedFromRegistrationId;
        Status = RegistrationStatus.Draft;
    }

    public Guid OrganisationId { get; private set; }
    public Guid EditionId { get; private set; }
    public Guid DelegationId { get; private set; }
    public string? ReferralCode { get; private set; }
    /// <summary>Set when the data was carried over from a previous edition's registration.</summary>
    public Guid? CarriedFromRegistrationId { get; private set; }
    public RegistrationStatus Status { get; private set; }

    public string? ContactName { get; private set; }
    public string? ContactMobile { get; private set; }
    public string? ContactEmail { get; private set; }
    public string? Address { get; private set; }
    public string? ContactPosition { get; private set; }
    public string? ContactPhone { get; private set; }
    public PurchasingIntent Intent { get; private set; } = PurchasingIntent.Empty;

    public string? ReturnReason { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public DateTimeOffset? ReviewedAt { get; private set; }

    public bool IsEditable => Status is RegistrationStatus.Draft or RegistrationStatus.Returned;

    public bool RequiredFieldsComplete =>
        !string.IsNullOrWhiteSpace(ContactName) && !string.IsNullOrWhiteSpace(ContactMobile) && !string.IsNullOrWhiteSpace(ContactEmail)
        && Intent.IsComplete;

    /// <summary>A new registration for <paramref name="editionId"/> carrying the previous one's delegation and data.</summary>
    public static OrganisationRegistration CarryOver(OrganisationRegistration previous, Guid editionId)
    {
        if (previous.EditionId == editionId)
            throw DomainException.Rule("OrganisationRegistration", "CarryOver", "OtherEdition", "只能带出往届信息 (only a previous edition's data can be carried over)");
        return new OrganisationRegistration(previous.OrganisationId, editionId, previous.DelegationId, null, previous.Id)
        {
            ContactName = previous.ContactName,
            ContactPosition = previous.ContactPosition,
            ContactMobile = previous.ContactMobile,
            ContactPhone = previous.ContactPhone,
            ContactEmail = previous.ContactEmail,
            Address = previous.Address,
            Intent = previous.Intent,
        };
    }

    /// <summary>Contacts and purchasing intent as filled in on the organisation form.</summary>
    public void UpdateDetails(string? contactName, string? contactPosition, string? contactMobile, string? contactPhone,
        string? contactEmail, string? address, PurchasingIntent intent)
    {
        var problems = intent.Problems();
        if (problems.Count > 0) throw DomainException.Rule("OrganisationRegistration", "Edit", "ValidData", problems[0]);
        UpdateContacts(contactName, contactMobile, contactEmail, address);
        ContactPosition = Clean(contactPosition);
        ContactPhone = Clean(contactPhone);
        Intent = intent;
    }

    public void UpdateContacts(string? name, string? mobile, string? email, string? address)
    {
        if (!IsEditable)
        {
            throw DomainException.Rule("OrganisationRegistration", "Edit", "Editable",
                "单位信息已提交，无法修改 (the organisation information was submitted and cannot be changed now)");
        }
        ContactName = Clean(name);
        ContactMobile = Clean(mobile);
        ContactEmail = Clean(email);
        Address = Clean(address);
    }

    public RegistrationContext Context(bool hasSubmittedPerson, Actor actor, Guid? delegationParentId, string? reason = null) =>
        new(RequiredFieldsComplete, hasSubmittedPerson,
            actor.Role is ActorRole.Admin or ActorRole.Operator || Delegations.Delegation.Covers(actor.DelegationId, DelegationId, delegationParentId),
            reason);

    public IReadOnlyList<RegistrationTrigger> PermittedTriggers(RegistrationContext context) => RegistrationMachine.Table.PermittedTriggers(Status, context);

    /// <summary>确认提交: needs complete data and at least one person submitted now or before.</summary>
    public void Submit(bool hasSubmittedPerson, Actor actor, DateTimeOffset now)
    {
        Fire(RegistrationTrigger.Submit, Context(hasSubmittedPerson, actor, null), actor, now, null);
        SubmittedAt = now;
        ReturnReason = null;
    }

    public void Approve(Actor actor, Guid? delegationParentId, DateTimeOffset now)
    {
        Fire(RegistrationTrigger.Approve, Context(true, actor, delegationParentId), actor, now, null);
        ReviewedAt = now;
    }

    public void Return(string reason, Actor actor, Guid? delegationParentId, DateTimeOffset now)
    {
        Fire(RegistrationTrigger.Return, Context(true, actor, delegationParentId, reason), actor, now, reason);
        ReturnReason = reason.Trim();
        ReviewedAt = now;
    }

    private void Fire(RegistrationTrigger trigger, RegistrationContext context, Actor actor, DateTimeOffset now, string? reason)
    {
        var from = Status;
        Status = RegistrationMachine.Table.Fire(Status, trigger, context);
        Record(RegistrationMachine.Table.Name, from, Status, trigger.ToString(), actor, now, reason);
    }

    private static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value.Trim();
        return text.Length <= MaxTextLength ? text
            : throw DomainException.Rule("OrganisationRegistration", "Edit", "ValidData",
                $"内容不能超过{MaxTextLength}个字符 (at most {MaxTextLength} characters)");
    }
}
