using CiieBlazor.Domain.Common;

namespace CiieBlazor.Domain.Organisations;

public enum RegistrationStatus
{
    /// <summary>填写中</summary>
    Draft,
    /// <summary>待审核</summary>
    Submitted,
    /// <summary>审核通过</summary>
    Approved,
    /// <summary>退回修改</summary>
    Returned,
}

public enum RegistrationTrigger
{
    Submit,
    Approve,
    Return,
}

public sealed record RegistrationContext(
    bool RequiredFieldsValid,
    bool HasSubmittedPerson,
    bool ReviewerInScope,
    string? Reason);

/// <summary>The organisation registration machine of STATES.md.</summary>
public static class RegistrationMachine
{
    public static readonly Guard<RegistrationContext> RequiredFieldsValid = new(nameof(RequiredFieldsValid), c => c.RequiredFieldsValid,
        "请先完整填写单位信息 (fill in all required organisation information first)");

    public static readonly Guard<RegistrationContext> HasSubmittedPerson = new(nameof(HasSubmittedPerson), c => c.HasSubmittedPerson,
        "“确认提交”单位信息时，须至少同时或提前提交一名人员信息 (submit at least one person before or together with the organisation)");

    public static readonly Guard<RegistrationContext> ReviewerInScope = new(nameof(ReviewerInScope), c => c.ReviewerInScope,
        "该单位不属于您的交易团/分团 (this organisation is not in your delegation)");

    public static readonly Guard<RegistrationContext> ReasonGiven = new(nameof(ReasonGiven), c => !string.IsNullOrWhiteSpace(c.Reason),
        "请填写退回原因 (a reason is required)");

    public static StateMachine<RegistrationStatus, RegistrationTrigger, RegistrationContext> Table { get; } =
        new StateMachine<RegistrationStatus, RegistrationTrigger, RegistrationContext>("OrganisationRegistration")
            .Permit(RegistrationStatus.Draft, RegistrationTrigger.Submit, RegistrationStatus.Submitted, RequiredFieldsValid, HasSubmittedPerson)
            .Permit(RegistrationStatus.Submitted, RegistrationTrigger.Approve, RegistrationStatus.Approved, ReviewerInScope)
            .Permit(RegistrationStatus.Submitted, RegistrationTrigger.Return, RegistrationStatus.Returned, ReviewerInScope, ReasonGiven)
            .Permit(RegistrationStatus.Returned, RegistrationTrigger.Submit, RegistrationStatus.Submitted, RequiredFieldsValid, HasSubmittedPerson);
}
