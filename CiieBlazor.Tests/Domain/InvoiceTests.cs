using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Invoices;
using static CiieBlazor.Domain.Invoices.InvoiceStatus;
using static CiieBlazor.Domain.Invoices.InvoiceTrigger;

namespace CiieBlazor.Tests.Domain;

public class InvoiceMachineTable
{
    private const string Name = "Invoice";

    private static readonly InvoiceContext Permissive = new()
    {
        OrderPaid = true, NoRefundInProgress = true, BuyerTaxDataComplete = true, CourierGiven = true, Reason = "抬头有误", IssuedKind = InvoiceKind.Electronic,
    };

    private static readonly InvoiceContext None = new();
    private static readonly InvoiceContext Paid = new() { OrderPaid = true, NoRefundInProgress = true };
    private static readonly InvoiceContext PaperOk = new() { OrderPaid = true, NoRefundInProgress = true, BuyerTaxDataComplete = true };
    private static readonly InvoiceContext Shipped = new() { CourierGiven = true };
    private static readonly InvoiceContext WithReason = new() { Reason = "税号错误" };
    private static readonly InvoiceContext ElectronicIssued = new() { IssuedKind = InvoiceKind.Electronic };
    private static readonly InvoiceContext PaperBack = new() { IssuedKind = InvoiceKind.Paper, Reason = "开错发票", CourierGiven = true };

    private static Row<InvoiceStatus, InvoiceContext> ElectronicRow => new(Paid, Issued)
    {
        Guards = [("OrderPaid", Paid with { OrderPaid = false }), ("NoRefundInProgress", Paid with { NoRefundInProgress = false })],
    };

    private static Row<InvoiceStatus, InvoiceContext> PaperRow => new(PaperOk, Requested)
    {
        Guards =
        [
            ("OrderPaid", PaperOk with { OrderPaid = false }),
            ("NoRefundInProgress", PaperOk with { NoRefundInProgress = false }),
            ("BuyerTaxDataComplete", PaperOk with { BuyerTaxDataComplete = false }),
        ],
    };

    /// <summary>STATES.md, "Invoice".</summary>
    private static readonly Dictionary<(InvoiceStatus, InvoiceTrigger), Row<InvoiceStatus, InvoiceContext>> Expected = new()
    {
        [(NotInvoiced, RequestElectronic)] = ElectronicRow,
        [(NotInvoiced, RequestPaper)] = PaperRow,
        [(Requested, Issue)] = new(Shipped, Issued) { Guards = [("CourierGiven", None)] },
        [(Requested, Reject)] = new(WithReason, NotInvoiced) { Guards = [("ReasonGiven", WithReason with { Reason = "" })] },
        [(Issued, ReturnElectronic)] = new(ElectronicIssued, Returned) { Guards = [("IsElectronic", ElectronicIssued with { IssuedKind = InvoiceKind.Paper })] },
        [(Issued, ReturnPaper)] = new(PaperBack, ReturnRequested)
        {
            Guards =
            [
                ("IsPaper", PaperBack with { IssuedKind = InvoiceKind.Electronic }),
                ("ReasonGiven", PaperBack with { Reason = null }),
                ("CourierGiven", PaperBack with { CourierGiven = false }),
            ],
        },
        [(ReturnRequested, ConfirmReturn)] = new(None, Returned),
        [(Returned, RequestElectronic)] = ElectronicRow,
        [(Returned, RequestPaper)] = PaperRow,
    };

    public static TheoryData<InvoiceStatus, InvoiceTrigger> Pairs => MachineTable.AllPairs<InvoiceStatus, InvoiceTrigger>();
    public static TheoryData<InvoiceStatus, InvoiceTrigger, string> GuardCases => MachineTable.GuardCases(Expected);

    [Theory, MemberData(nameof(Pairs))]
    public void Every_state_and_trigger_pair_follows_the_table(InvoiceStatus state, InvoiceTrigger trigger)
    {
        MachineTable.AssertPair(InvoiceMachine.Table, Name, Expected, Permissive, state, trigger);
        MachineTable.AssertPair(InvoiceMachine.Table, Name, Expected, Permissive with { IssuedKind = InvoiceKind.Paper }, state, trigger);
    }

    [Theory, MemberData(nameof(GuardCases))]
    public void Each_guard_alone_refuses_with_its_name(InvoiceStatus state, InvoiceTrigger trigger, string guard) =>
        MachineTable.AssertGuardRefuses(InvoiceMachine.Table, Name, Expected, state, trigger, guard);

    [Fact]
    public void Has_exactly_the_expected_transitions_and_guards() => MachineTable.AssertSameTable(InvoiceMachine.Table, Expected);
}

public class InvoiceRequests
{
    private static readonly Money Fee = Money.Cny(200m);

    private static readonly InvoiceBuyer Company = new(BuyerType.Organisation, "上海某某有限公司", "91110000600037341L", "13800138000", "fin@example.com",
        "上海市国展路1号", "021-12345678", "中国银行上海分行", "4563 5100 0000 0000", null);

    private static readonly InvoiceBuyer Person = new(BuyerType.Individual, "张三", null, "13800138000", "zhang@example.com", null, null, null, null, null);

    private static Invoice IssuedInvoice(InvoiceKind kind)
    {
        var invoice = new Invoice(Guid.NewGuid());
        if (kind == InvoiceKind.Electronic)
        {
            invoice.RequestElectronic(Company, true, Fee, refundInProgress: false, "E0001", Audit.Visitor, Audit.Now);
        }
        else
        {
            invoice.RequestPaper(Company, true, Fee, refundInProgress: false, Audit.Visitor, Audit.Now);
            invoice.Issue("P0001", "顺丰", "SF100", Audit.Finance, Audit.Now);
        }
        invoice.TakeAudit();
        return invoice;
    }

    [Fact]
    public void New_invoice_is_not_invoiced_and_allows_a_refund()
    {
        var invoice = new Invoice(Guid.NewGuid());
        Assert.Equal(NotInvoiced, invoice.Status);
        Assert.True(invoice.AllowsRefund);
        Assert.Null(invoice.Kind);
    }

    [Fact]
    public void Electronic_invoice_is_issued_at_once()
    {
        var invoice = new Invoice(Guid.NewGuid());

        invoice.RequestElectronic(Person, orderPaid: true, Fee, refundInProgress: false, "E2025000001", Audit.Visitor, Audit.Now);

        Assert.Equal(Issued, invoice.Status);
        Assert.Equal(InvoiceKind.Electronic, invoice.Kind);
        Assert.Equal("E2025000001", invoice.InvoiceNumber);
        Assert.Equal(Person, invoice.Buyer);
        Assert.Equal(Audit.Now, invoice.IssuedAt);
        Assert.False(invoice.AllowsRefund);
        Audit.Single(invoice, "Invoice", "NotInvoiced", "Issued", "RequestElectronic", Audit.Visitor, Audit.Now);
    }

    [Fact]
    public void Unpaid_order_cannot_be_invoiced()
    {
        var invoice = new Invoice(Guid.NewGuid());
        Audit.Refused(invoice, () => invoice.RequestElectronic(Company, orderPaid: false, Fee, refundInProgress: false, "E1", Audit.Visitor, Audit.Now), "OrderPaid");
        Audit.Refused(invoice, () => invoice.RequestPaper(Company, orderPaid: false, Fee, refundInProgress: false, Audit.Visitor, Audit.Now), "OrderPaid");
        Assert.Equal(NotInvoiced, invoice.Status);
        Assert.Null(invoice.Buyer);
    }

    [Theory]
    [InlineData("title")]
    [InlineData("tax")]
    [InlineData("address")]
    [InlineData("phone")]
    [InlineData("bank")]
    [InlineData("account")]
    [InlineData("individual")]
    public void Paper_invoice_requires_complete_tax_data_of_an_organisation(string missing)
    {
        var buyer = missing switch
        {
            "title" => Company with { Title = " " },
            "tax" => Company with { TaxNumber = null },
            "address" => Company with { Address = "" },
            "phone" => Company with { Phone = null },
            "bank" => Company with { Bank = null },
            "account" => Company with { Account = " " },
            _ => Company with { Type = BuyerType.Individual },
        };
        Assert.False(Invoice.TaxDataComplete(buyer));
        var invoice = new Invoice(Guid.NewGuid());
        Audit.Refused(invoice, () => invoice.RequestPaper(buyer, true, Fee, refundInProgress: false, Audit.Visitor, Audit.Now), "BuyerTaxDataComplete");
        Assert.Equal(NotInvoiced, invoice.Status);
    }

    [Fact]
    public void Paper_invoice_with_tax_data_is_requested_then_issued_by_finance()
    {
        var invoice = new Invoice(Guid.NewGuid());
        Assert.True(Invoice.TaxDataComplete(Company with { Mobile = null, Email = null, Remarks = null }));

        invoice.RequestPaper(Company, true, Fee, refundInProgress: false, Audit.Visitor, Audit.Now);
        Assert.Equal(Requested, invoice.Status);
        Assert.Equal(InvoiceKind.Paper, invoice.Kind);
        Assert.Null(invoice.InvoiceNumber);
        Audit.Single(invoice, "Invoice", "NotInvoiced", "Requested", "RequestPaper", Audit.Visitor, Audit.Now);

        Audit.Refused(invoice, () => invoice.Issue("P1", "顺丰", " ", Audit.Finance, Audit.Now), "CourierGiven");
        Assert.Equal(Requested, invoice.Status);

        var at = Audit.Now.AddDays(2);
        invoice.Issue("P2025000001", " 顺丰 ", " SF123456 ", Audit.Finance, at);
        Assert.Equal(Issued, invoice.Status);
        Assert.Equal(("P2025000001", "顺丰", "SF123456", at), (invoice.InvoiceNumber, invoice.CourierCompany, invoice.TrackingNumber, invoice.IssuedAt));
        Audit.Single(invoice, "Invoice", "Requested", "Issued", "Issue", Audit.Finance, at);
    }

    [Fact]
    public void Finance_rejects_a_paper_request_with_a_reason()
    {
        var invoice = new Invoice(Guid.NewGuid());
        invoice.RequestPaper(Company, true, Fee, refundInProgress: false, Audit.Visitor, Audit.Now);
        invoice.TakeAudit();

        Audit.Refused(invoice, () => invoice.Reject("", Audit.Finance, Audit.Now), "ReasonGiven");
        invoice.Reject("税号与抬头不符", Audit.Finance, Audit.Now);

        Assert.Equal(NotInvoiced, invoice.Status);
        Assert.Equal("税号与抬头不符", invoice.StatusReason);
        Assert.True(invoice.AllowsRefund);
        Audit.Single(invoice, "Invoice", "Requested", "NotInvoiced", "Reject", Audit.Finance, Audit.Now, "税号与抬头不符");
    }

    [Fact]
    public void Electronic_invoice_is_returned_online_with_a_credit_note()
    {
        var invoice = IssuedInvoice(InvoiceKind.Electronic);
        Audit.Refused(invoice, () => invoice.ReturnPaper("x", "顺丰", "SF1", Audit.Visitor, Audit.Now), "IsPaper");

        invoice.ReturnElectronic("R0001", Audit.Visitor, Audit.Now);

        Assert.Equal(Returned, invoice.Status);
        Assert.Equal(1, invoice.CreditNotes);
        Assert.True(invoice.AllowsRefund);
        Audit.Single(invoice, "Invoice", "Issued", "Returned", "ReturnElectronic", Audit.Visitor, Audit.Now);
    }

    [Fact]
    public void Paper_invoice_is_returned_by_post_and_confirmed_by_finance()
    {
        var invoice = IssuedInvoice(InvoiceKind.Paper);
        Audit.Refused(invoice, () => invoice.ReturnElectronic("R0001", Audit.Visitor, Audit.Now), "IsElectronic");
        Audit.Refused(invoice, () => invoice.ReturnPaper(" ", "顺丰", "SF2", Audit.Visitor, Audit.Now), "ReasonGiven");
        Audit.Refused(invoice, () => invoice.ReturnPaper("开错", "顺丰", "", Audit.Visitor, Audit.Now), "CourierGiven");

        invoice.ReturnPaper(" 开错发票 ", "EMS", "EMS999", Audit.Visitor, Audit.Now);
        Assert.Equal(ReturnRequested, invoice.Status);
        Assert.False(invoice.AllowsRefund);
        Assert.Equal(("开错发票", "EMS", "EMS999"), (invoice.StatusReason, invoice.CourierCompany, invoice.TrackingNumber));
        Audit.Single(invoice, "Invoice", "Issued", "ReturnRequested", "ReturnPaper", Audit.Visitor, Audit.Now, " 开错发票 ");

        invoice.ConfirmReturn(Audit.Finance, Audit.Now);
        Assert.Equal(Returned, invoice.Status);
        Assert.True(invoice.AllowsRefund);
        Assert.Equal(0, invoice.CreditNotes);
        Audit.Single(invoice, "Invoice", "ReturnRequested", "Returned", "ConfirmReturn", Audit.Finance, Audit.Now);
    }

    [Fact]
    public void Documents_keep_the_invoice_and_the_red_note_that_cancels_it()
    {
        var invoice = new Invoice(Guid.NewGuid());
        var blue = invoice.RequestElectronic(Company, true, Fee, refundInProgress: false, "E0001", Audit.Visitor, Audit.Now);
        Assert.Same(blue, invoice.Current);
        Assert.Equal((InvoiceDocumentKind.Invoice, "E0001", Fee, Company, (string?)null), (blue.Kind, blue.Number, blue.Amount, blue.Buyer, blue.OriginalNumber));
        blue.AttachFile(Guid.NewGuid());
        Assert.Throws<InvalidOperationException>(() => blue.AttachFile(Guid.NewGuid()));

        var red = invoice.ReturnElectronic("R0001", Audit.Visitor, Audit.Now.AddDays(1));

        Assert.Null(invoice.Current);
        Assert.Equal((InvoiceDocumentKind.CreditNote, "R0001", Fee, "E0001"), (red.Kind, red.Number, red.Amount, red.OriginalNumber));
        Assert.Equal([blue, red], invoice.Documents);
        // A paper invoice issued later is a third document; the first two stay as they were.
        invoice.RequestPaper(Company, true, Money.Cny(150m), refundInProgress: false, Audit.Visitor, Audit.Now);
        invoice.Issue(" 04400000001 ", "顺丰", "SF1", Audit.Finance, Audit.Now);
        Assert.Equal(3, invoice.Documents.Count);
        Assert.Equal(("04400000001", Money.Cny(150m)), (invoice.Current!.Number, invoice.Current.Amount));
    }

    [Fact]
    public void Nothing_is_invoiced_while_a_refund_is_in_progress_or_when_nothing_is_left_to_invoice()
    {
        var invoice = new Invoice(Guid.NewGuid());
        Audit.Refused(invoice, () => invoice.RequestElectronic(Company, true, Fee, refundInProgress: true, "E1", Audit.Visitor, Audit.Now), "NoRefundInProgress");
        Audit.Refused(invoice, () => invoice.RequestPaper(Company, true, Fee, refundInProgress: true, Audit.Visitor, Audit.Now), "NoRefundInProgress");
        Audit.Refused(invoice, () => invoice.RequestElectronic(Company, true, Money.Zero, refundInProgress: false, "E1", Audit.Visitor, Audit.Now), "OrderPaid");
        Assert.Empty(invoice.Documents);
        Assert.Equal(NotInvoiced, invoice.Status);
    }

    [Fact]
    public void Returned_invoice_can_be_requested_again()
    {
        var invoice = IssuedInvoice(InvoiceKind.Electronic);
        invoice.ReturnElectronic("R0001", Audit.Visitor, Audit.Now);
        invoice.TakeAudit();

        invoice.RequestPaper(Company, true, Fee, refundInProgress: false, Audit.Visitor, Audit.Now);

        Assert.Equal(Requested, invoice.Status);
        Assert.Equal(InvoiceKind.Paper, invoice.Kind);
        Assert.Null(invoice.InvoiceNumber);
        Assert.Equal(1, invoice.CreditNotes);
        Audit.Single(invoice, "Invoice", "Returned", "Requested", "RequestPaper", Audit.Visitor, Audit.Now);
    }

    [Fact]
    public void Issued_invoice_cannot_be_requested_again()
    {
        var invoice = IssuedInvoice(InvoiceKind.Electronic);
        Assert.Equal("Invoice.Issued.RequestElectronic",
            Audit.Refused(invoice, () => invoice.RequestElectronic(Company, true, Fee, refundInProgress: false, "E2", Audit.Visitor, Audit.Now), null).Code);
        Assert.Equal("E0001", invoice.InvoiceNumber);
    }
}
