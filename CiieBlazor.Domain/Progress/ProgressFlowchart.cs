using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;

namespace CiieBlazor.Domain.Progress;

public enum StepState
{
    /// <summary>未开始</summary>
    NotStarted,
    /// <summary>进行中</summary>
    InProgress,
    /// <summary>需处理 (e.g. returned by the delegation)</summary>
    ActionRequired,
    /// <summary>已完成</summary>
    Done,
}

public enum ProgressStepKind
{
    Account = 1,
    OrganisationInfo = 2,
    Persons = 3,
    DelegationReview = 4,
    Payment = 5,
    PersonReview = 6,
    BadgeProduction = 7,
    BadgeDispatch = 8,
}

/// <summary>What a step in progress is waiting for, where the state alone does not say it.</summary>
public enum StepDetail
{
    None,
    /// <summary>待交易团审核单位信息</summary>
    AwaitingOrganisationReview,
    /// <summary>退回修改</summary>
    ReturnedForChanges,
    /// <summary>单位已审核通过，待标记人员</summary>
    AwaitingPersonTags,
}

public sealed record ProgressStep(ProgressStepKind Kind, StepState State, int? Done = null, int? Total = null, StepDetail Detail = StepDetail.None)
{
    public int Number => (int)Kind;
}

/// <summary>What the flowchart needs to know about one person.</summary>
public sealed record PersonProgress(PersonStatus Status, PersonTag? Tag, bool IsReuse, BadgeStatus Badge);

/// <summary>
/// 进度流程图: the eight steps a visitor organisation sees after login, computed from its registration and persons.
/// </summary>
public static class ProgressFlowchart
{
    public static IReadOnlyList<ProgressStep> Compute(RegistrationStatus? registration, IReadOnlyCollection<PersonProgress> persons)
    {
        var live = persons.Where(p => p.Status is not (PersonStatus.Deleted or PersonStatus.Cancelled)).ToArray();
        var submitted = live.Where(p => p.Status != PersonStatus.Saved).ToArray();

        var steps = new List<ProgressStep>(8)
        {
            new(ProgressStepKind.Account, StepState.Done),
            new(ProgressStepKind.OrganisationInfo, registration switch
            {
                null => StepState.NotStarted,
                RegistrationStatus.Draft => StepState.InProgress,
                RegistrationStatus.Returned => StepState.ActionRequired,
                _ => StepState.Done,
            }, Detail: registration == RegistrationStatus.Returned ? StepDetail.ReturnedForChanges : StepDetail.None),
            new(ProgressStepKind.Persons, live.Length == 0 ? StepState.NotStarted
                : live.Any(p => p.Status == PersonStatus.Saved) ? StepState.InProgress
                : StepState.Done, submitted.Length, live.Length),
        };

        // Step 4: the delegation approves the organisation, then tags (or lock-submits) every submitted person.
        var awaitingDelegation = submitted.Count(p => p.Status is PersonStatus.AwaitingTag or PersonStatus.AwaitingLock);
        var (reviewState, reviewDetail) = registration switch
        {
            RegistrationStatus.Submitted => (StepState.InProgress, StepDetail.AwaitingOrganisationReview),
            RegistrationStatus.Returned => (StepState.ActionRequired, StepDetail.ReturnedForChanges),
            RegistrationStatus.Approved when awaitingDelegation > 0 => (StepState.InProgress, StepDetail.AwaitingPersonTags),
            RegistrationStatus.Approved => (StepState.Done, StepDetail.None),
            _ => (StepState.NotStarted, StepDetail.None),
        };
        steps.Add(new(ProgressStepKind.DelegationReview, reviewState, submitted.Length - awaitingDelegation, submitted.Length, reviewDetail));

        // Step 5: fee-paying persons (professional visitors) once tagged; VIP and staff are exempt.
        var payers = submitted.Where(p => p.Tag == PersonTag.ProfessionalVisitor && p.Status is not (PersonStatus.AwaitingTag or PersonStatus.AwaitingLock)).ToArray();
        var paid = payers.Count(p => p.Status != PersonStatus.AwaitingPayment);
        steps.Add(new(ProgressStepKind.Payment,
            payers.Length == 0 ? (submitted.Length > 0 && awaitingDelegation == 0 && registration == RegistrationStatus.Approved ? StepState.Done : StepState.NotStarted)
            : paid == payers.Length ? StepState.Done
            : StepState.InProgress, paid, payers.Length));

        // Step 6: background review of every submitted person.
        var reviewed = submitted.Count(p => p.Status is PersonStatus.Approved or PersonStatus.Rejected);
        var inReview = submitted.Any(p => p.Status == PersonStatus.AwaitingReview);
        steps.Add(Counted(ProgressStepKind.PersonReview, reviewed, submitted.Length, inReview));

        // Steps 7 and 8: badges of approved persons. A reused badge needs neither production nor dispatch.
        var approved = submitted.Where(p => p.Status == PersonStatus.Approved).ToArray();
        var produced = approved.Count(p => p.Badge is BadgeStatus.Produced or BadgeStatus.Dispatched or BadgeStatus.Reused);
        var dispatched = approved.Count(p => p.Badge is BadgeStatus.Dispatched or BadgeStatus.Reused);
        var badgeTotal = submitted.Count(p => p.Status != PersonStatus.Rejected);
        steps.Add(Counted(ProgressStepKind.BadgeProduction, produced, badgeTotal, approved.Length > 0));
        steps.Add(Counted(ProgressStepKind.BadgeDispatch, dispatched, badgeTotal, produced > 0));
        return steps;
    }

    private static ProgressStep Counted(ProgressStepKind kind, int done, int total, bool started) =>
        new(kind, total > 0 && done == total ? StepState.Done : done > 0 || started ? StepState.InProgress : StepState.NotStarted, done, total);
}
