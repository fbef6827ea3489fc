using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Badges;
using static CiieBlazor.Domain.Badges.BadgeStatus;
using static CiieBlazor.Domain.Badges.BadgeTrigger;

namespace CiieBlazor.Tests.Domain;

public class BadgeMachineTable
{
    private const string Name = "Badge";

    private static readonly BadgeContext Permissive = new(true, false, DispatchMethod.HandedToDelegation, "顺丰", "SF1", "遗失 lost");
    private static readonly BadgeContext Revoking = new(false, false, null, null, null, "遗失 lost");
    private static readonly BadgeContext NewBadge = new(PersonApproved: true, ReuseWithoutUpgrade: false, null, null, null);
    private static readonly BadgeContext ReusedBadge = NewBadge with { ReuseWithoutUpgrade = true };
    private static readonly BadgeContext ByCourier = new(false, false, DispatchMethod.Courier, "顺丰", "SF100");

    /// <summary>STATES.md: None → Queued → Produced → Dispatched; a reuse person whose tag did not change: Reused.</summary>
    private static readonly Dictionary<(BadgeStatus, BadgeTrigger), Row<BadgeStatus, BadgeContext>> Expected = new()
    {
        [(None, Queue)] = new(NewBadge, Queued)
        {
            Guards = [("PersonApproved", NewBadge with { PersonApproved = false }), ("NeedsProduction", NewBadge with { ReuseWithoutUpgrade = true })],
        },
        [(None, MarkReused)] = new(ReusedBadge, Reused)
        {
            Guards = [("PersonApproved", ReusedBadge with { PersonApproved = false }), ("IsReuseWithoutUpgrade", ReusedBadge with { ReuseWithoutUpgrade = false })],
        },
        [(Queued, Produce)] = new(new BadgeContext(false, false, null, null, null), Produced),
        [(Produced, Dispatch)] = new(ByCourier, Dispatched)
        {
            Branches = [(new BadgeContext(false, false, DispatchMethod.HandedToDelegation, null, null), Dispatched)],
            Guards = [("DispatchDetailsGiven", ByCourier with { TrackingNumber = " " })],
        },
        [(Produced, Revoke)] = new(Revoking, Revoked) { Guards = [("ReasonGiven", Revoking with { Reason = " " })] },
        [(Dispatched, Revoke)] = new(Revoking, Revoked) { Guards = [("ReasonGiven", Revoking with { Reason = null })] },
        [(Reused, Revoke)] = new(Revoking, Revoked) { Guards = [("ReasonGiven", Revoking with { Reason = "" })] },
        [(Revoked, Reissue)] = new(NewBadge, Queued) { Guards = [("PersonApproved", NewBadge with { PersonApproved = false })] },
    };

    public static TheoryData<BadgeStatus, BadgeTrigger> Pairs => MachineTable.AllPairs<BadgeStatus, BadgeTrigger>();
    public static TheoryData<BadgeStatus, BadgeTrigger, string> GuardCases => MachineTable.GuardCases(Expected);

    [Theory, MemberData(nameof(Pairs))]
    public void Every_state_and_trigger_pair_follows_the_table(BadgeStatus state, BadgeTrigger trigger)
    {
        MachineTable.AssertPair(BadgeMachine.Table, Name, Expected, Permissive, state, trigger);
        MachineTable.AssertPair(BadgeMachine.Table, Name, Expected, Permissive with { ReuseWithoutUpgrade = true }, state, trigger);
    }

    [Theory, MemberData(nameof(GuardCases))]
    public void Each_guard_alone_refuses_with_its_name(BadgeStatus state, BadgeTrigger trigger, string guard) =>
        MachineTable.AssertGuardRefuses(BadgeMachine.Table, Name, Expected, state, trigger, guard);

    [Fact]
    public void Has_exactly_the_expected_transitions_and_guards() => MachineTable.AssertSameTable(BadgeMachine.Table, Expected);

    [Theory]
    [InlineData(DispatchMethod.Courier, "顺丰", "SF1", true)]
    [InlineData(DispatchMethod.Courier, null, "SF1", false)]
    [InlineData(DispatchMethod.Courier, "顺丰", null, false)]
    [InlineData(DispatchMethod.HandedToDelegation, null, null, true)]
    [InlineData(null, "顺丰", "SF1", false)]
    public void Dispatch_details_depend_on_the_method(DispatchMethod? method, string? courier, string? tracking, bool given) =>
        Assert.Equal(given, BadgeMachine.DispatchDetailsGiven.Check(new BadgeContext(true, false, method, courier, tracking)));
}

public class BadgeLifecycle
{
    private static Badge NewBadge() => new(Guid.NewGuid(), Guid.NewGuid());

    [Fact]
    public void Approved_person_badge_is_queued_produced_and_sent_by_courier()
    {
        var badge = NewBadge();
        Assert.Equal(None, badge.Status);

        badge.Queue(personApproved: true, reuseWithoutUpgrade: false, Audit.Operator, Audit.Now);
        Assert.Equal(Queued, badge.Status);
        Audit.Single(badge, "Badge", "None", "Queued", "Queue", Audit.Operator, Audit.Now);

        var producedAt = Audit.Now.AddDays(1);
        badge.Produce("CIIE8-000123", Audit.Operator, producedAt);
        Assert.Equal((Produced, "CIIE8-000123", (DateTimeOffset?)producedAt), (badge.Status, badge.BadgeNumber, badge.ProducedAt));
        Audit.Single(badge, "Badge", "Queued", "Produced", "Produce", Audit.Operator, producedAt);

        var sentAt = Audit.Now.AddDays(2);
        badge.Dispatch(DispatchMethod.Courier, " 顺丰 ", " SF123 ", Audit.Operator, sentAt);
        Assert.Equal(Dispatched, badge.Status);
        Assert.Equal((DispatchMethod.Courier, "顺丰", "SF123", (DateTimeOffset?)sentAt), (badge.DispatchMethod, badge.CourierCompany, badge.TrackingNumber, badge.DispatchedAt));
        Audit.Single(badge, "Badge", "Produced", "Dispatched", "Dispatch", Audit.Operator, sentAt);
    }

    [Fact]
    public void Badge_can_be_handed_to_the_delegation_without_tracking()
    {
        var badge = NewBadge();
        badge.Queue(true, false, Audit.Operator, Audit.Now);
        badge.Produce("B1", Audit.Operator, Audit.Now);
        badge.Dispatch(DispatchMethod.HandedToDelegation, null, null, Audit.Operator, Audit.Now);
        Assert.Equal(Dispatched, badge.Status);
        Assert.Null(badge.TrackingNumber);
    }

    [Fact]
    public void Courier_dispatch_without_tracking_number_is_refused()
    {
        var badge = NewBadge();
        badge.Queue(true, false, Audit.Operator, Audit.Now);
        badge.Produce("B1", Audit.Operator, Audit.Now);
        Audit.Refused(badge, () => badge.Dispatch(DispatchMethod.Courier, "顺丰", "", Audit.Operator, Audit.Now), "DispatchDetailsGiven");
        Assert.Equal(Produced, badge.Status);
        Assert.Null(badge.DispatchedAt);
    }

    [Fact]
    public void Badge_of_an_unapproved_person_is_not_queued()
    {
        var badge = NewBadge();
        Audit.Refused(badge, () => badge.Queue(false, false, Audit.Operator, Audit.Now), "PersonApproved");
        Audit.Refused(badge, () => badge.MarkReused(false, true, "OLD-1", Audit.Operator, Audit.Now), "PersonApproved");
        Assert.Equal(None, badge.Status);
    }

    [Fact]
    public void Reuse_without_upgrade_keeps_the_previous_badge_and_is_not_produced()
    {
        var badge = NewBadge();
        Audit.Refused(badge, () => badge.Queue(true, reuseWithoutUpgrade: true, Audit.Operator, Audit.Now), "NeedsProduction");

        badge.MarkReused(true, true, "CIIE7-000042", Actor.System, Audit.Now);

        Assert.Equal(Reused, badge.Status);
        Assert.Equal("CIIE7-000042", badge.BadgeNumber);
        Audit.Single(badge, "Badge", "None", "Reused", "MarkReused", Actor.System, Audit.Now);
        Assert.Equal("Badge.Reused.Produce", Audit.Refused(badge, () => badge.Produce("X", Audit.Operator, Audit.Now), null).Code);
        Assert.Equal("CIIE7-000042", badge.BadgeNumber);
    }

    [Fact]
    public void Upgraded_reuse_person_cannot_keep_the_old_badge()
    {
        var badge = NewBadge();
        Audit.Refused(badge, () => badge.MarkReused(true, reuseWithoutUpgrade: false, "OLD", Audit.Operator, Audit.Now), "IsReuseWithoutUpgrade");
        Assert.Null(badge.BadgeNumber);
        badge.Queue(true, false, Audit.Operator, Audit.Now);
        Assert.Equal(Queued, badge.Status);
    }

    [Fact]
    public void Produced_badge_needs_a_number_and_cannot_be_produced_before_queueing()
    {
        var badge = NewBadge();
        Assert.Equal("Badge.None.Produce", Audit.Refused(badge, () => badge.Produce("B1", Audit.Operator, Audit.Now), null).Code);
        badge.Queue(true, false, Audit.Operator, Audit.Now);
        badge.TakeAudit();
        Assert.Throws<ArgumentException>(() => badge.Produce(" ", Audit.Operator, Audit.Now));
        Assert.Equal(Queued, badge.Status);
        Assert.Empty(badge.PendingAudit);
    }
}

public class BadgeRevokeAndReissue
{
    private static Badge ProducedBadge()
    {
        var badge = new Badge(Guid.NewGuid(), Guid.NewGuid());
        badge.Queue(true, false, Audit.Operator, Audit.Now);
        badge.Produce("CIIE10-SH-000001", Audit.Operator, Audit.Now);
        badge.TakeAudit();
        return badge;
    }

    [Fact]
    public void First_production_is_serial_one_and_a_reissue_keeps_the_number_with_the_next_serial()
    {
        var badge = ProducedBadge();
        Assert.Equal(1, badge.Serial);
        badge.Dispatch(DispatchMethod.Courier, "顺丰", "SF1", Audit.Operator, Audit.Now, Guid.NewGuid());
        badge.TakeAudit();

        badge.Revoke(" 遗失 ", Audit.Operator, Audit.Now);
        Assert.Equal((Revoked, "遗失"), (badge.Status, badge.RevokedReason));
        Audit.Single(badge, "Badge", "Dispatched", "Revoked", "Revoke", Audit.Operator, Audit.Now, "遗失");

        badge.Reissue(personApproved: true, Audit.Operator, Audit.Now);
        Assert.Equal((Queued, (Guid?)null, (string?)null), (badge.Status, badge.ShipmentId, badge.TrackingNumber));
        badge.Produce("IGNORED-NEW-NUMBER", Audit.Operator, Audit.Now);
        Assert.Equal(("CIIE10-SH-000001", 2), (badge.BadgeNumber, badge.Serial));
    }

    [Fact]
    public void Revoke_without_a_reason_changes_nothing()
    {
        var badge = ProducedBadge();
        Audit.Refused(badge, () => badge.Revoke("  ", Audit.Operator, Audit.Now), "ReasonGiven");
        Assert.Equal((Produced, (string?)null), (badge.Status, badge.RevokedReason));
    }

    [Fact]
    public void An_approved_reuse_person_with_the_same_tag_keeps_last_editions_badge_and_serial()
    {
        var badge = Badge.ForApprovedPerson(Guid.NewGuid(), Guid.NewGuid(), true, reuseWithoutUpgrade: true, "CIIE9-SH-000101", 3, Audit.Operator, Audit.Now);
        Assert.Equal((Reused, "CIIE9-SH-000101", 3), (badge.Status, badge.BadgeNumber, badge.Serial));
    }

    [Theory]
    [InlineData(false, "CIIE9-SH-000101")]
    [InlineData(true, null)]
    public void Anyone_else_gets_a_new_badge_queued(bool reuseWithoutUpgrade, string? previousNumber)
    {
        var badge = Badge.ForApprovedPerson(Guid.NewGuid(), Guid.NewGuid(), true, reuseWithoutUpgrade, previousNumber, 1, Audit.Operator, Audit.Now);
        Assert.Equal((Queued, (string?)null, 0), (badge.Status, badge.BadgeNumber, badge.Serial));
    }
}

public class BadgeWhereaboutsRule
{
    [Theory]
    [InlineData(None, null, BadgeWhereabouts.BeingMade)]
    [InlineData(Queued, null, BadgeWhereabouts.BeingMade)]
    [InlineData(Produced, null, BadgeWhereabouts.Made)]
    [InlineData(Dispatched, DispatchMethod.Courier, BadgeWhereabouts.SentByCourier)]
    [InlineData(Dispatched, DispatchMethod.HandedToDelegation, BadgeWhereabouts.AtDelegation)]
    [InlineData(Reused, null, BadgeWhereabouts.Reused)]
    [InlineData(Revoked, null, BadgeWhereabouts.Revoked)]
    public void EachStatusTellsTheOrganisationWhereItsBadgeIs(BadgeStatus status, DispatchMethod? method, BadgeWhereabouts where) =>
        Assert.Equal(where, BadgeMachine.Whereabouts(status, method));
}
