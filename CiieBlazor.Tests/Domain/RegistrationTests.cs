using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Delegations;
using CiieBlazor.Domain.Organisations;
using static CiieBlazor.Domain.Organisations.RegistrationStatus;
using static CiieBlazor.Domain.Organisations.RegistrationTrigger;

namespace CiieBlazor.Tests.Domain;

public class RegistrationMachineTable
{
    private const string Name = "OrganisationRegistration";
    private static readonly RegistrationContext Pass = new(RequiredFieldsValid: true, HasSubmittedPerson: true, ReviewerInScope: true, Reason: "资料不全");

    /// <summary>STATES.md, "Organisation registration".</summary>
    private static readonly Dictionary<(RegistrationStatus, RegistrationTrigger), Row<RegistrationStatus, RegistrationContext>> Expected = new()
    {
        [(Draft, Submit)] = new(Pass, Submitted)
        {
            Guards = [("RequiredFieldsValid", Pass with { RequiredFieldsValid = false }), ("HasSubmittedPerson", Pass with { HasSubmittedPerson = false })],
        },
        [(Submitted, Approve)] = new(Pass with { Reason = null }, Approved)
        {
            Guards = [("ReviewerInScope", Pass with { ReviewerInScope = false })],
        },
        [(Submitted, Return)] = new(Pass, Returned)
        {
            Guards = [("ReviewerInScope", Pass with { ReviewerInScope = false }), ("ReasonGiven", Pass with { Reason = "  " })],
        },
        [(Returned, Submit)] = new(Pass, Submitted)
        {
            Guards = [("RequiredFieldsValid", Pass with { RequiredFieldsValid = false }), ("HasSubmittedPerson", Pass with { HasSubmittedPerson = false })],
        },
    };

    public static TheoryData<RegistrationStatus, RegistrationTrigger> Pairs => MachineTable.AllPairs<RegistrationStatus, RegistrationTrigger>();
    public static TheoryData<RegistrationStatus, RegistrationTrigger, string> GuardCases => MachineTable.GuardCases(Expected);

    [Theory, MemberData(nameof(Pairs))]
    public void Every_state_and_trigger_pair_follows_the_table(RegistrationStatus state, RegistrationTrigger trigger) =>
        MachineTable.AssertPair(RegistrationMachine.Table, Name, Expected, Pass, state, trigger);

    [Theory, MemberData(nameof(GuardCases))]
    public void Each_guard_alone_refuses_with_its_name(RegistrationStatus state, RegistrationTrigger trigger, string guard) =>
        MachineTable.AssertGuardRefuses(RegistrationMachine.Table, Name, Expected, state, trigger, guard);

    [Fact]
    public void Has_exactly_the_expected_transitions_and_guards() => MachineTable.AssertSameTable(RegistrationMachine.Table, Expected);
}

public class OrganisationRegistrationSubmit
{
    private static OrganisationRegistration NewDraft(bool contacts = true)
    {
        var registration = new OrganisationRegistration(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), " REF01 ");
        if (contacts) registration.UpdateDetails(" 王五 ", "采购经理", "13800138000", null, "wang@example.com", "上海市", CompleteIntent);
        return registration;
    }

    internal static readonly PurchasingIntent CompleteIntent = new(
        new AmountRange(1000, 1000), new AmountRange(8000, 8000),
        [new CountryInterest("US", CiieBlazor.Domain.Catalogue.ProcurementStage.DemandForecast)], ["MED.PHARMA.DRUGS"], []);

    [Fact]
    public void Contacts_alone_are_not_enough_the_purchasing_intent_is_required()
    {
        var registration = new OrganisationRegistration(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null);
        registration.UpdateContacts("王五", "13800138000", "wang@example.com", null);
        Assert.False(registration.RequiredFieldsComplete);
        Assert.Equal("RequiredFieldsValid", Assert.Throws<DomainException>(() => registration.Submit(true, Audit.Visitor, Audit.Now)).Guard);

        registration.UpdateDetails("王五", null, "13800138000", null, "wang@example.com", null, CompleteIntent with { CatalogueCodes = [], FreeTextInterests = ["进口红酒"] });
        Assert.True(registration.RequiredFieldsComplete);
    }

    [Theory]
    [InlineData(2000, 1000)]
    [InlineData(-1, 10)]
    public void An_impossible_amount_range_is_refused(int min, int max)
    {
        var registration = new OrganisationRegistration(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null);
        var error = Assert.Throws<DomainException>(() => registration.UpdateDetails("王五", null, "13800138000", null, "wang@example.com", null,
            CompleteIntent with { NextYear = new AmountRange(min, max) }));
        Assert.Equal("ValidData", error.Guard);
    }

    [Fact]
    public void Unknown_catalogue_code_or_country_is_refused()
    {
        var registration = new OrganisationRegistration(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null);
        Assert.Throws<DomainException>(() => registration.UpdateDetails("王五", null, "13800138000", null, "wang@example.com", null, CompleteIntent with { CatalogueCodes = ["NOPE"] }));
        Assert.Throws<DomainException>(() => registration.UpdateDetails("王五", null, "13800138000", null, "wang@example.com", null,
            CompleteIntent with { Countries = [new CountryInterest("ZZ", CiieBlazor.Domain.Catalogue.ProcurementStage.DemandForecast)] }));
    }

    [Fact]
    public void Carry_over_copies_delegation_contacts_and_intent_into_a_new_draft()
    {
        var previous = NewDraft();
        var carried = OrganisationRegistration.CarryOver(previous, Guid.NewGuid());

        Assert.Equal((previous.OrganisationId, previous.DelegationId, previous.Id, RegistrationStatus.Draft), (carried.OrganisationId, carried.DelegationId, carried.CarriedFromRegistrationId!.Value, carried.Status));
        Assert.Equal((previous.ContactName, previous.ContactEmail), (carried.ContactName, carried.ContactEmail));
        Assert.Same(previous.Intent, carried.Intent);
        Assert.Throws<DomainException>(() => OrganisationRegistration.CarryOver(previous, previous.EditionId));
    }

    [Fact]
    public void Starts_as_an_editable_draft_with_trimmed_fields()
    {
        var registration = NewDraft();
        Assert.Equal(Draft, registration.Status);
        Assert.True(registration.IsEditable);
        Assert.Equal("REF01", registration.ReferralCode);
        Assert.Equal("王五", registration.ContactName);
        Assert.True(registration.RequiredFieldsComplete);
        Assert.Empty(registration.PendingAudit);
    }

    [Fact]
    public void Is_refused_without_a_submitted_person()
    {
        var registration = NewDraft();
        var error = Audit.Refused(registration, () => registration.Submit(hasSubmittedPerson: false, Audit.Visitor, Audit.Now), "HasSubmittedPerson");
        Assert.Equal("OrganisationRegistration.Draft.Submit.HasSubmittedPerson", error.Code);
        Assert.Equal(Draft, registration.Status);
        Assert.Null(registration.SubmittedAt);
    }

    [Fact]
    public void Is_refused_while_required_contacts_are_missing()
    {
        var registration = NewDraft(contacts: false);
        Audit.Refused(registration, () => registration.Submit(true, Audit.Visitor, Audit.Now), "RequiredFieldsValid");
        Assert.Equal(Draft, registration.Status);
    }

    [Fact]
    public void Is_accepted_with_a_submitted_person_and_recorded_once()
    {
        var registration = NewDraft();
        registration.Submit(hasSubmittedPerson: true, Audit.Visitor, Audit.Now);

        Assert.Equal(Submitted, registration.Status);
        Assert.Equal(Audit.Now, registration.SubmittedAt);
        Assert.False(registration.IsEditable);
        Audit.Single(registration, "OrganisationRegistration", "Draft", "Submitted", "Submit", Audit.Visitor, Audit.Now);
    }

    [Fact]
    public void Submitted_data_can_no_longer_be_edited_nor_submitted_again()
    {
        var registration = NewDraft();
        registration.Submit(true, Audit.Visitor, Audit.Now);
        registration.TakeAudit();

        var edit = Assert.Throws<DomainException>(() => registration.UpdateContacts("x", "13800138000", "x@example.com", null));
        Assert.Equal("Editable", edit.Guard);
        Assert.Equal("王五", registration.ContactName);

        var again = Audit.Refused(registration, () => registration.Submit(true, Audit.Visitor, Audit.Now), guard: null);
        Assert.Equal("OrganisationRegistration.Submitted.Submit", again.Code);
    }

    [Fact]
    public void Returned_registration_can_be_edited_and_submitted_again()
    {
        var registration = NewDraft();
        registration.Submit(true, Audit.Visitor, Audit.Now);
        registration.Return("请补充联系人", Audit.Operator, null, Audit.Now.AddHours(1));
        registration.TakeAudit();
        Assert.True(registration.IsEditable);

        registration.UpdateContacts("赵六", "13900139000", "zhao@example.com", null);
        var later = Audit.Now.AddHours(2);
        registration.Submit(true, Audit.Visitor, later);

        Assert.Equal(Submitted, registration.Status);
        Assert.Null(registration.ReturnReason);
        Assert.Equal(later, registration.SubmittedAt);
        Assert.Equal("赵六", registration.ContactName);
        Audit.Single(registration, "OrganisationRegistration", "Returned", "Submitted", "Submit", Audit.Visitor, later);
    }

    [Fact]
    public void Overlong_contact_text_is_refused()
    {
        var registration = NewDraft();
        var error = Assert.Throws<DomainException>(() => registration.UpdateContacts(new string('x', 201), "13800138000", "a@example.com", null));
        Assert.Equal("ValidData", error.Guard);
    }

    [Fact]
    public void Permitted_triggers_follow_the_context()
    {
        var registration = NewDraft();
        Assert.Equal(new[] { RegistrationTrigger.Submit }, registration.PermittedTriggers(registration.Context(true, Audit.Visitor, null)));
        Assert.Empty(registration.PermittedTriggers(registration.Context(false, Audit.Visitor, null)));
    }
}

public class OrganisationRegistrationReview
{
    private static readonly Guid Parent = Guid.NewGuid();
    private static readonly Guid Sub = Guid.NewGuid();
    private static readonly Guid Other = Guid.NewGuid();

    private static OrganisationRegistration SubmittedIn(Guid delegationId)
    {
        var registration = new OrganisationRegistration(Guid.NewGuid(), Guid.NewGuid(), delegationId, null);
        registration.UpdateDetails("王五", null, "13800138000", null, "wang@example.com", null, OrganisationRegistrationSubmit.CompleteIntent);
        registration.Submit(true, Audit.Visitor, Audit.Now);
        registration.TakeAudit();
        return registration;
    }

    [Fact]
    public void Reviewer_of_the_organisations_delegation_approves_and_it_is_recorded()
    {
        var registration = SubmittedIn(Parent);
        var reviewer = Build.Reviewer(Parent);
        var at = Audit.Now.AddDays(1);

        registration.Approve(reviewer, delegationParentId: null, at);

        Assert.Equal(Approved, registration.Status);
        Assert.Equal(at, registration.ReviewedAt);
        Audit.Single(registration, "OrganisationRegistration", "Submitted", "Approved", "Approve", reviewer, at);
    }

    [Fact]
    public void Reviewer_of_another_delegation_is_refused()
    {
        var registration = SubmittedIn(Sub);
        var error = Audit.Refused(registration, () => registration.Approve(Build.Reviewer(Other), Parent, Audit.Now), "ReviewerInScope");
        Assert.Equal("OrganisationRegistration.Submitted.Approve.ReviewerInScope", error.Code);
        Assert.Equal(Submitted, registration.Status);
        Assert.Null(registration.ReviewedAt);
    }

    [Fact]
    public void Delegation_reviewer_covers_its_sub_delegation()
    {
        var registration = SubmittedIn(Sub);
        registration.Approve(Build.Reviewer(Parent), delegationParentId: Parent, Audit.Now);
        Assert.Equal(Approved, registration.Status);
    }

    [Fact]
    public void Sub_delegation_reviewer_covers_its_own_sub_delegation()
    {
        var registration = SubmittedIn(Sub);
        registration.Approve(Build.Reviewer(Sub), delegationParentId: Parent, Audit.Now);
        Assert.Equal(Approved, registration.Status);
    }

    [Fact]
    public void Sub_delegation_reviewer_does_not_cover_its_parent()
    {
        var registration = SubmittedIn(Parent);
        Audit.Refused(registration, () => registration.Approve(Build.Reviewer(Sub), delegationParentId: null, Audit.Now), "ReviewerInScope");
        Audit.Refused(registration, () => registration.Return("x", Build.Reviewer(Sub), null, Audit.Now), "ReviewerInScope");
        Assert.Equal(Submitted, registration.Status);
    }

    [Fact]
    public void Reviewer_bound_to_no_delegation_and_visitors_are_refused()
    {
        var registration = SubmittedIn(Parent);
        var unbound = new Actor("u-r", "Reviewer", ActorRole.Reviewer);
        Audit.Refused(registration, () => registration.Approve(unbound, null, Audit.Now), "ReviewerInScope");
        Audit.Refused(registration, () => registration.Approve(Audit.Visitor, null, Audit.Now), "ReviewerInScope");
        Audit.Refused(registration, () => registration.Approve(Audit.Finance, null, Audit.Now), "ReviewerInScope");
    }

    [Fact]
    public void Operator_covers_every_delegation()
    {
        var registration = SubmittedIn(Sub);
        registration.Approve(Audit.Operator, Parent, Audit.Now);
        Assert.Equal(Approved, registration.Status);
        Audit.Single(registration, "OrganisationRegistration", "Submitted", "Approved", "Approve", Audit.Operator, Audit.Now);
    }

    [Fact]
    public void Return_requires_a_reason()
    {
        var registration = SubmittedIn(Parent);
        Audit.Refused(registration, () => registration.Return("   ", Build.Reviewer(Parent), null, Audit.Now), "ReasonGiven");
        Assert.Equal(Submitted, registration.Status);
        Assert.Null(registration.ReturnReason);
    }

    [Fact]
    public void Return_with_a_reason_records_it()
    {
        var registration = SubmittedIn(Sub);
        var reviewer = Build.Reviewer(Parent);

        registration.Return("  联系人手机号有误  ", reviewer, Parent, Audit.Now);

        Assert.Equal(Returned, registration.Status);
        Assert.Equal("联系人手机号有误", registration.ReturnReason);
        Assert.Equal(Audit.Now, registration.ReviewedAt);
        Audit.Single(registration, "OrganisationRegistration", "Submitted", "Returned", "Return", reviewer, Audit.Now, "  联系人手机号有误  ");
    }

    [Fact]
    public void Approved_registration_cannot_be_returned_or_approved_again()
    {
        var registration = SubmittedIn(Parent);
        registration.Approve(Audit.Operator, null, Audit.Now);
        registration.TakeAudit();
        Assert.Equal("OrganisationRegistration.Approved.Return",
            Audit.Refused(registration, () => registration.Return("x", Audit.Operator, null, Audit.Now), null).Code);
        Assert.Equal("OrganisationRegistration.Approved.Approve",
            Audit.Refused(registration, () => registration.Approve(Audit.Operator, null, Audit.Now), null).Code);
    }

    [Theory]
    [InlineData("own", true)]
    [InlineData("parent-of-target", true)]
    [InlineData("sub-of-target", false)]
    [InlineData("sibling", false)]
    [InlineData("none", false)]
    public void Delegation_covers_own_and_children_only(string reviewer, bool covers)
    {
        var parent = Guid.NewGuid();
        var target = Guid.NewGuid();
        Guid? reviewerId = reviewer switch
        {
            "own" => target,
            "parent-of-target" => parent,
            "sub-of-target" => Guid.NewGuid(),
            "sibling" => Guid.NewGuid(),
            _ => null,
        };
        Assert.Equal(covers, Delegation.Covers(reviewerId, target, parent));
    }

    [Fact]
    public void Sub_delegation_knows_its_parent()
    {
        var parent = new Delegation("GD", "广东交易团", "Guangdong");
        var sub = new Delegation("GD-01", "广东交易团贸促分团", "", parent.Id);
        Assert.False(parent.IsSubDelegation);
        Assert.True(sub.IsSubDelegation);
        Assert.Equal("广东交易团贸促分团", sub.NameEn);
        Assert.False(Delegation.Covers(sub.Id, parent.Id, parent.ParentId));
        Assert.True(Delegation.Covers(parent.Id, sub.Id, sub.ParentId));
    }
}

public class OrganisationCreate
{
    [Fact]
    public void Mainland_organisation_is_identified_by_its_normalised_credit_code()
    {
        var organisation = new Organisation(OrganisationRegion.Mainland, OrganisationCategory.Enterprise, "  上海某某公司 ", " 91110000600037341l ", Audit.Now);
        Assert.Equal("91110000600037341L", organisation.Code);
        Assert.Equal("上海某某公司", organisation.Name);
    }

    [Fact]
    public void Invalid_credit_code_is_refused_with_a_message()
    {
        var error = Assert.Throws<DomainException>(() =>
            new Organisation(OrganisationRegion.Mainland, OrganisationCategory.Enterprise, "公司", "91110000600037341A", Audit.Now));
        Assert.Equal("ValidData", error.Guard);
        Assert.Contains("校验位", error.Message);
    }

    [Theory]
    [InlineData(OrganisationRegion.Mainland, OrganisationCategory.GovernmentDepartment)]
    [InlineData(OrganisationRegion.Mainland, OrganisationCategory.Other)]
    [InlineData(OrganisationRegion.Overseas, OrganisationCategory.GovernmentAgency)]
    [InlineData(OrganisationRegion.Overseas, OrganisationCategory.PublicInstitution)]
    public void Category_must_exist_for_the_region(OrganisationRegion region, OrganisationCategory category)
    {
        var error = Assert.Throws<DomainException>(() => new Organisation(region, category, "Org", "REG-123", Audit.Now));
        Assert.Equal("CategoryFitsRegion", error.Guard);
    }

    [Theory]
    [InlineData("HRB12345/B.1", true)]
    [InlineData("", false)]
    [InlineData("REG#1", false)]
    public void Overseas_registration_number_uses_letters_digits_and_separators(string code, bool valid) =>
        Assert.Equal(valid, Organisation.CheckCode(OrganisationRegion.Overseas, code) is null);
}
