using System.Globalization;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Delegations;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Refunds;

namespace CiieBlazor.Tests.Domain;

/// <summary>Defects found by the domain suite's first run, each pinned by a test.</summary>
public sealed class DefectRegressions
{
    private readonly Guid _org = Guid.NewGuid();
    private readonly Guid _delegation = Guid.NewGuid();

    [Fact]
    public void PersonPreparedForReuseButSubmittedAsNewPaysTheFullFee()
    {
        var edition = Build.Edition();
        var person = Build.Saved(edition, _org, _delegation);
        person.PrepareReuse(Guid.NewGuid(), PersonTag.ProfessionalVisitor);

        person.Submit(edition.FirstDay, edition.LastDay, Audit.Visitor, Audit.Now);
        person.TagAs(PersonTag.ProfessionalVisitor, true, new DelegationQuota(_delegation, edition.Id, 0, 0), Build.Reviewer(_delegation), Audit.Now);

        Assert.False(person.IsReuse);
        Assert.Equal(Money.Cny(200m), person.Fee(edition));
    }

    [Theory]
    [InlineData(OrderStatus.Paid)]
    [InlineData(OrderStatus.AwaitingTransferCheck)]
    public void ASecondPaymentIsRecordedUnappliedForRefund(OrderStatus state)
    {
        var order = OrderIn(state);

        var outcome = order.RecordPayment(new PaymentNotice("tx-second", PaymentMethod.QrCode, order.Total, true), Actor.PaymentProvider("sandbox"), Audit.Now);

        Assert.Equal(PaymentOutcome.RecordedForRefund, outcome);
        Assert.Equal(state, order.Status);
        Assert.False(order.Receipts.Single(r => r.TransactionId == "tx-second").Applied);
    }

    [Fact]
    public void CancelledPersonLeavesTheUnpaidOrderAndTheTotalFollows()
    {
        var edition = Build.Edition();
        var a = Build.AwaitingPayment(edition, _org, _delegation, "甲");
        var b = Build.AwaitingPayment(edition, _org, _delegation, "乙");
        var order = Order.Create(OrderNumber.Create(Audit.Now, 1), _org, edition, [a, b], new HashSet<Guid>(), Audit.Visitor, Audit.Now);

        order.RemovePerson(a.Id, Audit.Visitor, Audit.Now);
        Assert.Equal((OrderStatus.Unpaid, 1, Money.Cny(200m)), (order.Status, order.Lines.Count, order.Total));

        order.RemovePerson(b.Id, Audit.Visitor, Audit.Now);
        Assert.Equal(OrderStatus.Cancelled, order.Status);
    }

    [Fact]
    public void PaidOrderKeepsItsLines()
    {
        var order = OrderIn(OrderStatus.Paid);
        var error = Assert.Throws<DomainException>(() => order.RemovePerson(order.Lines[0].PersonId, Audit.Visitor, Audit.Now));
        Assert.Equal("Order.Paid.RemoveLine", error.Code);
    }

    [Fact]
    public void TransferOfTheWrongAmountCannotBeConfirmed()
    {
        var edition = Build.Edition();
        var person = Build.AwaitingPayment(edition, _org, _delegation);
        var order = Order.Create(OrderNumber.Create(Audit.Now, 2), _org, edition, [person], new HashSet<Guid>(), Audit.Visitor, Audit.Now);
        order.SubmitTransfer(new TransferDetails("上海某公司", Money.Cny(1m), new DateOnly(2025, 10, 1), null, null, Guid.NewGuid()), Audit.Visitor, Audit.Now);

        var error = Assert.Throws<DomainException>(() => order.ConfirmTransfer(Audit.Finance, Audit.Now));

        Assert.Equal("AmountMatches", error.Guard);
    }

    [Fact]
    public void RefundToAnotherAccountNeedsTheBankCode()
    {
        var payee = new PayeeAccount("上海某公司", "6222000011112222", "工商银行上海分行", " ");
        Assert.False(RefundMachine.IsMethodAllowed(PaymentMethod.BankTransfer, RefundMethod.OtherAccount, payee));
        Assert.True(RefundMachine.IsMethodAllowed(PaymentMethod.BankTransfer, RefundMethod.OtherAccount, payee with { BankCode = "102290000000" }));
    }

    [Fact]
    public void RejectedVipGivesTheQuotaPlaceBack()
    {
        var edition = Build.Edition();
        var quota = new DelegationQuota(_delegation, edition.Id, 1, 0);
        var person = Build.AwaitingTag(edition, _org, _delegation);
        person.TagAs(PersonTag.Vip, true, quota, Build.Reviewer(_delegation), Audit.Now);
        Assert.Equal(1, quota.VipUsed);

        person.Reject("背景审核未通过", Audit.Operator, Audit.Now, quota);

        Assert.Equal(0, quota.VipUsed);
        Assert.False(person.HoldsQuotaPlace);
    }

    [Theory]
    [InlineData("th-TH")]
    [InlineData("ar-SA")]
    public void ResidentIdIsReadTheSameInEveryCulture(string culture)
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo(culture);
            Assert.True(ResidentIdNumber.IsValid("11010519491231002X"));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void ControlCharacterInACreditCodeIsRefusedNotThrown()
    {
        Assert.False(UnifiedSocialCreditCode.TryParse("9111000060003734\0L", out _, out var error));
        Assert.Contains("无效字符", error);
    }

    [Fact]
    public void PersonBornTodayInChinaIsAcceptedBeforeEightInTheMorning()
    {
        var edition = Build.Edition();
        // 2025-10-01 07:00 in Shanghai is still 2025-09-30 in UTC.
        var earlyMorning = new DateTimeOffset(2025, 10, 1, 7, 0, 0, TimeSpan.FromHours(8));
        var born = "110105" + "20251001" + "002";
        var person = Build.Saved(edition, _org, _delegation, Build.Data() with { DocumentNumber = born + ResidentIdNumber.CheckCharacter(born) });

        person.Submit(edition.FirstDay, edition.LastDay, Audit.Visitor, earlyMorning);

        Assert.Equal(PersonStatus.AwaitingTag, person.Status);
    }

    private Order OrderIn(OrderStatus state)
    {
        var edition = Build.Edition();
        var person = Build.AwaitingPayment(edition, _org, _delegation);
        var order = Order.Create(OrderNumber.Create(Audit.Now, 3), _org, edition, [person], new HashSet<Guid>(), Audit.Visitor, Audit.Now);
        if (state == OrderStatus.Paid)
            order.RecordPayment(new PaymentNotice("tx-first", PaymentMethod.QrCode, order.Total, true), Actor.PaymentProvider("sandbox"), Audit.Now);
        else
            order.SubmitTransfer(new TransferDetails("上海某公司", order.Total, new DateOnly(2025, 10, 1), null, null, Guid.NewGuid()), Audit.Visitor, Audit.Now);
        Assert.Equal(state, order.Status);
        return order;
    }
}

public sealed class PersonRulesForIssue4
{
    [Theory]
    [InlineData(PersonType.Mainland, "CN", true)]
    [InlineData(PersonType.Mainland, "HK", false)]
    [InlineData(PersonType.HongKongMacaoTaiwan, "MO", true)]
    [InlineData(PersonType.HongKongMacaoTaiwan, "CN", false)]
    [InlineData(PersonType.Foreign, "JP", true)]
    [InlineData(PersonType.Foreign, "TW", false)]
    [InlineData(PersonType.ChineseAbroad, "CN", true)]
    [InlineData(PersonType.Foreign, "XX", false)]
    public void NationalityFitsThePersonType(PersonType type, string code, bool valid) =>
        Assert.Equal(valid, PersonData.CheckNationality(type, code) is null);

    [Fact]
    public void ReuseNeedsLastEditionsApprovedPersonWithABadge()
    {
        var edition = Build.Edition();
        var org = Guid.NewGuid();
        var delegation = Guid.NewGuid();
        var approved = Build.AwaitingTag(edition, org, delegation);
        approved.TagAs(PersonTag.Vip, true, new DelegationQuota(delegation, edition.Id, 5, 5), Build.Reviewer(delegation), Audit.Now);
        approved.Approve(Audit.Operator, Audit.Now);

        Assert.Null(ReuseEligibility.Check(approved, CiieBlazor.Domain.Badges.BadgeStatus.Dispatched, 9, 10));
        Assert.NotNull(ReuseEligibility.Check(approved, CiieBlazor.Domain.Badges.BadgeStatus.None, 9, 10));        // held no badge
        Assert.NotNull(ReuseEligibility.Check(approved, CiieBlazor.Domain.Badges.BadgeStatus.Dispatched, 8, 10));  // not last edition
        var rejected = Build.AwaitingPayment(edition, org, delegation);
        rejected.MarkOrderPaid(Audit.Operator, Audit.Now);
        rejected.Reject("背景审核未通过", Audit.Operator, Audit.Now);
        Assert.NotNull(ReuseEligibility.Check(rejected, CiieBlazor.Domain.Badges.BadgeStatus.Dispatched, 9, 10));  // failed review
    }

    [Fact]
    public void ReusePersonKeepsItsCardFace()
    {
        var edition = Build.Edition();
        var person = Build.Saved(edition, Guid.NewGuid(), Guid.NewGuid());
        person.PrepareReuse(Guid.NewGuid(), PersonTag.ProfessionalVisitor);

        person.Update(person.Data with { Mobile = "13900000000" }, Audit.Visitor, Audit.Now); // not on the badge: fine
        var error = Assert.Throws<DomainException>(() => person.Update(person.Data with { Name = "改名" }, Audit.Visitor, Audit.Now));

        Assert.Equal("CardFaceLocked", error.Guard);
    }

    [Fact]
    public void DuplicateDocumentNumberNamesWhereItIs()
    {
        var me = Guid.NewGuid();
        var org = Guid.NewGuid();
        var other = new DocumentUniqueness.Holder(Guid.NewGuid(), Guid.NewGuid(), "上海某公司", "张三", PersonStatus.AwaitingTag);
        var mine = other with { OrganisationId = org, OrganisationName = "本公司" };

        Assert.Contains("上海某公司", Assert.Throws<DomainException>(() => DocumentUniqueness.Ensure(me, org, [other])).Message);
        Assert.Contains("本单位", Assert.Throws<DomainException>(() => DocumentUniqueness.Ensure(me, org, [mine])).Message);
        DocumentUniqueness.Ensure(me, org, [other with { Status = PersonStatus.Cancelled }]); // a cancelled one frees the number
        DocumentUniqueness.Ensure(me, org, [other with { PersonId = me }]);                    // the person itself
    }

    [Theory]
    [InlineData("application/pdf", 1000, 400, 500, false)]
    [InlineData("image/png", 1000, 10, 10, false)]
    [InlineData("image/jpeg", 30L * 1024 * 1024, 600, 800, false)]
    [InlineData("image/png", 1000, 500, 400, false)]
    [InlineData("image/jpeg", 200_000, 358, 441, true)]
    public void BadgePhotoRules(string type, long size, int width, int height, bool ok) =>
        Assert.Equal(ok, PhotoRules.Check(type, size, width, height) is null);

    [Fact]
    public void EntryDatesMoveToTheSameExpoDays()
    {
        var (from, to) = Person.MapEntryDates(new DateOnly(2026, 11, 6), new DateOnly(2026, 11, 8), new DateOnly(2026, 11, 5), new DateOnly(2027, 11, 5), new DateOnly(2027, 11, 10));
        Assert.Equal((new DateOnly(2027, 11, 6), new DateOnly(2027, 11, 8)), (from, to));
    }
}
