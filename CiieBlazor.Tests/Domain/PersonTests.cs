using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Delegations;
using CiieBlazor.Domain.Editions;
using CiieBlazor.Domain.Persons;
using static CiieBlazor.Domain.Persons.PersonStatus;
using static CiieBlazor.Domain.Persons.PersonTrigger;

namespace CiieBlazor.Tests.Domain;

public class PersonMachineTable
{
    private const string Name = "Person";

    /// <summary>Passes every guard of every transition; used to show that refused pairs do not depend on the context.</summary>
    private static readonly PersonContext Permissive = new()
    {
        DataValid = true, CommitmentTicked = true, ReuseEligible = true, OrganisationApproved = true,
        Tag = PersonTag.Staff, CurrentTag = PersonTag.ProfessionalVisitor, PreviousTag = PersonTag.ProfessionalVisitor,
        QuotaAvailable = true, HeldByUnpaidOrder = false, Reason = "资料不实",
    };

    private static readonly PersonContext None = new();
    private static readonly PersonContext SubmitOk = new() { DataValid = true, CommitmentTicked = true };
    private static readonly PersonContext ReuseOk = SubmitOk with { ReuseEligible = true };
    private static readonly PersonContext TagVip = new() { Tag = PersonTag.Vip, OrganisationApproved = true, QuotaAvailable = true };
    private static readonly PersonContext UpgradePvToVip = new()
    {
        Tag = PersonTag.Vip, CurrentTag = PersonTag.ProfessionalVisitor, PreviousTag = PersonTag.ProfessionalVisitor, QuotaAvailable = true,
    };
    private static readonly PersonContext LockVip = new() { CurrentTag = PersonTag.Vip, OrganisationApproved = true, QuotaAvailable = true };

    private static Row<PersonStatus, PersonContext> CancelRow => new(None, Cancelled);

    /// <summary>STATES.md, "Person"; Edit is the "keep editing a saved person" trigger; Delete leads to Deleted (kept for the audit trail).</summary>
    private static readonly Dictionary<(PersonStatus, PersonTrigger), Row<PersonStatus, PersonContext>> Expected = new()
    {
        [(Saved, Edit)] = new(None, Saved),
        [(Saved, Submit)] = new(SubmitOk, AwaitingTag)
        {
            Guards = [("DataValid", SubmitOk with { DataValid = false }), ("CommitmentTicked", SubmitOk with { CommitmentTicked = false })],
        },
        [(Saved, SubmitReuse)] = new(ReuseOk, AwaitingLock)
        {
            Guards =
            [
                ("DataValid", ReuseOk with { DataValid = false }),
                ("CommitmentTicked", ReuseOk with { CommitmentTicked = false }),
                ("ReuseEligible", ReuseOk with { ReuseEligible = false }),
            ],
        },
        [(Saved, Delete)] = new(None, Deleted),
        [(Saved, PersonTrigger.Cancel)] = CancelRow,

        [(AwaitingTag, Tag)] = new(TagVip, AwaitingReview)
        {
            Branches =
            [
                (TagVip with { Tag = PersonTag.Staff }, AwaitingReview),
                // A professional visitor needs no quota place.
                (TagVip with { Tag = PersonTag.ProfessionalVisitor, QuotaAvailable = false }, AwaitingPayment),
            ],
            Guards =
            [
                ("TagGiven", TagVip with { Tag = null }),
                ("OrganisationApproved", TagVip with { OrganisationApproved = false }),
                ("QuotaAvailable", TagVip with { QuotaAvailable = false }),
            ],
        },
        [(AwaitingTag, PersonTrigger.Cancel)] = CancelRow,

        [(AwaitingLock, Upgrade)] = new(UpgradePvToVip, AwaitingLock)
        {
            Branches =
            [
                (UpgradePvToVip with { Tag = PersonTag.Staff }, AwaitingLock),
                (UpgradePvToVip with { CurrentTag = PersonTag.Staff, PreviousTag = PersonTag.Staff }, AwaitingLock),
            ],
            Guards =
            [
                ("TagGiven", UpgradePvToVip with { Tag = null }),
                ("UpgradeAllowed", UpgradePvToVip with { CurrentTag = PersonTag.Vip, PreviousTag = PersonTag.Vip }),
                ("QuotaAvailable", UpgradePvToVip with { QuotaAvailable = false }),
            ],
            // Without a chosen tag there is nothing to upgrade to.
            AlsoFailing = new Dictionary<string, string[]> { ["TagGiven"] = ["UpgradeAllowed"] },
        },
        [(AwaitingLock, PersonTrigger.Lock)] = new(LockVip, AwaitingReview)
        {
            Branches =
            [
                (LockVip with { CurrentTag = PersonTag.Staff }, AwaitingReview),
                (LockVip with { CurrentTag = PersonTag.ProfessionalVisitor, QuotaAvailable = false }, AwaitingPayment),
            ],
            Guards =
            [
                ("OrganisationApproved", LockVip with { OrganisationApproved = false }),
                ("QuotaAvailable", LockVip with { QuotaAvailable = false }),
            ],
        },
        [(AwaitingLock, PersonTrigger.Cancel)] = CancelRow,

        [(AwaitingPayment, ChangeEntryDates)] = new(None, AwaitingPayment)
        {
            Guards = [("NotHeldByUnpaidOrder", None with { HeldByUnpaidOrder = true })],
        },
        [(AwaitingPayment, OrderPaid)] = new(None, AwaitingReview),
        [(AwaitingPayment, PersonTrigger.Cancel)] = CancelRow,

        [(AwaitingReview, Approve)] = new(None, Approved),
        [(AwaitingReview, Reject)] = new(None with { Reason = "背景审查未通过" }, Rejected)
        {
            Guards = [("ReasonGiven", None with { Reason = " " })],
        },
        [(AwaitingReview, PersonTrigger.Cancel)] = CancelRow,

        [(Approved, PersonTrigger.Cancel)] = CancelRow,
        [(Rejected, PersonTrigger.Cancel)] = CancelRow,
    };

    public static TheoryData<PersonStatus, PersonTrigger> Pairs => MachineTable.AllPairs<PersonStatus, PersonTrigger>();
    public static TheoryData<PersonStatus, PersonTrigger, string> GuardCases => MachineTable.GuardCases(Expected);

    [Theory, MemberData(nameof(Pairs))]
    public void Every_state_and_trigger_pair_follows_the_table(PersonStatus state, PersonTrigger trigger) =>
        MachineTable.AssertPair(PersonMachine.Table, Name, Expected, Permissive, state, trigger);

    [Theory, MemberData(nameof(GuardCases))]
    public void Each_guard_alone_refuses_with_its_name(PersonStatus state, PersonTrigger trigger, string guard) =>
        MachineTable.AssertGuardRefuses(PersonMachine.Table, Name, Expected, state, trigger, guard);

    [Fact]
    public void Has_exactly_the_expected_transitions_and_guards() => MachineTable.AssertSameTable(PersonMachine.Table, Expected);

    [Theory]
    [InlineData(PersonTag.ProfessionalVisitor, PersonTag.Staff, true)]
    [InlineData(PersonTag.ProfessionalVisitor, PersonTag.Vip, true)]
    [InlineData(PersonTag.Staff, PersonTag.Vip, true)]
    [InlineData(PersonTag.ProfessionalVisitor, PersonTag.ProfessionalVisitor, false)]
    [InlineData(PersonTag.Staff, PersonTag.Staff, false)]
    [InlineData(PersonTag.Staff, PersonTag.ProfessionalVisitor, false)]
    [InlineData(PersonTag.Vip, PersonTag.Vip, false)]
    [InlineData(PersonTag.Vip, PersonTag.Staff, false)]
    [InlineData(PersonTag.Vip, PersonTag.ProfessionalVisitor, false)]
    public void Upgrade_rule_matrix(PersonTag from, PersonTag to, bool allowed)
    {
        Assert.Equal(allowed, PersonTags.CanUpgrade(from, to));
        var context = new PersonContext { Tag = to, CurrentTag = from, PreviousTag = from, QuotaAvailable = true };
        Assert.Equal(allowed, PersonMachine.Table.CanFire(AwaitingLock, Upgrade, context));
    }

    [Fact]
    public void A_former_vip_cannot_change_even_when_the_current_tag_would_allow_it()
    {
        var context = new PersonContext { Tag = PersonTag.Vip, CurrentTag = PersonTag.Staff, PreviousTag = PersonTag.Vip, QuotaAvailable = true };
        Assert.Equal("UpgradeAllowed", PersonMachine.Table.FailingGuard(AwaitingLock, Upgrade, context)?.Name);
    }
}

public class PersonSubmit
{
    private readonly Edition _edition = Build.Edition();
    private readonly Guid _org = Guid.NewGuid();
    private readonly Guid _delegation = Guid.NewGuid();

    [Fact]
    public void Valid_person_goes_to_awaiting_tag_and_is_recorded()
    {
        var person = Build.Saved(_edition, _org, _delegation);
        Assert.False(person.IsSubmitted);

        person.Submit(_edition.FirstDay, _edition.LastDay, Audit.Visitor, Audit.Now);

        Assert.Equal(AwaitingTag, person.Status);
        Assert.True(person.IsSubmitted);
        Assert.Equal(Audit.Now, person.SubmittedAt);
        Assert.Null(person.Tag);
        Audit.Single(person, "Person", "Saved", "AwaitingTag", "Submit", Audit.Visitor, Audit.Now);
    }

    [Fact]
    public void Commitment_must_be_ticked()
    {
        var person = Build.Saved(_edition, _org, _delegation, Build.Data() with { CommitmentTicked = false });
        Audit.Refused(person, () => person.Submit(_edition.FirstDay, _edition.LastDay, Audit.Visitor, Audit.Now), "CommitmentTicked");
        Assert.Equal(Saved, person.Status);
        Assert.Null(person.SubmittedAt);
    }

    [Theory]
    [InlineData("mobile")]
    [InlineData("document")]
    [InlineData("photo")]
    [InlineData("dates")]
    [InlineData("name")]
    public void Invalid_data_is_refused(string broken)
    {
        var data = Build.Data();
        data = broken switch
        {
            "mobile" => data with { Mobile = "12345" },
            "document" => data with { DocumentNumber = "110105194912310021" },
            "photo" => data with { PhotoFileId = null },
            "dates" => data with { EntryFrom = _edition.FirstDay.AddDays(-1) },
            _ => data with { Name = "  " },
        };
        var person = Build.Saved(_edition, _org, _delegation, data);
        Audit.Refused(person, () => person.Submit(_edition.FirstDay, _edition.LastDay, Audit.Visitor, Audit.Now), "DataValid");
        Assert.Equal(Saved, person.Status);
    }

    [Fact]
    public void Saved_person_can_be_edited_without_an_audit_entry_and_submitted_person_cannot()
    {
        var person = Build.Saved(_edition, _org, _delegation);
        person.Update(Build.Data() with { Name = " 王小明 ", DocumentNumber = "11010519491231002x" }, Audit.Visitor, Audit.Now);
        Assert.Equal("王小明", person.Name);
        Assert.Equal("11010519491231002X", person.DocumentNumber);
        Assert.Equal("110*****02X", person.MaskedDocumentNumber);
        Assert.Empty(person.PendingAudit);

        person.Submit(_edition.FirstDay, _edition.LastDay, Audit.Visitor, Audit.Now);
        person.TakeAudit();
        var error = Assert.Throws<DomainException>(() => person.Update(Build.Data() with { Name = "改名" }, Audit.Visitor, Audit.Now));
        Assert.Equal("Person.AwaitingTag.Edit", error.Code);
        Assert.Equal("王小明", person.Name);
    }

    [Fact]
    public void Courier_address_is_kept_only_for_courier_pickup()
    {
        var address = Guid.NewGuid();
        var person = Build.Saved(_edition, _org, _delegation, Build.Data() with { PickupMethod = PickupMethod.DelegationCollects, CourierAddressId = address });
        Assert.Null(person.CourierAddressId);
        person.Update(Build.Data() with { PickupMethod = PickupMethod.Courier, CourierAddressId = address }, Audit.Visitor, Audit.Now);
        Assert.Equal(address, person.CourierAddressId);
    }

    [Fact]
    public void Only_unsubmitted_persons_can_be_deleted()
    {
        var saved = Build.Saved(_edition, _org, _delegation);
        saved.Delete(Audit.Visitor, Audit.Now);
        Assert.Equal(Deleted, saved.Status);
        Assert.False(saved.IsSubmitted);
        Audit.Single(saved, "Person", "Saved", "Deleted", "Delete", Audit.Visitor, Audit.Now);

        var submitted = Build.AwaitingTag(_edition, _org, _delegation);
        Assert.Equal("Person.AwaitingTag.Delete", Audit.Refused(submitted, () => submitted.Delete(Audit.Visitor, Audit.Now), null).Code);
        Assert.Equal(AwaitingTag, submitted.Status);
    }

    [Fact]
    public void Fee_is_zero_for_exempt_tags_full_for_new_and_the_reuse_percentage_for_reuse()
    {
        var quota = new DelegationQuota(_delegation, _edition.Id, 5, 5);
        var vip = Build.AwaitingTag(_edition, _org, _delegation);
        vip.TagAs(PersonTag.Vip, true, quota, Build.Reviewer(_delegation), Audit.Now);

        Assert.Equal(Money.Cny(200m), Build.AwaitingPayment(_edition, _org, _delegation).Fee(_edition));
        Assert.Equal(Money.Cny(100m), Build.ReuseAwaitingPayment(_edition, _org, _delegation).Fee(_edition));
        Assert.Equal(Money.Zero, vip.Fee(_edition));
    }
}

public class PersonTagging
{
    private readonly Edition _edition = Build.Edition();
    private readonly Guid _org = Guid.NewGuid();
    private readonly Guid _delegation = Guid.NewGuid();
    private Actor Reviewer => Build.Reviewer(_delegation);

    [Fact]
    public void Vip_tag_takes_a_quota_place_and_goes_to_review()
    {
        var quota = new DelegationQuota(_delegation, _edition.Id, vipQuota: 1, staffQuota: 0);
        var person = Build.AwaitingTag(_edition, _org, _delegation);

        person.TagAs(PersonTag.Vip, organisationApproved: true, quota, Reviewer, Audit.Now);

        Assert.Equal(AwaitingReview, person.Status);
        Assert.Equal(PersonTag.Vip, person.Tag);
        Assert.Equal(1, quota.VipUsed);
        Assert.Equal(0, quota.StaffUsed);
        Assert.True(person.HoldsQuotaPlace);
        Audit.Single(person, "Person", "AwaitingTag", "AwaitingReview", "Tag", Reviewer, Audit.Now, "Vip");
    }

    [Fact]
    public void Full_quota_refuses_the_tag_and_leaves_the_counter_unchanged()
    {
        var quota = new DelegationQuota(_delegation, _edition.Id, vipQuota: 1, staffQuota: 1);
        Build.AwaitingTag(_edition, _org, _delegation, "甲").TagAs(PersonTag.Vip, true, quota, Reviewer, Audit.Now);
        var second = Build.AwaitingTag(_edition, _org, _delegation, "乙");

        var error = Audit.Refused(second, () => second.TagAs(PersonTag.Vip, true, quota, Reviewer, Audit.Now), "QuotaAvailable");

        Assert.Equal("Person.AwaitingTag.Tag.QuotaAvailable", error.Code);
        Assert.Equal(1, quota.VipUsed);
        Assert.Equal(AwaitingTag, second.Status);
        Assert.Null(second.Tag);

        // Staff places are counted separately.
        second.TagAs(PersonTag.Staff, true, quota, Reviewer, Audit.Now);
        Assert.Equal(AwaitingReview, second.Status);
        Assert.Equal((1, 1), (quota.VipUsed, quota.StaffUsed));
    }

    [Fact]
    public void Professional_visitor_needs_no_place_and_awaits_payment()
    {
        var quota = new DelegationQuota(_delegation, _edition.Id, 0, 0);
        var person = Build.AwaitingTag(_edition, _org, _delegation);

        person.TagAs(PersonTag.ProfessionalVisitor, true, quota, Reviewer, Audit.Now);

        Assert.Equal(AwaitingPayment, person.Status);
        Assert.False(person.HoldsQuotaPlace);
        Assert.Equal((0, 0), (quota.VipUsed, quota.StaffUsed));
        Audit.Single(person, "Person", "AwaitingTag", "AwaitingPayment", "Tag", Reviewer, Audit.Now, "ProfessionalVisitor");
    }

    [Fact]
    public void Tagging_needs_an_approved_organisation()
    {
        var quota = new DelegationQuota(_delegation, _edition.Id, 5, 5);
        var person = Build.AwaitingTag(_edition, _org, _delegation);
        Audit.Refused(person, () => person.TagAs(PersonTag.Vip, organisationApproved: false, quota, Reviewer, Audit.Now), "OrganisationApproved");
        Assert.Equal(0, quota.VipUsed);
        Assert.Equal(AwaitingTag, person.Status);
    }

    [Fact]
    public void Tagging_twice_is_refused()
    {
        var quota = new DelegationQuota(_delegation, _edition.Id, 5, 5);
        var person = Build.AwaitingTag(_edition, _org, _delegation);
        person.TagAs(PersonTag.Staff, true, quota, Reviewer, Audit.Now);
        Assert.Equal("Person.AwaitingReview.Tag", Audit.Refused(person, () => person.TagAs(PersonTag.Vip, true, quota, Reviewer, Audit.Now), null).Code);
        Assert.Equal((0, 1), (quota.VipUsed, quota.StaffUsed));
    }

    [Fact]
    public void Cancelling_a_tagged_vip_releases_the_place()
    {
        var quota = new DelegationQuota(_delegation, _edition.Id, 1, 0);
        var person = Build.AwaitingTag(_edition, _org, _delegation);
        person.TagAs(PersonTag.Vip, true, quota, Reviewer, Audit.Now);
        person.TakeAudit();

        person.Cancel("  不再参加 ", quota, Reviewer, Audit.Now);

        Assert.Equal(Cancelled, person.Status);
        Assert.Equal("不再参加", person.StatusReason);
        Assert.Equal(0, quota.VipUsed);
        Assert.False(person.HoldsQuotaPlace);
        Assert.False(person.IsSubmitted);
        Audit.Single(person, "Person", "AwaitingReview", "Cancelled", "Cancel", Reviewer, Audit.Now, "  不再参加 ");

        // The released place can be taken by someone else.
        var next = Build.AwaitingTag(_edition, _org, _delegation, "丙");
        next.TagAs(PersonTag.Vip, true, quota, Reviewer, Audit.Now);
        Assert.Equal(1, quota.VipUsed);
    }

    [Fact]
    public void Cancelling_an_approved_staff_member_releases_the_staff_place()
    {
        var quota = new DelegationQuota(_delegation, _edition.Id, 0, 1);
        var person = Build.AwaitingTag(_edition, _org, _delegation);
        person.TagAs(PersonTag.Staff, true, quota, Reviewer, Audit.Now);
        person.Approve(Audit.Operator, Audit.Now);
        person.Cancel(null, quota, Reviewer, Audit.Now);
        Assert.Equal(0, quota.StaffUsed);
        Assert.Null(person.StatusReason);
    }

    [Fact]
    public void Cancelling_a_person_who_holds_no_place_leaves_the_quota_alone()
    {
        var quota = new DelegationQuota(_delegation, _edition.Id, 2, 0);
        Build.AwaitingTag(_edition, _org, _delegation, "甲").TagAs(PersonTag.Vip, true, quota, Reviewer, Audit.Now);
        var untagged = Build.AwaitingTag(_edition, _org, _delegation, "乙");
        var visitor = Build.AwaitingPayment(_edition, _org, _delegation, "丙");

        untagged.Cancel(null, quota, Reviewer, Audit.Now);
        visitor.Cancel(null, quota, Reviewer, Audit.Now);

        Assert.Equal(1, quota.VipUsed);
        Audit.Single(visitor, "Person", "AwaitingPayment", "Cancelled", "Cancel", Reviewer, Audit.Now);
    }

    [Fact]
    public void Cancelled_person_cannot_be_cancelled_again()
    {
        var person = Build.AwaitingTag(_edition, _org, _delegation);
        person.Cancel(null, null, Reviewer, Audit.Now);
        Assert.Equal("Person.Cancelled.Cancel", Audit.Refused(person, () => person.Cancel(null, null, Reviewer, Audit.Now), null).Code);
    }

    [Fact]
    public void Quota_take_and_release_rules()
    {
        var quota = new DelegationQuota(_delegation, _edition.Id, 1, 1);
        quota.Take(PersonTag.ProfessionalVisitor);
        quota.Take(PersonTag.Vip);
        Assert.False(quota.HasRoomFor(PersonTag.Vip));
        Assert.True(quota.HasRoomFor(PersonTag.ProfessionalVisitor));
        Assert.Equal("QuotaAvailable", Assert.Throws<DomainException>(() => quota.Take(PersonTag.Vip)).Guard);
        Assert.Equal("NotBelowUsed", Assert.Throws<DomainException>(() => quota.SetQuotas(0, 1)).Guard);
        quota.SetQuotas(3, 1);
        Assert.True(quota.HasRoomFor(PersonTag.Vip));
        quota.Release(PersonTag.Staff); // nothing taken: stays at zero
        Assert.Equal(0, quota.StaffUsed);
        quota.Release(PersonTag.Vip);
        Assert.Equal(0, quota.VipUsed);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DelegationQuota(_delegation, _edition.Id, -1, 0));
    }
}

public class PersonReuseAndUpgrade
{
    private readonly Edition _edition = Build.Edition();
    private readonly Guid _org = Guid.NewGuid();
    private readonly Guid _delegation = Guid.NewGuid();
    private Actor Reviewer => Build.Reviewer(_delegation);
    private DelegationQuota Quota(int vip = 5, int staff = 5) => new(_delegation, _edition.Id, vip, staff);

    [Fact]
    public void Submit_reuse_carries_the_previous_tag_to_awaiting_lock()
    {
        var person = Build.Saved(_edition, _org, _delegation);
        var previous = Guid.NewGuid();
        person.PrepareReuse(previous, PersonTag.Staff);

        person.SubmitReuse(eligible: true, _edition.FirstDay, _edition.LastDay, Audit.Visitor, Audit.Now);

        Assert.Equal(AwaitingLock, person.Status);
        Assert.Equal(PersonTag.Staff, person.Tag);
        Assert.True(person.IsReuse);
        Assert.Equal(previous, person.PreviousPersonId);
        Assert.False(person.HoldsQuotaPlace);
        Audit.Single(person, "Person", "Saved", "AwaitingLock", "SubmitReuse", Audit.Visitor, Audit.Now);
    }

    [Fact]
    public void Submit_reuse_needs_eligibility_and_a_prepared_reuse()
    {
        var notEligible = Build.Saved(_edition, _org, _delegation);
        notEligible.PrepareReuse(Guid.NewGuid(), PersonTag.ProfessionalVisitor);
        Audit.Refused(notEligible, () => notEligible.SubmitReuse(false, _edition.FirstDay, _edition.LastDay, Audit.Visitor, Audit.Now), "ReuseEligible");

        var notPrepared = Build.Saved(_edition, _org, _delegation);
        Audit.Refused(notPrepared, () => notPrepared.SubmitReuse(true, _edition.FirstDay, _edition.LastDay, Audit.Visitor, Audit.Now), "ReuseEligible");
        Assert.Equal(Saved, notPrepared.Status);
        Assert.Null(notPrepared.Tag);
    }

    [Fact]
    public void Reuse_cannot_be_prepared_after_submission()
    {
        var person = Build.AwaitingTag(_edition, _org, _delegation);
        Assert.Throws<DomainException>(() => person.PrepareReuse(Guid.NewGuid(), PersonTag.Vip));
        Assert.False(person.IsReuse);
    }

    [Theory]
    [InlineData(PersonTag.ProfessionalVisitor, PersonTag.Staff)]
    [InlineData(PersonTag.ProfessionalVisitor, PersonTag.Vip)]
    [InlineData(PersonTag.Staff, PersonTag.Vip)]
    public void Allowed_upgrades_take_a_place_for_the_new_tag(PersonTag from, PersonTag to)
    {
        var quota = Quota();
        var person = Build.AwaitingLock(_edition, _org, _delegation, from);

        person.Upgrade(to, quota, Reviewer, Audit.Now);

        Assert.Equal(AwaitingLock, person.Status);
        Assert.Equal(to, person.Tag);
        Assert.True(person.Upgraded);
        Assert.True(person.HoldsQuotaPlace);
        // A carried staff tag had not taken a place yet (that happens at lock), so nothing is released.
        Assert.Equal(to == PersonTag.Vip ? (1, 0) : (0, 1), (quota.VipUsed, quota.StaffUsed));
        Audit.Single(person, "Person", "AwaitingLock", "AwaitingLock", "Upgrade", Reviewer, Audit.Now, $"{from}→{to}");
    }

    [Fact]
    public void Upgrading_twice_moves_the_place_from_staff_to_vip()
    {
        var quota = Quota();
        var person = Build.AwaitingLock(_edition, _org, _delegation, PersonTag.ProfessionalVisitor);
        person.Upgrade(PersonTag.Staff, quota, Reviewer, Audit.Now);
        person.Upgrade(PersonTag.Vip, quota, Reviewer, Audit.Now);
        Assert.Equal((1, 0), (quota.VipUsed, quota.StaffUsed));
        Assert.Equal(2, person.TakeAudit().Count);
    }

    [Theory]
    [InlineData(PersonTag.Vip, PersonTag.Staff)]
    [InlineData(PersonTag.Vip, PersonTag.ProfessionalVisitor)]
    [InlineData(PersonTag.Vip, PersonTag.Vip)]
    [InlineData(PersonTag.Staff, PersonTag.ProfessionalVisitor)]
    [InlineData(PersonTag.Staff, PersonTag.Staff)]
    [InlineData(PersonTag.ProfessionalVisitor, PersonTag.ProfessionalVisitor)]
    public void Former_vip_and_downgrades_are_refused(PersonTag previous, PersonTag to)
    {
        var quota = Quota();
        var person = Build.AwaitingLock(_edition, _org, _delegation, previous);

        Audit.Refused(person, () => person.Upgrade(to, quota, Reviewer, Audit.Now), "UpgradeAllowed");

        Assert.Equal(previous, person.Tag);
        Assert.False(person.Upgraded);
        Assert.Equal((0, 0), (quota.VipUsed, quota.StaffUsed));
    }

    [Fact]
    public void Downgrade_after_an_upgrade_is_refused()
    {
        var quota = Quota();
        var person = Build.AwaitingLock(_edition, _org, _delegation, PersonTag.ProfessionalVisitor);
        person.Upgrade(PersonTag.Vip, quota, Reviewer, Audit.Now);
        Audit.Refused(person, () => person.Upgrade(PersonTag.Staff, quota, Reviewer, Audit.Now), "UpgradeAllowed");
        Assert.Equal(PersonTag.Vip, person.Tag);
        Assert.Equal((1, 0), (quota.VipUsed, quota.StaffUsed));
    }

    [Fact]
    public void Upgrade_into_a_full_quota_is_refused_and_keeps_the_old_place()
    {
        var quota = Quota(vip: 0, staff: 1);
        var person = Build.AwaitingLock(_edition, _org, _delegation, PersonTag.ProfessionalVisitor);
        person.Upgrade(PersonTag.Staff, quota, Reviewer, Audit.Now);

        Audit.Refused(person, () => person.Upgrade(PersonTag.Vip, quota, Reviewer, Audit.Now), "QuotaAvailable");

        Assert.Equal(PersonTag.Staff, person.Tag);
        Assert.Equal((0, 1), (quota.VipUsed, quota.StaffUsed));
    }

    [Fact]
    public void Upgrade_is_only_possible_before_the_lock()
    {
        var person = Build.ReuseAwaitingPayment(_edition, _org, _delegation);
        Assert.Equal("Person.AwaitingPayment.Upgrade", Audit.Refused(person, () => person.Upgrade(PersonTag.Vip, Quota(), Reviewer, Audit.Now), null).Code);
    }

    [Fact]
    public void Locking_a_carried_professional_visitor_asks_for_the_reuse_fee()
    {
        var quota = Quota(0, 0);
        var person = Build.AwaitingLock(_edition, _org, _delegation, PersonTag.ProfessionalVisitor);

        person.Lock(organisationApproved: true, quota, Reviewer, Audit.Now);

        Assert.Equal(AwaitingPayment, person.Status);
        Assert.Equal(Money.Cny(100m), person.Fee(_edition));
        Audit.Single(person, "Person", "AwaitingLock", "AwaitingPayment", "Lock", Reviewer, Audit.Now);
    }

    [Theory]
    [InlineData(PersonTag.Staff)]
    [InlineData(PersonTag.Vip)]
    public void Locking_a_carried_exempt_tag_takes_its_place_now(PersonTag tag)
    {
        var quota = Quota(1, 1);
        var person = Build.AwaitingLock(_edition, _org, _delegation, tag);

        person.Lock(true, quota, Reviewer, Audit.Now);

        Assert.Equal(AwaitingReview, person.Status);
        Assert.True(person.HoldsQuotaPlace);
        Assert.Equal(tag == PersonTag.Vip ? (1, 0) : (0, 1), (quota.VipUsed, quota.StaffUsed));
        Assert.Equal(Money.Zero, person.Fee(_edition));
        Audit.Single(person, "Person", "AwaitingLock", "AwaitingReview", "Lock", Reviewer, Audit.Now);
    }

    [Fact]
    public void Locking_a_carried_vip_into_a_full_quota_is_refused()
    {
        var quota = Quota(0, 5);
        var person = Build.AwaitingLock(_edition, _org, _delegation, PersonTag.Vip);
        Audit.Refused(person, () => person.Lock(true, quota, Reviewer, Audit.Now), "QuotaAvailable");
        Assert.Equal(AwaitingLock, person.Status);
        Assert.Equal(0, quota.VipUsed);
    }

    [Fact]
    public void Locking_an_upgraded_person_does_not_take_a_second_place()
    {
        var quota = Quota(1, 0);
        var person = Build.AwaitingLock(_edition, _org, _delegation, PersonTag.ProfessionalVisitor);
        person.Upgrade(PersonTag.Vip, quota, Reviewer, Audit.Now);

        person.Lock(true, quota, Reviewer, Audit.Now);

        Assert.Equal(AwaitingReview, person.Status);
        Assert.Equal(1, quota.VipUsed);
        Assert.True(person.Upgraded);
    }

    [Fact]
    public void Locking_needs_an_approved_organisation()
    {
        var person = Build.AwaitingLock(_edition, _org, _delegation, PersonTag.ProfessionalVisitor);
        Audit.Refused(person, () => person.Lock(false, Quota(), Reviewer, Audit.Now), "OrganisationApproved");
        Assert.Equal(AwaitingLock, person.Status);
    }

    [Fact]
    public void Cancelling_an_upgraded_person_before_the_lock_releases_the_place()
    {
        var quota = Quota(1, 0);
        var person = Build.AwaitingLock(_edition, _org, _delegation, PersonTag.ProfessionalVisitor);
        person.Upgrade(PersonTag.Vip, quota, Reviewer, Audit.Now);
        person.Cancel(null, quota, Reviewer, Audit.Now);
        Assert.Equal(0, quota.VipUsed);
    }

    [Fact]
    public void Cancelling_a_carried_vip_before_the_lock_releases_nothing()
    {
        var quota = Quota(2, 0);
        quota.Take(PersonTag.Vip);
        var person = Build.AwaitingLock(_edition, _org, _delegation, PersonTag.Vip);
        person.Cancel(null, quota, Reviewer, Audit.Now);
        Assert.Equal(1, quota.VipUsed);
    }
}

public class PersonPaymentAndReview
{
    private readonly Edition _edition = Build.Edition();
    private readonly Guid _org = Guid.NewGuid();
    private readonly Guid _delegation = Guid.NewGuid();

    [Fact]
    public void Entry_dates_change_while_no_open_order_holds_the_person()
    {
        var person = Build.AwaitingPayment(_edition, _org, _delegation);
        var from = _edition.FirstDay.AddDays(2);
        var to = _edition.LastDay;

        person.ChangeEntryDates(from, to, _edition.FirstDay, _edition.LastDay, heldByUnpaidOrder: false, Audit.Visitor, Audit.Now);

        Assert.Equal((from, to), (person.EntryFrom, person.EntryTo));
        Assert.Equal(AwaitingPayment, person.Status);
        Audit.Single(person, "Person", "AwaitingPayment", "AwaitingPayment", "ChangeEntryDates", Audit.Visitor, Audit.Now);
    }

    [Fact]
    public void Entry_dates_are_frozen_while_an_unpaid_order_holds_the_person()
    {
        var person = Build.AwaitingPayment(_edition, _org, _delegation);
        var before = (person.EntryFrom, person.EntryTo);
        Audit.Refused(person, () => person.ChangeEntryDates(_edition.LastDay, _edition.LastDay, _edition.FirstDay, _edition.LastDay, true, Audit.Visitor, Audit.Now),
            "NotHeldByUnpaidOrder");
        Assert.Equal(before, (person.EntryFrom, person.EntryTo));
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, 6)]
    [InlineData(3, 2)]
    public void Entry_dates_must_lie_within_the_edition(int fromOffset, int toOffset)
    {
        var person = Build.AwaitingPayment(_edition, _org, _delegation);
        var error = Audit.Refused(person, () => person.ChangeEntryDates(_edition.FirstDay.AddDays(fromOffset), _edition.FirstDay.AddDays(toOffset),
            _edition.FirstDay, _edition.LastDay, false, Audit.Visitor, Audit.Now), "DatesWithinEdition");
        Assert.Equal("Person.-.ChangeEntryDates.DatesWithinEdition", error.Code);
    }

    [Fact]
    public void Entry_dates_cannot_change_after_payment()
    {
        var person = Build.AwaitingPayment(_edition, _org, _delegation);
        person.MarkOrderPaid(Actor.PaymentProvider("sandbox"), Audit.Now);
        person.TakeAudit();
        Assert.Equal("Person.AwaitingReview.ChangeEntryDates",
            Audit.Refused(person, () => person.ChangeEntryDates(_edition.FirstDay, _edition.FirstDay, _edition.FirstDay, _edition.LastDay, false, Audit.Visitor, Audit.Now), null).Code);
    }

    [Fact]
    public void Paid_person_goes_to_review_then_is_approved()
    {
        var person = Build.AwaitingPayment(_edition, _org, _delegation);
        var provider = Actor.PaymentProvider("sandbox");

        person.MarkOrderPaid(provider, Audit.Now);
        Audit.Single(person, "Person", "AwaitingPayment", "AwaitingReview", "OrderPaid", provider, Audit.Now);

        var later = Audit.Now.AddDays(3);
        person.Approve(Audit.Operator, later);
        Assert.Equal(Approved, person.Status);
        Assert.Null(person.StatusReason);
        Audit.Single(person, "Person", "AwaitingReview", "Approved", "Approve", Audit.Operator, later);
    }

    [Fact]
    public void Reject_needs_a_reason_and_records_it()
    {
        var person = Build.AwaitingPayment(_edition, _org, _delegation);
        person.MarkOrderPaid(Audit.Operator, Audit.Now);
        person.TakeAudit();

        Audit.Refused(person, () => person.Reject("", Audit.Operator, Audit.Now), "ReasonGiven");
        Assert.Equal(AwaitingReview, person.Status);

        person.Reject(" 证件照片不符合要求 ", Audit.Operator, Audit.Now);
        Assert.Equal(Rejected, person.Status);
        Assert.Equal("证件照片不符合要求", person.StatusReason);
        Audit.Single(person, "Person", "AwaitingReview", "Rejected", "Reject", Audit.Operator, Audit.Now, " 证件照片不符合要求 ");
    }

    [Fact]
    public void Unpaid_person_cannot_be_reviewed()
    {
        var person = Build.AwaitingPayment(_edition, _org, _delegation);
        Assert.Equal("Person.AwaitingPayment.Approve", Audit.Refused(person, () => person.Approve(Audit.Operator, Audit.Now), null).Code);
        Assert.Equal("Person.AwaitingPayment.Reject", Audit.Refused(person, () => person.Reject("x", Audit.Operator, Audit.Now), null).Code);
    }

    [Fact]
    public void Permitted_triggers_of_a_person_awaiting_payment()
    {
        var person = Build.AwaitingPayment(_edition, _org, _delegation);
        Assert.Equal(new[] { ChangeEntryDates, OrderPaid, PersonTrigger.Cancel }, person.PermittedTriggers(new PersonContext()));
        Assert.Equal(new[] { OrderPaid, PersonTrigger.Cancel }, person.PermittedTriggers(new PersonContext { HeldByUnpaidOrder = true }));
    }
}
