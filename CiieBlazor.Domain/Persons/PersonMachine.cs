using CiieBlazor.Domain.Common;

namespace CiieBlazor.Domain.Persons;

public sealed record PersonContext
{
    public bool DataValid { get; init; }
    public bool CommitmentTicked { get; init; }
    public bool ReuseEligible { get; init; }
    public bool OrganisationApproved { get; init; }
    public PersonTag? Tag { get; init; }
    /// <summary>The tag before an upgrade (the carried or current tag).</summary>
    public PersonTag? CurrentTag { get; init; }
    /// <summary>The tag the person had in the previous edition (reuse persons).</summary>
    public PersonTag? PreviousTag { get; init; }
    public bool QuotaAvailable { get; init; }
    public bool HeldByUnpaidOrder { get; init; }
    public string? Reason { get; init; }
}

/// <summary>The person machine of STATES.md.</summary>
public static class PersonMachine
{
    public static readonly Guard<PersonContext> DataValid = new(nameof(DataValid), c => c.DataValid,
        "人员信息不完整或格式不正确 (the person's data is incomplete or invalid)");

    public static readonly Guard<PersonContext> CommitmentTicked = new(nameof(CommitmentTicked), c => c.CommitmentTicked,
        "请勾选承诺信息 (tick the commitment first)");

    public static readonly Guard<PersonContext> ReuseEligible = new(nameof(ReuseEligible), c => c.ReuseEligible,
        "该人员不符合证件复用条件：须持有上届专业观众证件并通过人员信息审核 (not eligible for badge reuse)");

    public static readonly Guard<PersonContext> OrganisationApproved = new(nameof(OrganisationApproved), c => c.OrganisationApproved,
        "单位信息尚未审核通过，不能标记人员 (the organisation is not approved yet)");

    public static readonly Guard<PersonContext> TagGiven = new(nameof(TagGiven), c => c.Tag is not null,
        "请选择人员标签 (choose a tag)");

    public static readonly Guard<PersonContext> QuotaAvailable = new(nameof(QuotaAvailable), c => (c.Tag ?? c.CurrentTag) is not (PersonTag.Vip or PersonTag.Staff) || c.QuotaAvailable,
        "VIP/工作人员名额已满 (the VIP / staff quota is used up)");

    public static readonly Guard<PersonContext> UpgradeAllowed = new(nameof(UpgradeAllowed),
        c => c.PreviousTag != PersonTag.Vip && c.CurrentTag is { } from && c.Tag is { } to && PersonTags.CanUpgrade(from, to),
        "只能将专业观众升级为工作人员或VIP、工作人员升级为VIP；原VIP人员无法修改标签 (only professional visitor → staff/VIP and staff → VIP; a former VIP cannot change)");

    public static readonly Guard<PersonContext> NotHeldByUnpaidOrder = new(nameof(NotHeldByUnpaidOrder), c => !c.HeldByUnpaidOrder,
        "该人员已在未支付订单中，请先取消订单 (the person is in an unpaid order; cancel the order first)");

    public static readonly Guard<PersonContext> ReasonGiven = new(nameof(ReasonGiven), c => !string.IsNullOrWhiteSpace(c.Reason),
        "请填写原因 (a reason is required)");

    private static PersonStatus AfterTagging(PersonContext c) =>
        (c.Tag ?? c.CurrentTag) is PersonTag.Vip or PersonTag.Staff ? PersonStatus.AwaitingReview : PersonStatus.AwaitingPayment;

    public static StateMachine<PersonStatus, PersonTrigger, PersonContext> Table { get; } = Build();

    /// <summary>Statuses of a person who was submitted and is still live (counts for “at least one person submitted”).</summary>
    public static readonly PersonStatus[] SubmittedStatuses =
        Enum.GetValues<PersonStatus>().Where(s => s is not (PersonStatus.Saved or PersonStatus.Deleted or PersonStatus.Cancelled)).ToArray();

    /// <summary>The complement of <see cref="SubmittedStatuses"/>: a short NOT IN list lets a database walk an index in order.</summary>
    public static readonly PersonStatus[] NotSubmittedStatuses = Enum.GetValues<PersonStatus>().Except(SubmittedStatuses).ToArray();

    /// <summary>Statuses in which a person's tag counts as given (当前配置数): everything but cancelled and deleted.</summary>
    public static readonly PersonStatus[] HoldingTagStatuses =
        Enum.GetValues<PersonStatus>().Where(s => s is not (PersonStatus.Cancelled or PersonStatus.Deleted)).ToArray();

    private static StateMachine<PersonStatus, PersonTrigger, PersonContext> Build()
    {
        var m = new StateMachine<PersonStatus, PersonTrigger, PersonContext>("Person")
            .Permit(PersonStatus.Saved, PersonTrigger.Edit, PersonStatus.Saved)
            .Permit(PersonStatus.Saved, PersonTrigger.Submit, PersonStatus.AwaitingTag, DataValid, CommitmentTicked)
            .Permit(PersonStatus.Saved, PersonTrigger.SubmitReuse, PersonStatus.AwaitingLock, DataValid, CommitmentTicked, ReuseEligible)
            .Permit(PersonStatus.Saved, PersonTrigger.Delete, PersonStatus.Deleted)
            .PermitDynamic(PersonStatus.AwaitingTag, PersonTrigger.Tag, AfterTagging, TagGiven, OrganisationApproved, QuotaAvailable)
            .Permit(PersonStatus.AwaitingLock, PersonTrigger.Upgrade, PersonStatus.AwaitingLock, TagGiven, UpgradeAllowed, QuotaAvailable)
            .PermitDynamic(PersonStatus.AwaitingLock, PersonTrigger.Lock, AfterTagging, OrganisationApproved, QuotaAvailable)
            .Permit(PersonStatus.AwaitingPayment, PersonTrigger.ChangeEntryDates, PersonStatus.AwaitingPayment, NotHeldByUnpaidOrder)
            .Permit(PersonStatus.AwaitingPayment, PersonTrigger.OrderPaid, PersonStatus.AwaitingReview)
            .Permit(PersonStatus.AwaitingReview, PersonTrigger.Approve, PersonStatus.Approved)
            .Permit(PersonStatus.AwaitingReview, PersonTrigger.Reject, PersonStatus.Rejected, ReasonGiven);
        foreach (var state in Enum.GetValues<PersonStatus>().Where(s => s is not (PersonStatus.Cancelled or PersonStatus.Deleted)))
        {
            m.Permit(state, PersonTrigger.Cancel, PersonStatus.Cancelled);
        }
        return m;
    }
}
