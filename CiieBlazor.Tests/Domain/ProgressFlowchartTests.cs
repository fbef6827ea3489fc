using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Progress;
using static CiieBlazor.Domain.Progress.StepState;

namespace CiieBlazor.Tests.Domain;

public class ProgressFlowchartCompute
{
    private static PersonProgress P(PersonStatus status, PersonTag? tag = null, BadgeStatus badge = BadgeStatus.None, bool reuse = false) =>
        new(status, tag, reuse, badge);

    private const PersonTag Pv = PersonTag.ProfessionalVisitor;
    private const PersonTag Vip = PersonTag.Vip;

    /// <summary>Asserts all eight steps: step 1 (account) always done, step 2's state, then (state, done, total) of steps 3–8.</summary>
    private static void AssertSteps(RegistrationStatus? registration, PersonProgress[] persons, StepState organisationInfo,
        params (StepState State, int Done, int Total)[] steps3To8)
    {
        var steps = ProgressFlowchart.Compute(registration, persons);

        Assert.Equal(Enumerable.Range(1, 8), steps.Select(s => s.Number));
        Assert.Equal(Enum.GetValues<ProgressStepKind>(), steps.Select(s => s.Kind));
        Assert.Equal((Done, (int?)null, (int?)null), (steps[0].State, steps[0].Done, steps[0].Total));
        Assert.Equal((organisationInfo, (int?)null, (int?)null), (steps[1].State, steps[1].Done, steps[1].Total));
        Assert.Equal(
            steps3To8.Select(s => (s.State, (int?)s.Done, (int?)s.Total)),
            steps.Skip(2).Select(s => (s.State, s.Done, s.Total)));
    }

    [Fact]
    public void No_registration_yet()
    {
        AssertSteps(null, [],
            NotStarted,
            (NotStarted, 0, 0), (NotStarted, 0, 0), (NotStarted, 0, 0), (NotStarted, 0, 0), (NotStarted, 0, 0), (NotStarted, 0, 0));
    }

    [Fact]
    public void Draft_with_an_unsubmitted_person()
    {
        AssertSteps(RegistrationStatus.Draft, [P(PersonStatus.Saved)],
            InProgress,
            (InProgress, 0, 1), (NotStarted, 0, 0), (NotStarted, 0, 0), (NotStarted, 0, 0), (NotStarted, 0, 0), (NotStarted, 0, 0));
    }

    [Fact]
    public void Submitted_with_one_person_awaiting_tag_is_under_delegation_review()
    {
        AssertSteps(RegistrationStatus.Submitted, [P(PersonStatus.AwaitingTag)],
            Done,
            (Done, 1, 1), (InProgress, 0, 1), (NotStarted, 0, 0), (NotStarted, 0, 1), (NotStarted, 0, 1), (NotStarted, 0, 1));
    }

    [Fact]
    public void Returned_registration_requires_action()
    {
        AssertSteps(RegistrationStatus.Returned, [P(PersonStatus.AwaitingTag)],
            ActionRequired,
            (Done, 1, 1), (ActionRequired, 0, 1), (NotStarted, 0, 0), (NotStarted, 0, 1), (NotStarted, 0, 1), (NotStarted, 0, 1));
    }

    [Fact]
    public void Approved_and_all_tagged_waits_for_payment_and_review()
    {
        AssertSteps(RegistrationStatus.Approved, [P(PersonStatus.AwaitingPayment, Pv), P(PersonStatus.AwaitingReview, Vip)],
            Done,
            (Done, 2, 2), (Done, 2, 2), (InProgress, 0, 1), (InProgress, 0, 2), (NotStarted, 0, 2), (NotStarted, 0, 2));
    }

    [Fact]
    public void Approved_with_a_person_still_awaiting_tag_or_lock_keeps_step_4_in_progress()
    {
        AssertSteps(RegistrationStatus.Approved, [P(PersonStatus.AwaitingTag), P(PersonStatus.AwaitingLock, Pv, reuse: true), P(PersonStatus.AwaitingPayment, Pv)],
            Done,
            (Done, 3, 3), (InProgress, 1, 3), (InProgress, 0, 1), (NotStarted, 0, 3), (NotStarted, 0, 3), (NotStarted, 0, 3));
    }

    [Fact]
    public void Only_exempt_persons_make_payment_done_with_nothing_to_pay()
    {
        AssertSteps(RegistrationStatus.Approved, [P(PersonStatus.AwaitingReview, Vip), P(PersonStatus.AwaitingReview, PersonTag.Staff)],
            Done,
            (Done, 2, 2), (Done, 2, 2), (Done, 0, 0), (InProgress, 0, 2), (NotStarted, 0, 2), (NotStarted, 0, 2));
    }

    [Fact]
    public void Paid_person_in_review_shows_0_of_1()
    {
        AssertSteps(RegistrationStatus.Approved, [P(PersonStatus.AwaitingReview, Pv)],
            Done,
            (Done, 1, 1), (Done, 1, 1), (Done, 1, 1), (InProgress, 0, 1), (NotStarted, 0, 1), (NotStarted, 0, 1));
    }

    [Fact]
    public void Counts_of_review_production_and_dispatch()
    {
        AssertSteps(RegistrationStatus.Approved,
            [P(PersonStatus.Approved, Pv, BadgeStatus.Queued), P(PersonStatus.Approved, Pv, BadgeStatus.Produced), P(PersonStatus.AwaitingReview, Pv)],
            Done,
            (Done, 3, 3), (Done, 3, 3), (Done, 3, 3), (InProgress, 2, 3), (InProgress, 1, 3), (InProgress, 0, 3));
    }

    [Fact]
    public void Approved_person_without_badge_starts_production_only()
    {
        AssertSteps(RegistrationStatus.Approved, [P(PersonStatus.Approved, Pv), P(PersonStatus.AwaitingPayment, Pv)],
            Done,
            (Done, 2, 2), (Done, 2, 2), (InProgress, 1, 2), (InProgress, 1, 2), (InProgress, 0, 2), (NotStarted, 0, 2));
    }

    [Fact]
    public void Everything_done_with_a_reused_badge_and_a_rejected_person()
    {
        AssertSteps(RegistrationStatus.Approved,
            [P(PersonStatus.Approved, Pv, BadgeStatus.Dispatched), P(PersonStatus.Approved, Vip, BadgeStatus.Reused, reuse: true), P(PersonStatus.Rejected, Pv)],
            Done,
            (Done, 3, 3), (Done, 3, 3), (Done, 2, 2), (Done, 3, 3), (Done, 2, 2), (Done, 2, 2));
    }

    [Fact]
    public void Cancelled_and_deleted_persons_are_ignored()
    {
        AssertSteps(RegistrationStatus.Approved,
            [P(PersonStatus.Approved, Pv, BadgeStatus.Dispatched), P(PersonStatus.Cancelled, Vip), P(PersonStatus.Deleted), P(PersonStatus.Cancelled, Pv)],
            Done,
            (Done, 1, 1), (Done, 1, 1), (Done, 1, 1), (Done, 1, 1), (Done, 1, 1), (Done, 1, 1));
    }

    [Fact]
    public void More_persons_added_after_submission_put_step_3_back_in_progress()
    {
        AssertSteps(RegistrationStatus.Approved, [P(PersonStatus.Approved, Pv, BadgeStatus.Dispatched), P(PersonStatus.Saved)],
            Done,
            (InProgress, 1, 2), (Done, 1, 1), (Done, 1, 1), (Done, 1, 1), (Done, 1, 1), (Done, 1, 1));
    }
}

public class DomainAssemblyReferences
{
    [Fact]
    public void Domain_references_only_the_base_class_library()
    {
        var assembly = typeof(Money).Assembly;
        var names = assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        Assert.Equal("CiieBlazor.Domain", assembly.GetName().Name);
        Assert.Contains("System.Runtime", names);
        foreach (var forbidden in new[] { "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "MudBlazor", "Microsoft.JSInterop", "Microsoft.Extensions", "Microsoft.Data" })
        {
            Assert.DoesNotContain(names, n => n.StartsWith(forbidden, StringComparison.OrdinalIgnoreCase));
        }
        Assert.All(names, n => Assert.True(n.StartsWith("System", StringComparison.Ordinal) || n is "netstandard" or "mscorlib", $"unexpected reference {n}"));
    }

    [Fact]
    public void Every_domain_type_lives_in_the_domain_namespace()
    {
        var types = typeof(Money).Assembly.GetTypes().Where(t => t.IsPublic).ToArray();
        Assert.Contains(typeof(StateMachine<,,>), types);
        Assert.All(types, t => Assert.StartsWith("CiieBlazor.Domain.", t.Namespace));
    }
}
