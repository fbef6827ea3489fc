using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Refunds;
using static CiieBlazor.Domain.Refunds.RefundStatus;
using static CiieBlazor.Domain.Refunds.RefundTrigger;

namespace CiieBlazor.Tests.Domain;

public class RefundMachineTable
{
    private const string Name = "Refund";

    private static readonly RefundContext RequestOk = new()
    {
        PersonRejectedOrCancelled = true, OrderPaid = true, InvoiceAllowsRefund = true, MethodAllowed = true,
    };

    private static readonly RefundContext Permissive = RequestOk with { Reason = "账户信息有误" };

    /// <summary>STATES.md, "Refund".</summary>
    private static readonly Dictionary<(RefundStatus, RefundTrigger), Row<RefundStatus, RefundContext>> Expected = new()
    {
        [(NotRefunded, Request)] = new(RequestOk, Refunding)
        {
            Guards =
            [
                ("PersonRejectedOrCancelled", RequestOk with { PersonRejectedOrCancelled = false }),
                ("OrderPaid", RequestOk with { OrderPaid = false }),
                ("InvoiceAllowsRefund", RequestOk with { InvoiceAllowsRefund = false }),
                ("MethodAllowed", RequestOk with { MethodAllowed = false }),
            ],
        },
        [(Refunding, Approve)] = new(new RefundContext(), Refunded),
        [(Refunding, Decline)] = new(new RefundContext { Reason = "账户信息有误" }, NotRefunded)
        {
            Guards = [("ReasonGiven", new RefundContext { Reason = "\t" })],
        },
    };

    public static TheoryData<RefundStatus, RefundTrigger> Pairs => MachineTable.AllPairs<RefundStatus, RefundTrigger>();
    public static TheoryData<RefundStatus, RefundTrigger, string> GuardCases => MachineTable.GuardCases(Expected);

    [Theory, MemberData(nameof(Pairs))]
    public void Every_state_and_trigger_pair_follows_the_table(RefundStatus state, RefundTrigger trigger) =>
        MachineTable.AssertPair(RefundMachine.Table, Name, Expected, Permissive, state, trigger);

    [Theory, MemberData(nameof(GuardCases))]
    public void Each_guard_alone_refuses_with_its_name(RefundStatus state, RefundTrigger trigger, string guard) =>
        MachineTable.AssertGuardRefuses(RefundMachine.Table, Name, Expected, state, trigger, guard);

    [Fact]
    public void Has_exactly_the_expected_transitions_and_guards() => MachineTable.AssertSameTable(RefundMachine.Table, Expected);
}

public class RefundRequest
{
    private static readonly PayeeAccount Payee = new("上海某某公司", "6222 0000 1111 2222", "工商银行上海分行", "102290000000");

    private static Refund NewRefund() => new(Guid.NewGuid(), Guid.NewGuid(), Money.Cny(200m));

    private static void RequestWith(Refund refund, RefundMethod method, PayeeAccount? payee, PaymentMethod paidBy,
        bool personRejectedOrCancelled = true, bool orderPaid = true, bool invoiceAllowsRefund = true) =>
        refund.Request(method, payee, paidBy, personRejectedOrCancelled, orderPaid, invoiceAllowsRefund, Audit.Visitor, Audit.Now);

    [Theory]
    [InlineData(PaymentMethod.QrCode)]
    [InlineData(PaymentMethod.B2B)]
    [InlineData(PaymentMethod.BankTransfer)]
    public void Original_route_is_always_possible(PaymentMethod paidBy)
    {
        var refund = NewRefund();

        RequestWith(refund, RefundMethod.OriginalRoute, Payee, paidBy);

        Assert.Equal(Refunding, refund.Status);
        Assert.Equal(RefundMethod.OriginalRoute, refund.Method);
        Assert.Null(refund.Payee);
        Assert.Equal(Audit.Now, refund.RequestedAt);
        Audit.Single(refund, "Refund", "NotRefunded", "Refunding", "Request", Audit.Visitor, Audit.Now);
    }

    [Theory]
    [InlineData(PaymentMethod.QrCode)]
    [InlineData(PaymentMethod.B2B)]
    public void Online_payments_cannot_be_refunded_to_another_account(PaymentMethod paidBy)
    {
        var refund = NewRefund();
        Audit.Refused(refund, () => RequestWith(refund, RefundMethod.OtherAccount, Payee, paidBy), "MethodAllowed");
        Assert.Equal(NotRefunded, refund.Status);
        Assert.Null(refund.Method);
    }

    [Fact]
    public void Transfer_can_be_refunded_to_another_account_with_payee_data()
    {
        var refund = NewRefund();
        RequestWith(refund, RefundMethod.OtherAccount, Payee, PaymentMethod.BankTransfer);
        Assert.Equal(Refunding, refund.Status);
        Assert.Equal(RefundMethod.OtherAccount, refund.Method);
        Assert.Equal(Payee, refund.Payee);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("payee")]
    [InlineData("account")]
    [InlineData("bank")]
    public void Other_account_needs_payee_account_and_bank(string missing)
    {
        var payee = missing switch
        {
            "none" => null,
            "payee" => Payee with { PayeeName = " " },
            "account" => Payee with { Account = "" },
            _ => Payee with { Bank = " " },
        };
        Assert.False(RefundMachine.IsMethodAllowed(PaymentMethod.BankTransfer, RefundMethod.OtherAccount, payee));
        var refund = NewRefund();
        Audit.Refused(refund, () => RequestWith(refund, RefundMethod.OtherAccount, payee, PaymentMethod.BankTransfer), "MethodAllowed");
    }

    [Fact]
    public void Only_rejected_or_cancelled_persons_of_a_paid_order_without_live_invoice_are_refunded()
    {
        var refund = NewRefund();
        Audit.Refused(refund, () => RequestWith(refund, RefundMethod.OriginalRoute, null, PaymentMethod.QrCode, personRejectedOrCancelled: false), "PersonRejectedOrCancelled");
        Audit.Refused(refund, () => RequestWith(refund, RefundMethod.OriginalRoute, null, PaymentMethod.QrCode, orderPaid: false), "OrderPaid");
        Audit.Refused(refund, () => RequestWith(refund, RefundMethod.OriginalRoute, null, PaymentMethod.QrCode, invoiceAllowsRefund: false), "InvoiceAllowsRefund");
        Assert.Equal(NotRefunded, refund.Status);
    }

    [Fact]
    public void Finance_approval_completes_the_refund()
    {
        var refund = NewRefund();
        RequestWith(refund, RefundMethod.OriginalRoute, null, PaymentMethod.QrCode);
        refund.TakeAudit();
        var at = Audit.Now.AddDays(1);

        refund.Approve("SBR0001", Audit.Finance, at);

        Assert.Equal(Refunded, refund.Status);
        Assert.Equal((at, "SBR0001"), (refund.RefundedAt, refund.RefundReference));
        Audit.Single(refund, "Refund", "Refunding", "Refunded", "Approve", Audit.Finance, at, "SBR0001");
        Assert.Equal("Refund.Refunded.Request", Audit.Refused(refund, () => RequestWith(refund, RefundMethod.OriginalRoute, null, PaymentMethod.QrCode), null).Code);
    }

    [Fact]
    public void Finance_decline_needs_a_reason_and_allows_a_new_request()
    {
        var refund = NewRefund();
        RequestWith(refund, RefundMethod.OtherAccount, Payee, PaymentMethod.BankTransfer);
        refund.TakeAudit();

        Audit.Refused(refund, () => refund.Decline(" ", Audit.Finance, Audit.Now), "ReasonGiven");
        refund.Decline(" 账号有误 ", Audit.Finance, Audit.Now);

        Assert.Equal(NotRefunded, refund.Status);
        Assert.Equal("账号有误", refund.StatusReason);
        Assert.Null(refund.RefundedAt);
        Audit.Single(refund, "Refund", "Refunding", "NotRefunded", "Decline", Audit.Finance, Audit.Now, " 账号有误 ");

        RequestWith(refund, RefundMethod.OriginalRoute, null, PaymentMethod.BankTransfer);
        Assert.Equal(Refunding, refund.Status);
        Assert.Null(refund.StatusReason);
        Assert.Null(refund.Payee);
    }

    [Fact]
    public void Money_that_paid_nothing_opens_its_refund_at_once_the_original_route()
    {
        var refund = Refund.ForUnappliedPayment(Guid.NewGuid(), "SBX-LATE", PaymentMethod.QrCode, Money.Cny(300m), Actor.PaymentProvider("sandbox"), Audit.Now);

        Assert.Equal((Refunding, RefundMethod.OriginalRoute, "SBX-LATE", (PaymentMethod?)PaymentMethod.QrCode), (refund.Status, refund.Method, refund.TransactionId, refund.PaidBy));
        Assert.True(refund.IsUnappliedPayment);
        Assert.Equal(Audit.Now, refund.RequestedAt);
        var entry = Assert.Single(refund.TakeAudit());
        Assert.Equal(("NotRefunded", "Refunding", "Request"), (entry.From, entry.To, entry.Trigger));
    }

    [Theory]
    [InlineData("", "6222000011112222", "工商银行上海分行", "102290000000", "PayeeName")]
    [InlineData("上海某某公司", "6222-0000", "工商银行上海分行", "102290000000", "Account")]
    [InlineData("上海某某公司", "1234567", "工商银行上海分行", "102290000000", "Account")]
    [InlineData("上海某某公司", "6222000011112222", " ", "102290000000", "Bank")]
    [InlineData("上海某某公司", "6222000011112222", "工商银行上海分行", "10229000000", "BankCode")]
    [InlineData("上海某某公司", "6222000011112222", "工商银行上海分行", "10229000000X", "BankCode")]
    [InlineData("上海某某公司", "6222000011112222", "工商银行上海分行", null, "BankCode")]
    public void Another_account_needs_every_payee_field_in_its_shape(string name, string account, string bank, string? code, string field)
    {
        var payee = new PayeeAccount(name, account, bank, code);
        Assert.Equal([field], payee.Problems().Keys);
        var refund = NewRefund();
        Audit.Refused(refund, () => RequestWith(refund, RefundMethod.OtherAccount, payee, PaymentMethod.BankTransfer), "MethodAllowed");
        Assert.Empty(Payee.Problems());
    }

    [Fact]
    public void Approve_without_a_request_is_refused()
    {
        var refund = NewRefund();
        Assert.Equal("Refund.NotRefunded.Approve", Audit.Refused(refund, () => refund.Approve(null, Audit.Finance, Audit.Now), null).Code);
    }
}
