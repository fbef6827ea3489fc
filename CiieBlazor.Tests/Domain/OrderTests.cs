using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Editions;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Persons;
using static CiieBlazor.Domain.Orders.OrderStatus;
using static CiieBlazor.Domain.Orders.OrderTrigger;
using static CiieBlazor.Domain.Orders.PaymentAttemptStatus;
using static CiieBlazor.Domain.Orders.PaymentAttemptTrigger;

namespace CiieBlazor.Tests.Domain;

public class OrderMachineTable
{
    private const string Name = "Order";

    private static readonly OrderContext Permissive = new()
    {
        SignatureValid = true, AmountMatches = true, VoucherGiven = true, TransferDetailsGiven = true, Reason = "凭证不清晰", AllLinesRefunded = true,
    };

    private static readonly OrderContext None = new();
    private static readonly OrderContext PaymentOk = new() { SignatureValid = true, AmountMatches = true };
    private static readonly OrderContext TransferOk = new() { VoucherGiven = true, TransferDetailsGiven = true };
    private static readonly OrderContext AllRefunded = new() { AllLinesRefunded = true };

    /// <summary>STATES.md, "Order"; Create is the aggregate's factory (no from-state) and is tested in OrderCreate.</summary>
    private static readonly Dictionary<(OrderStatus, OrderTrigger), Row<OrderStatus, OrderContext>> Expected = new()
    {
        [(Unpaid, OrderTrigger.Cancel)] = new(None, Cancelled),
        [(Unpaid, PaymentSucceeded)] = new(PaymentOk, Paid)
        {
            Guards = [("SignatureValid", PaymentOk with { SignatureValid = false }), ("AmountMatches", PaymentOk with { AmountMatches = false })],
        },
        [(Unpaid, SubmitTransfer)] = new(TransferOk, AwaitingTransferCheck)
        {
            Guards = [("VoucherGiven", TransferOk with { VoucherGiven = false }), ("TransferDetailsGiven", TransferOk with { TransferDetailsGiven = false })],
        },
        [(AwaitingTransferCheck, ConfirmTransfer)] = new(PaymentOk, Paid)
        {
            Guards = [("AmountMatches", PaymentOk with { AmountMatches = false })],
        },
        [(Unpaid, OrderTrigger.RemoveLine)] = new(new OrderContext { LastLine = true }, Cancelled) { Branches = [(None, Unpaid)] },
        // Money arriving when the order no longer waits for it is recorded unapplied (refund opened), the state stays.
        [(AwaitingTransferCheck, PaymentSucceeded)] = new(new OrderContext { SignatureValid = true }, AwaitingTransferCheck) { Guards = [("SignatureValid", None)] },
        [(Paid, PaymentSucceeded)] = new(new OrderContext { SignatureValid = true }, Paid) { Guards = [("SignatureValid", None)] },
        [(PartiallyRefunded, PaymentSucceeded)] = new(new OrderContext { SignatureValid = true }, PartiallyRefunded) { Guards = [("SignatureValid", None)] },
        [(Refunded, PaymentSucceeded)] = new(new OrderContext { SignatureValid = true }, Refunded) { Guards = [("SignatureValid", None)] },
        [(AwaitingTransferCheck, RejectTransfer)] = new(None with { Reason = "金额不符" }, Unpaid)
        {
            Guards = [("ReasonGiven", None with { Reason = null })],
        },
        [(Paid, LineRefunded)] = new(AllRefunded, Refunded) { Branches = [(None, PartiallyRefunded)] },
        [(PartiallyRefunded, LineRefunded)] = new(AllRefunded, Refunded) { Branches = [(None, PartiallyRefunded)] },
        // Money for a cancelled order is recorded (the amount need not match), the order stays cancelled.
        [(Cancelled, PaymentSucceeded)] = new(new OrderContext { SignatureValid = true, AmountMatches = false }, Cancelled)
        {
            Guards = [("SignatureValid", None)],
        },
    };

    public static TheoryData<OrderStatus, OrderTrigger> Pairs => MachineTable.AllPairs<OrderStatus, OrderTrigger>();
    public static TheoryData<OrderStatus, OrderTrigger, string> GuardCases => MachineTable.GuardCases(Expected);

    [Theory, MemberData(nameof(Pairs))]
    public void Every_state_and_trigger_pair_follows_the_table(OrderStatus state, OrderTrigger trigger) =>
        MachineTable.AssertPair(OrderMachine.Table, Name, Expected, Permissive, state, trigger);

    [Theory, MemberData(nameof(GuardCases))]
    public void Each_guard_alone_refuses_with_its_name(OrderStatus state, OrderTrigger trigger, string guard) =>
        MachineTable.AssertGuardRefuses(OrderMachine.Table, Name, Expected, state, trigger, guard);

    [Fact]
    public void Has_exactly_the_expected_transitions_and_guards() => MachineTable.AssertSameTable(OrderMachine.Table, Expected);
}

public class PaymentAttemptMachineTable
{
    private const string Name = "PaymentAttempt";
    private static readonly PaymentAttemptContext Live = new(ExpiryReached: false);
    private static readonly PaymentAttemptContext Over = new(ExpiryReached: true);

    /// <summary>STATES.md: a QR attempt is Pending for 10 minutes, then Expired; a late success still counts.</summary>
    private static readonly Dictionary<(PaymentAttemptStatus, PaymentAttemptTrigger), Row<PaymentAttemptStatus, PaymentAttemptContext>> Expected = new()
    {
        [(Pending, Succeed)] = new(Live, Succeeded) { Branches = [(Over, Succeeded)] },
        [(Pending, Expire)] = new(Over, Expired) { Guards = [("ExpiryReached", Live)] },
        [(Pending, Fail)] = new(Live, Failed),
        [(Expired, Succeed)] = new(Over, Succeeded),
    };

    public static TheoryData<PaymentAttemptStatus, PaymentAttemptTrigger> Pairs => MachineTable.AllPairs<PaymentAttemptStatus, PaymentAttemptTrigger>();
    public static TheoryData<PaymentAttemptStatus, PaymentAttemptTrigger, string> GuardCases => MachineTable.GuardCases(Expected);

    [Theory, MemberData(nameof(Pairs))]
    public void Every_state_and_trigger_pair_follows_the_table(PaymentAttemptStatus state, PaymentAttemptTrigger trigger) =>
        MachineTable.AssertPair(PaymentAttemptMachine.Table, Name, Expected, Over, state, trigger);

    [Theory, MemberData(nameof(GuardCases))]
    public void Each_guard_alone_refuses_with_its_name(PaymentAttemptStatus state, PaymentAttemptTrigger trigger, string guard) =>
        MachineTable.AssertGuardRefuses(PaymentAttemptMachine.Table, Name, Expected, state, trigger, guard);

    [Fact]
    public void Has_exactly_the_expected_transitions_and_guards() => MachineTable.AssertSameTable(PaymentAttemptMachine.Table, Expected);
}

/// <summary>Orders built from real persons in AwaitingPayment.</summary>
public abstract class OrderFixture
{
    protected readonly Edition Edition = Build.Edition(fee: 200m, reusePercent: 50m);
    protected readonly Guid Org = Guid.NewGuid();
    protected readonly Guid Delegation = Guid.NewGuid();
    protected static readonly OrderNumber Number = OrderNumber.Create(Audit.Now, 1);
    protected static readonly Actor Provider = Actor.PaymentProvider("sandbox");

    protected Order Create(params Person[] persons) =>
        Order.Create(Number, Org, Edition, persons, new HashSet<Guid>(), Audit.Visitor, Audit.Now);

    /// <summary>An unpaid order of one new professional visitor (¥200.00) and one reuse person (¥100.00).</summary>
    protected Order UnpaidOfTwo()
    {
        var order = Create(Build.AwaitingPayment(Edition, Org, Delegation, "甲"), Build.ReuseAwaitingPayment(Edition, Org, Delegation, "乙"));
        order.TakeAudit();
        return order;
    }

    protected static PaymentNotice Notice(string transactionId, decimal amount, bool signatureValid = true, PaymentMethod method = PaymentMethod.QrCode) =>
        new(transactionId, method, Money.Cny(amount), signatureValid);

    protected static TransferDetails Transfer(string remitter = "上海某某公司", decimal amount = 300m, Guid? voucher = null, DateOnly? date = null) =>
        new(remitter, Money.Cny(amount), date ?? new DateOnly(2025, 10, 2), "021-12345678", null, voucher ?? Guid.NewGuid());
}

public class OrderCreate : OrderFixture
{
    [Fact]
    public void Total_is_the_sum_of_fees_with_reuse_at_the_edition_percentage()
    {
        var fresh = Build.AwaitingPayment(Edition, Org, Delegation, "甲");
        var reuse = Build.ReuseAwaitingPayment(Edition, Org, Delegation, "乙");

        var order = Create(fresh, reuse);

        Assert.Equal(Unpaid, order.Status);
        Assert.True(order.IsOpen);
        Assert.Equal(Number.Value, order.Number);
        Assert.Equal(Org, order.OrganisationId);
        Assert.Equal(Edition.Id, order.EditionId);
        Assert.Equal(Money.Cny(300m), order.Total);
        Assert.Equal("¥300.00", order.Total.ToString());
        Assert.Collection(order.Lines,
            l => Assert.Equal((fresh.Id, "甲", PersonTag.ProfessionalVisitor, false, Money.Cny(200m)), (l.PersonId, l.PersonName, l.Tag, l.IsReuse, l.Fee)),
            l => Assert.Equal((reuse.Id, "乙", PersonTag.ProfessionalVisitor, true, Money.Cny(100m)), (l.PersonId, l.PersonName, l.Tag, l.IsReuse, l.Fee)));
        Assert.All(order.Lines, l => Assert.False(l.Refunded));
        Assert.Empty(order.Receipts);
        Audit.Single(order, "Order", "Unpaid", "Unpaid", "Create", Audit.Visitor, Audit.Now);
    }

    [Theory]
    [InlineData(200, 50, 100)]
    [InlineData(200, 0, 0)]
    [InlineData(200, 100, 200)]
    [InlineData(199.99, 33.33, 66.66)]
    [InlineData(0.05, 50, 0.03)]
    public void Reuse_line_costs_the_configured_percentage_rounded_to_the_fen(decimal fee, decimal percent, decimal expected)
    {
        var edition = Build.Edition(fee, percent);
        var reuse = Build.ReuseAwaitingPayment(edition, Org, Delegation);
        var order = Order.Create(Number, Org, edition, [reuse], new HashSet<Guid>(), Audit.Visitor, Audit.Now);
        Assert.Equal(Money.Cny(expected), order.Total);
        Assert.Equal(Money.Cny(expected), Assert.Single(order.Lines).Fee);
    }

    [Fact]
    public void Empty_selection_is_refused()
    {
        var error = Assert.Throws<DomainException>(() => Create());
        Assert.Equal("Order.-.Create.PersonsChosen", error.Code);
    }

    [Fact]
    public void Person_of_another_organisation_is_refused()
    {
        var other = Build.AwaitingPayment(Edition, Guid.NewGuid(), Delegation);
        var error = Assert.Throws<DomainException>(() => Create(Build.AwaitingPayment(Edition, Org, Delegation), other));
        Assert.Equal(("Order", "Create", "SameOrganisation"), (error.Machine, error.Trigger, error.Guard));
    }

    [Fact]
    public void Person_of_another_edition_is_refused()
    {
        var other = Build.AwaitingPayment(Build.Edition(), Org, Delegation);
        Assert.Equal("SameEdition", Assert.Throws<DomainException>(() => Create(other)).Guard);
    }

    [Fact]
    public void Persons_not_awaiting_payment_are_refused()
    {
        var untagged = Build.AwaitingTag(Edition, Org, Delegation, "未标记");
        var error = Assert.Throws<DomainException>(() => Create(Build.AwaitingPayment(Edition, Org, Delegation), untagged));
        Assert.Equal("PersonsAwaitingPayment", error.Guard);
        Assert.Contains("未标记", error.Message);

        var paid = Build.AwaitingPayment(Edition, Org, Delegation);
        paid.MarkOrderPaid(Provider, Audit.Now);
        Assert.Equal("PersonsAwaitingPayment", Assert.Throws<DomainException>(() => Create(paid)).Guard);
    }

    [Fact]
    public void Person_held_by_another_open_order_is_refused()
    {
        var held = Build.AwaitingPayment(Edition, Org, Delegation, "已占用");
        var error = Assert.Throws<DomainException>(() =>
            Order.Create(Number, Org, Edition, [Build.AwaitingPayment(Edition, Org, Delegation), held], new HashSet<Guid> { held.Id }, Audit.Visitor, Audit.Now));
        Assert.Equal("NotInOpenOrder", error.Guard);
        Assert.Contains("已占用", error.Message);
    }

    [Fact]
    public void The_same_person_twice_is_refused()
    {
        var person = Build.AwaitingPayment(Edition, Org, Delegation);
        Assert.Equal("NoDuplicates", Assert.Throws<DomainException>(() => Create(person, person)).Guard);
    }

    [Fact]
    public void Cancel_frees_the_order_and_is_recorded()
    {
        var order = UnpaidOfTwo();
        order.Cancel(Audit.Visitor, Audit.Now);
        Assert.Equal(Cancelled, order.Status);
        Assert.False(order.IsOpen);
        Audit.Single(order, "Order", "Unpaid", "Cancelled", "Cancel", Audit.Visitor, Audit.Now);
        Assert.Equal("Order.Cancelled.Cancel", Audit.Refused(order, () => order.Cancel(Audit.Visitor, Audit.Now), null).Code);
    }
}

public class OrderRecordPayment : OrderFixture
{
    [Fact]
    public void Matching_signed_notification_pays_the_order()
    {
        var order = UnpaidOfTwo();
        var at = Audit.Now.AddMinutes(3);

        var outcome = order.RecordPayment(Notice("tx-1", 300m), Provider, at);

        Assert.Equal(PaymentOutcome.Applied, outcome);
        Assert.Equal(Paid, order.Status);
        Assert.False(order.IsOpen);
        Assert.Equal(PaymentMethod.QrCode, order.PaidBy);
        Assert.Equal(at, order.PaidAt);
        var receipt = Assert.Single(order.Receipts);
        Assert.Equal(("tx-1", Money.Cny(300m), true, at), (receipt.TransactionId, receipt.Amount, receipt.Applied, receipt.ReceivedAt));
        Audit.Single(order, "Order", "Unpaid", "Paid", "PaymentSucceeded", Provider, at, "tx-1");
    }

    [Fact]
    public void Same_transaction_id_again_is_a_duplicate_and_changes_nothing()
    {
        var order = UnpaidOfTwo();
        order.RecordPayment(Notice("tx-1", 300m), Provider, Audit.Now);
        order.TakeAudit();

        var again = order.RecordPayment(Notice("tx-1", 300m), Provider, Audit.Now.AddMinutes(1));

        Assert.Equal(PaymentOutcome.Duplicate, again);
        Assert.Equal(Paid, order.Status);
        Assert.Single(order.Receipts);
        Assert.Equal(Audit.Now, order.PaidAt);
        Assert.Empty(order.PendingAudit);
    }

    [Fact]
    public void Amount_mismatch_is_refused_and_nothing_is_recorded()
    {
        var order = UnpaidOfTwo();
        var error = Audit.Refused(order, () => order.RecordPayment(Notice("tx-1", 200m), Provider, Audit.Now), "AmountMatches");
        Assert.Equal("Order.Unpaid.PaymentSucceeded.AmountMatches", error.Code);
        Assert.Equal(Unpaid, order.Status);
        Assert.Empty(order.Receipts);
        Assert.Null(order.PaidBy);

        // The same transaction id is not burnt by the refusal.
        Assert.Equal(PaymentOutcome.Applied, order.RecordPayment(Notice("tx-1", 300m), Provider, Audit.Now));
    }

    [Fact]
    public void Money_asked_for_an_older_total_is_recorded_for_refund_and_the_order_still_waits_for_the_right_amount()
    {
        // The QR was shown for both persons (¥300); one was cancelled meanwhile and left the order (¥200 now).
        var order = UnpaidOfTwo();
        var leaving = order.Lines[0];
        order.RemovePerson(leaving.PersonId, Audit.Visitor, Audit.Now);
        order.TakeAudit();
        var left = order.Total;

        var outcome = order.RecordPayment(Notice("tx-old", 300m) with { AmountAsked = Money.Cny(300m) }, Provider, Audit.Now);

        Assert.Equal(PaymentOutcome.RecordedForRefund, outcome);
        Assert.Equal(Unpaid, order.Status);
        Assert.Null(order.PaidBy);
        var receipt = Assert.Single(order.Receipts);
        Assert.False(receipt.Applied);
        Assert.Equal(Money.Cny(300m), receipt.Amount);
        var audit = Assert.Single(order.TakeAudit());
        Assert.Equal(("Unpaid", "Unpaid", "PaymentSucceeded"), (audit.From, audit.To, audit.Trigger));

        // The right amount then pays it; an amount nobody asked for is still refused.
        Audit.Refused(order, () => order.RecordPayment(Notice("tx-odd", 250m) with { AmountAsked = Money.Cny(300m) }, Provider, Audit.Now), "AmountMatches");
        Assert.Equal(PaymentOutcome.Applied, order.RecordPayment(Notice("tx-new", left.Amount) with { AmountAsked = left }, Provider, Audit.Now));
        Assert.Equal(Paid, order.Status);
    }

    [Fact]
    public void Invalid_signature_is_refused()
    {
        var order = UnpaidOfTwo();
        Audit.Refused(order, () => order.RecordPayment(Notice("tx-1", 300m, signatureValid: false), Provider, Audit.Now), "SignatureValid");
        Assert.Equal(Unpaid, order.Status);
        Assert.Empty(order.Receipts);
    }

    [Fact]
    public void Payment_on_a_cancelled_order_is_recorded_for_refund_and_the_order_stays_cancelled()
    {
        var order = UnpaidOfTwo();
        order.Cancel(Audit.Visitor, Audit.Now);
        order.TakeAudit();
        var at = Audit.Now.AddMinutes(8);

        var outcome = order.RecordPayment(Notice("tx-late", 300m, method: PaymentMethod.B2B), Provider, at);

        Assert.Equal(PaymentOutcome.RecordedForRefund, outcome);
        Assert.Equal(Cancelled, order.Status);
        Assert.Null(order.PaidBy);
        Assert.Null(order.PaidAt);
        var receipt = Assert.Single(order.Receipts);
        Assert.False(receipt.Applied);
        Assert.Equal((PaymentMethod.B2B, Money.Cny(300m)), (receipt.Method, receipt.Amount));
        Audit.Single(order, "Order", "Cancelled", "Cancelled", "PaymentSucceeded", Provider, at, "tx-late");

        Assert.Equal(PaymentOutcome.Duplicate, order.RecordPayment(Notice("tx-late", 300m), Provider, at));
        Assert.Single(order.Receipts);
    }

    [Fact]
    public void Unsigned_notification_for_a_cancelled_order_is_refused()
    {
        var order = UnpaidOfTwo();
        order.Cancel(Audit.Visitor, Audit.Now);
        Audit.Refused(order, () => order.RecordPayment(Notice("tx", 300m, signatureValid: false), Provider, Audit.Now), "SignatureValid");
        Assert.Empty(order.Receipts);
    }
}

public class OrderBankTransfer : OrderFixture
{
    [Fact]
    public void Voucher_with_details_waits_for_finance()
    {
        var order = UnpaidOfTwo();
        var details = Transfer();

        order.SubmitTransfer(details, Audit.Visitor, Audit.Now);

        Assert.Equal(AwaitingTransferCheck, order.Status);
        Assert.True(order.IsOpen);
        Assert.Equal(details, order.Transfer);
        Audit.Single(order, "Order", "Unpaid", "AwaitingTransferCheck", "SubmitTransfer", Audit.Visitor, Audit.Now);
    }

    [Theory]
    [InlineData("voucher", "VoucherGiven")]
    [InlineData("remitter", "TransferDetailsGiven")]
    [InlineData("amount", "TransferDetailsGiven")]
    [InlineData("date", "TransferDetailsGiven")]
    public void Incomplete_transfer_is_refused(string missing, string guard)
    {
        var order = UnpaidOfTwo();
        var details = missing switch
        {
            "voucher" => Transfer(voucher: Guid.Empty),
            "remitter" => Transfer(remitter: " "),
            "amount" => Transfer(amount: 0m),
            _ => Transfer(date: default(DateOnly)),
        };
        Audit.Refused(order, () => order.SubmitTransfer(details, Audit.Visitor, Audit.Now), guard);
        Assert.Equal(Unpaid, order.Status);
        Assert.Null(order.Transfer);
    }

    [Fact]
    public void Finance_confirmation_pays_the_order_by_transfer()
    {
        var order = UnpaidOfTwo();
        order.SubmitTransfer(Transfer(amount: 300m), Audit.Visitor, Audit.Now);
        order.TakeAudit();
        var at = Audit.Now.AddDays(1);

        order.ConfirmTransfer(Audit.Finance, at);

        Assert.Equal(Paid, order.Status);
        Assert.Equal(PaymentMethod.BankTransfer, order.PaidBy);
        Assert.Equal(at, order.PaidAt);
        var receipt = Assert.Single(order.Receipts);
        Assert.Equal((PaymentMethod.BankTransfer, Money.Cny(300m), true), (receipt.Method, receipt.Amount, receipt.Applied));
        Audit.Single(order, "Order", "AwaitingTransferCheck", "Paid", "ConfirmTransfer", Audit.Finance, at);
    }

    [Fact]
    public void Finance_rejection_needs_a_reason_and_reopens_the_order()
    {
        var order = UnpaidOfTwo();
        order.SubmitTransfer(Transfer(), Audit.Visitor, Audit.Now);
        order.TakeAudit();

        Audit.Refused(order, () => order.RejectTransfer(" ", Audit.Finance, Audit.Now), "ReasonGiven");
        Assert.Equal(AwaitingTransferCheck, order.Status);

        order.RejectTransfer(" 未收到款项 ", Audit.Finance, Audit.Now);
        Assert.Equal(Unpaid, order.Status);
        Assert.Equal("未收到款项", order.StatusReason);
        Audit.Single(order, "Order", "AwaitingTransferCheck", "Unpaid", "RejectTransfer", Audit.Finance, Audit.Now, " 未收到款项 ");

        // A new voucher clears the rejection reason.
        order.SubmitTransfer(Transfer(), Audit.Visitor, Audit.Now);
        Assert.Null(order.StatusReason);
    }

    [Fact]
    public void Order_waiting_for_a_transfer_check_cannot_be_cancelled()
    {
        var order = UnpaidOfTwo();
        order.SubmitTransfer(Transfer(), Audit.Visitor, Audit.Now);
        Assert.Equal("Order.AwaitingTransferCheck.Cancel", Audit.Refused(order, () => order.Cancel(Audit.Visitor, Audit.Now), null).Code);
    }
}

public class OrderLineRefund : OrderFixture
{
    private Order PaidOfTwo(out Guid first, out Guid second)
    {
        var order = UnpaidOfTwo();
        order.RecordPayment(Notice("tx", 300m), Provider, Audit.Now);
        order.TakeAudit();
        first = order.Lines[0].PersonId;
        second = order.Lines[1].PersonId;
        return order;
    }

    [Fact]
    public void Some_lines_refunded_make_it_partially_refunded_all_lines_refunded()
    {
        var order = PaidOfTwo(out var first, out var second);

        order.MarkLineRefunded(first, Audit.Finance, Audit.Now);
        Assert.Equal(PartiallyRefunded, order.Status);
        Assert.True(order.Lines[0].Refunded);
        Assert.False(order.Lines[1].Refunded);
        Audit.Single(order, "Order", "Paid", "PartiallyRefunded", "LineRefunded", Audit.Finance, Audit.Now, "甲");

        order.MarkLineRefunded(second, Audit.Finance, Audit.Now);
        Assert.Equal(Refunded, order.Status);
        Audit.Single(order, "Order", "PartiallyRefunded", "Refunded", "LineRefunded", Audit.Finance, Audit.Now, "乙");
    }

    [Fact]
    public void Single_line_order_goes_straight_to_refunded()
    {
        var person = Build.AwaitingPayment(Edition, Org, Delegation);
        var order = Create(person);
        order.RecordPayment(Notice("tx", 200m), Provider, Audit.Now);
        order.TakeAudit();
        order.MarkLineRefunded(person.Id, Audit.Finance, Audit.Now);
        Assert.Equal(Refunded, order.Status);
    }

    [Fact]
    public void A_line_is_refunded_once_and_only_lines_of_the_order()
    {
        var order = PaidOfTwo(out var first, out _);
        order.MarkLineRefunded(first, Audit.Finance, Audit.Now);

        Audit.Refused(order, () => order.MarkLineRefunded(first, Audit.Finance, Audit.Now), "NotYetRefunded");
        Audit.Refused(order, () => order.MarkLineRefunded(Guid.NewGuid(), Audit.Finance, Audit.Now), "LineInOrder");
        Assert.Equal(PartiallyRefunded, order.Status);
    }

    [Fact]
    public void Unpaid_order_has_nothing_to_refund()
    {
        var order = UnpaidOfTwo();
        var error = Audit.Refused(order, () => order.MarkLineRefunded(order.Lines[0].PersonId, Audit.Finance, Audit.Now), null);
        Assert.Equal("Order.Unpaid.LineRefunded", error.Code);
        Assert.False(order.Lines[0].Refunded);
    }
}

public class PaymentAttemptExpiry
{
    private static readonly DateTimeOffset Start = Audit.Now;
    private static readonly Actor Provider = Actor.PaymentProvider("sandbox");

    private static PaymentAttempt NewAttempt() => new(Guid.NewGuid(), PaymentMethod.QrCode, Money.Cny(200m), Start);

    [Fact]
    public void Qr_attempt_lives_for_ten_minutes()
    {
        var attempt = NewAttempt();
        Assert.Equal(TimeSpan.FromMinutes(10), PaymentAttempt.QrValidity);
        Assert.Equal(Start.AddMinutes(10), attempt.ExpiresAt);
        Assert.Equal(Pending, attempt.Status);
        Assert.True(attempt.IsLive(Start.AddMinutes(10).AddTicks(-1)));
        Assert.False(attempt.IsLive(Start.AddMinutes(10)));
    }

    [Fact]
    public void Expiry_before_ten_minutes_is_refused()
    {
        var attempt = NewAttempt();
        var error = Audit.Refused(attempt, () => attempt.Expire(Actor.System, Start.AddMinutes(9).AddSeconds(59)), "ExpiryReached");
        Assert.Equal("PaymentAttempt.Pending.Expire.ExpiryReached", error.Code);
        Assert.Equal(Pending, attempt.Status);
    }

    [Fact]
    public void Expiry_at_ten_minutes_is_recorded()
    {
        var attempt = NewAttempt();
        var at = Start.AddMinutes(10);
        attempt.Expire(Actor.System, at);
        Assert.Equal(Expired, attempt.Status);
        Assert.False(attempt.IsLive(at));
        Audit.Single(attempt, "PaymentAttempt", "Pending", "Expired", "Expire", Actor.System, at);
    }

    [Fact]
    public void Late_success_after_expiry_still_counts()
    {
        var attempt = NewAttempt();
        attempt.Expire(Actor.System, Start.AddMinutes(11));
        attempt.TakeAudit();

        attempt.Succeed("tx-late", Provider, Start.AddMinutes(12));

        Assert.Equal(Succeeded, attempt.Status);
        Assert.Equal("tx-late", attempt.ProviderTransactionId);
        Audit.Single(attempt, "PaymentAttempt", "Expired", "Succeeded", "Succeed", Provider, Start.AddMinutes(12));
    }

    [Fact]
    public void Success_and_failure_of_a_pending_attempt()
    {
        var paid = NewAttempt();
        paid.Succeed("tx-1", Provider, Start.AddMinutes(2));
        Assert.Equal(Succeeded, paid.Status);
        Audit.Single(paid, "PaymentAttempt", "Pending", "Succeeded", "Succeed", Provider, Start.AddMinutes(2));
        Assert.Equal("PaymentAttempt.Succeeded.Expire", Audit.Refused(paid, () => paid.Expire(Actor.System, Start.AddMinutes(20)), null).Code);

        var failed = NewAttempt();
        failed.Fail(Provider, Start.AddMinutes(1));
        Assert.Equal(Failed, failed.Status);
        Audit.Single(failed, "PaymentAttempt", "Pending", "Failed", "Fail", Provider, Start.AddMinutes(1));
        Assert.Equal("PaymentAttempt.Failed.Succeed", Audit.Refused(failed, () => failed.Succeed("tx", Provider, Start), null).Code);
        Assert.Null(failed.ProviderTransactionId);
    }

    [Fact]
    public void Bank_transfer_is_not_an_online_attempt()
    {
        Assert.Throws<ArgumentException>(() => new PaymentAttempt(Guid.NewGuid(), PaymentMethod.BankTransfer, Money.Cny(1m), Start));
        Assert.Equal(PaymentMethod.B2B, new PaymentAttempt(Guid.NewGuid(), PaymentMethod.B2B, Money.Cny(1m), Start).Method);
    }
}
