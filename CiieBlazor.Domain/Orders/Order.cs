using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Persons;

namespace CiieBlazor.Domain.Orders;

/// <summary>One person in an order, with the fee fixed when the order was created.</summary>
public sealed class OrderLine
{
    private OrderLine() { }

    internal OrderLine(Guid personId, string personName, PersonTag tag, bool isReuse, Money fee)
    {
        PersonId = personId;
        PersonName = personName;
        Tag = tag;
        IsReuse = isReuse;
        Fee = fee;
    }

    public Guid Id { get; private set; } = SequentialGuid.Next();
    public Guid PersonId { get; private set; }
    public string PersonName { get; private set; } = "";
    public PersonTag Tag { get; private set; }
    public bool IsReuse { get; private set; }
    public Money Fee { get; private set; }
    public bool Refunded { get; internal set; }

    internal void ErasePersonName(string placeholder) => PersonName = placeholder;
}

/// <summary>A payment the provider or finance confirmed, kept once per provider transaction id.</summary>
public sealed class PaymentReceipt
{
    private PaymentReceipt() { }

    internal PaymentReceipt(string transactionId, PaymentMethod method, Money amount, DateTimeOffset receivedAt, bool applied)
    {
        TransactionId = transactionId;
        Method = method;
        Amount = amount;
        ReceivedAt = receivedAt;
        Applied = applied;
    }

    public Guid Id { get; private set; } = SequentialGuid.Next();
    public string TransactionId { get; private set; } = "";
    public PaymentMethod Method { get; private set; }
    public Money Amount { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }
    /// <summary>False when the money arrived for a cancelled order (and must be refunded).</summary>
    public bool Applied { get; private set; }
}

/// <param name="ByOrganisation">单位汇款 (true) or 个人汇款: a company's remittance fixes the invoice buyer to the company.</param>
public sealed record TransferDetails(string Remitter, Money Amount, DateOnly Date, string? Phone, string? Remarks, Guid VoucherFileId, bool ByOrganisation = true);

/// <summary>A signed notification from a payment provider, already checked by the gateway.</summary>
/// <param name="AmountAsked">What we asked the provider to collect when this payment started (the attempt's amount).</param>
public sealed record PaymentNotice(string TransactionId, PaymentMethod Method, Money Amount, bool SignatureValid, Money? AmountAsked = null);

public enum PaymentOutcome
{
    Applied,
    /// <summary>The same transaction id was seen before; nothing changes.</summary>
    Duplicate,
    /// <summary>Money for a cancelled order: recorded, a refund must be opened.</summary>
    RecordedForRefund,
}

/// <summary>人员证件订单.</summary>
public sealed class Order : AggregateRoot
{
    private readonly List<OrderLine> _lines = new();
    private readonly List<PaymentReceipt> _receipts = new();

    private Order() { }

    public string Number { get; private set; } = "";
    public Guid OrganisationId { get; private set; }
    public Guid EditionId { get; private set; }
    public OrderStatus Status { get; private set; }
    public Money Total { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public PaymentMethod? PaidBy { get; private set; }
    public DateTimeOffset? PaidAt { get; private set; }
    public TransferDetails? Transfer { get; private set; }
    public string? StatusReason { get; private set; }

    public IReadOnlyList<OrderLine> Lines => _lines;

    /// <summary>
    /// The retention job's erasure: each line's copy of the person's name becomes <paramref name="placeholder"/>; fees,
    /// tags, refunds and the order's status stay (finance's record). Returns the lines changed.
    /// </summary>
    public int ErasePersonNames(string placeholder)
    {
        var changed = 0;
        foreach (var line in _lines.Where(l => l.PersonName != placeholder))
        {
            line.ErasePersonName(placeholder);
            changed++;
        }
        return changed;
    }
    public IReadOnlyList<PaymentReceipt> Receipts => _receipts;

    /// <summary>An open order holds its persons: they cannot enter another order or change entry dates.</summary>
    public bool IsOpen => OrderMachine.OpenStatuses.Contains(Status);

    /// <summary>Paid, possibly with some persons refunded since: invoices and refunds are about such orders.</summary>
    public bool IsPaid => Status is OrderStatus.Paid or OrderStatus.PartiallyRefunded;

    /// <summary>What an invoice covers now: the fees of the persons paid for and not refunded (nothing before payment).</summary>
    public Money InvoiceableAmount => IsPaid ? Money.Sum(_lines.Where(l => !l.Refunded).Select(l => l.Fee)) : Money.Zero;

    /// <summary>The receipt that paid the order (refunds of its persons go back by it), if any.</summary>
    public PaymentReceipt? AppliedReceipt => _receipts.LastOrDefault(r => r.Applied);

    /// <summary>Waiting for money: a QR, B2B or transfer payment may start (支付).</summary>
    public bool AwaitsPayment => Status == OrderStatus.Unpaid;

    /// <summary>Create(persons): persons awaiting payment, of this organisation, none in another open order.</summary>
    /// <param name="personsInOpenOrders">Ids of persons already held by another open order.</param>
    public static Order Create(OrderNumber number, Guid organisationId, Editions.Edition edition, IReadOnlyCollection<Person> persons,
        IReadOnlySet<Guid> personsInOpenOrders, Actor actor, DateTimeOffset now)
    {
        const string machine = "Order";
        if (persons.Count == 0)
            throw DomainException.Rule(machine, "Create", "PersonsChosen", "请选择要办证的人员 (choose at least one person)");
        if (persons.Any(p => p.OrganisationId != organisationId))
            throw DomainException.Rule(machine, "Create", "SameOrganisation", "订单中的人员须属于同一单位 (all persons must belong to the organisation)");
        if (persons.Any(p => p.EditionId != edition.Id))
            throw DomainException.Rule(machine, "Create", "SameEdition", "订单中的人员须属于本届 (all persons must belong to the edition)");
        var notAwaiting = persons.FirstOrDefault(p => p.Status != PersonStatus.AwaitingPayment);
        if (notAwaiting is not null)
            throw DomainException.Rule(machine, "Create", "PersonsAwaitingPayment", $"{notAwaiting.Name} 的状态不是“待支付” ({notAwaiting.Name} is not awaiting payment)");
        var held = persons.FirstOrDefault(p => personsInOpenOrders.Contains(p.Id));
        if (held is not null)
            throw DomainException.Rule(machine, "Create", "NotInOpenOrder", $"{held.Name} 已在其他未支付订单中 ({held.Name} is already in another open order)");
        if (persons.Select(p => p.Id).Distinct().Count() != persons.Count)
            throw DomainException.Rule(machine, "Create", "NoDuplicates", "同一人员不能重复加入订单 (a person appears twice)");

        var order = new Order
        {
            Number = number.Value,
            OrganisationId = organisationId,
            EditionId = edition.Id,
            Status = OrderStatus.Unpaid,
            CreatedAt = now,
        };
        foreach (var p in persons)
        {
            order._lines.Add(new OrderLine(p.Id, p.Name, p.Tag ?? PersonTag.ProfessionalVisitor, p.IsReuse, p.Fee(edition)));
        }
        order.Total = Money.Sum(order._lines.Select(l => l.Fee));
        order.Record(machine, OrderStatus.Unpaid, OrderStatus.Unpaid, "Create", actor, now);
        return order;
    }

    public IReadOnlyList<OrderTrigger> PermittedTriggers(OrderContext context) => OrderMachine.Table.PermittedTriggers(Status, context);

    public void Cancel(Actor actor, DateTimeOffset now) => Fire(OrderTrigger.Cancel, new OrderContext(), actor, now);

    /// <summary>Applies a provider notification; idempotent on the provider's transaction id.</summary>
    public PaymentOutcome RecordPayment(PaymentNotice notice, Actor actor, DateTimeOffset now)
    {
        if (_receipts.Any(r => r.TransactionId == notice.TransactionId))
        {
            return PaymentOutcome.Duplicate;
        }
        var context = new OrderContext
        {
            SignatureValid = notice.SignatureValid,
            AmountMatches = notice.Amount == Total,
            AmountWasAsked = notice.AmountAsked == notice.Amount,
        };
        var applies = Status == OrderStatus.Unpaid && context.AmountMatches;
        Fire(OrderTrigger.PaymentSucceeded, context, actor, now, notice.TransactionId);
        _receipts.Add(new PaymentReceipt(notice.TransactionId, notice.Method, notice.Amount, now, applied: applies));
        if (!applies)
        {
            return PaymentOutcome.RecordedForRefund;
        }
        PaidBy = notice.Method;
        PaidAt = now;
        return PaymentOutcome.Applied;
    }

    public void SubmitTransfer(TransferDetails details, Actor actor, DateTimeOffset now)
    {
        Fire(OrderTrigger.SubmitTransfer, new OrderContext
        {
            VoucherGiven = details.VoucherFileId != Guid.Empty,
            TransferDetailsGiven = !string.IsNullOrWhiteSpace(details.Remitter) && details.Amount > Money.Zero && details.Date != default,
        }, actor, now);
        Transfer = details;
        StatusReason = null;
    }

    public void ConfirmTransfer(Actor actor, DateTimeOffset now)
    {
        Fire(OrderTrigger.ConfirmTransfer, new OrderContext { AmountMatches = Transfer?.Amount == Total }, actor, now);
        _receipts.Add(new PaymentReceipt($"transfer:{Id:N}:{_receipts.Count + 1}", PaymentMethod.BankTransfer, Transfer!.Amount, now, applied: true));
        PaidBy = PaymentMethod.BankTransfer;
        PaidAt = now;
    }

    public void RejectTransfer(string reason, Actor actor, DateTimeOffset now)
    {
        Fire(OrderTrigger.RejectTransfer, new OrderContext { Reason = reason }, actor, now, reason);
        StatusReason = reason.Trim();
    }

    /// <summary>A cancelled person leaves this unpaid order; the total follows, and the order is cancelled when empty.</summary>
    public void RemovePerson(Guid personId, Actor actor, DateTimeOffset now)
    {
        var line = _lines.FirstOrDefault(l => l.PersonId == personId)
            ?? throw DomainException.Rule("Order", nameof(OrderTrigger.RemoveLine), "LineInOrder", "该人员不在此订单中 (the person is not in this order)");
        Fire(OrderTrigger.RemoveLine, new OrderContext { LastLine = _lines.Count == 1 }, actor, now, line.PersonName);
        if (Status == OrderStatus.Unpaid)
        {
            _lines.Remove(line);
            Total = Money.Sum(_lines.Select(l => l.Fee));
        }
    }

    public void MarkLineRefunded(Guid personId, Actor actor, DateTimeOffset now)
    {
        var line = _lines.FirstOrDefault(l => l.PersonId == personId)
            ?? throw DomainException.Rule("Order", nameof(OrderTrigger.LineRefunded), "LineInOrder", "该人员不在此订单中 (the person is not in this order)");
        if (line.Refunded)
            throw DomainException.Rule("Order", nameof(OrderTrigger.LineRefunded), "NotYetRefunded", "该人员已退款 (already refunded)");
        Fire(OrderTrigger.LineRefunded, new OrderContext { AllLinesRefunded = _lines.All(l => l.Refunded || l == line) }, actor, now, line.PersonName);
        line.Refunded = true;
    }

    private void Fire(OrderTrigger trigger, OrderContext context, Actor actor, DateTimeOffset now, string? reason = null)
    {
        var from = Status;
        Status = OrderMachine.Table.Fire(Status, trigger, context);
        Record(OrderMachine.Table.Name, from, Status, trigger.ToString(), actor, now, reason);
    }
}
