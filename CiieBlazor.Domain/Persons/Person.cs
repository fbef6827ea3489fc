using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Delegations;

namespace CiieBlazor.Domain.Persons;

/// <summary>A person of a visitor organisation in one edition. Status only moves through <see cref="PersonMachine"/>.</summary>
public sealed class Person : AggregateRoot
{
    private Person() { }

    public Person(Guid registrationId, Guid organisationId, Guid editionId, Guid delegationId, PersonData data)
    {
        RegistrationId = registrationId;
        OrganisationId = organisationId;
        EditionId = editionId;
        DelegationId = delegationId;
        Status = PersonStatus.Saved;
        Apply(data);
    }

    public Guid RegistrationId { get; private set; }
    public Guid OrganisationId { get; private set; }
    public Guid EditionId { get; private set; }
    public Guid DelegationId { get; private set; }

    public PersonType PersonType { get; private set; }
    public string Name { get; private set; } = "";
    public Gender Gender { get; private set; }
    public DocumentType DocumentType { get; private set; }
    public string DocumentNumber { get; private set; } = "";
    public string Nationality { get; private set; } = "";
    public string Position { get; private set; } = "";
    public string Mobile { get; private set; } = "";
    public string Email { get; private set; } = "";
    public Guid? PhotoFileId { get; private set; }
    public DateOnly? EntryFrom { get; private set; }
    public DateOnly? EntryTo { get; private set; }
    public PickupMethod PickupMethod { get; private set; }
    public Guid? CourierAddressId { get; private set; }
    public bool CommitmentTicked { get; private set; }

    public PersonStatus Status { get; private set; }
    public PersonTag? Tag { get; private set; }
    public bool IsReuse { get; private set; }
    public Guid? PreviousPersonId { get; private set; }
    public PersonTag? PreviousTag { get; private set; }
    /// <summary>A reuse person whose tag was upgraded needs a new badge.</summary>
    public bool Upgraded { get; private set; }
    public string? StatusReason { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }

    public string MaskedDocumentNumber => PersonData.Mask(DocumentNumber);

    public PersonData Data => new()
    {
        PersonType = PersonType, Name = Name, Gender = Gender, DocumentType = DocumentType, DocumentNumber = DocumentNumber,
        Nationality = Nationality, Position = Position, Mobile = Mobile, Email = Email, PhotoFileId = PhotoFileId,
        EntryFrom = EntryFrom, EntryTo = EntryTo, PickupMethod = PickupMethod, CourierAddressId = CourierAddressId,
        CommitmentTicked = CommitmentTicked,
    };

    /// <summary>Submitted and not withdrawn: counts for the organisation's "at least one person submitted".</summary>
    public bool IsSubmitted => PersonMachine.SubmittedStatuses.Contains(Status);

    /// <summary>Marks the person as carried over from the previous edition for badge reuse, with its old tag.</summary>
    public void PrepareReuse(Guid previousPersonId, PersonTag previousTag)
    {
        EnsureEditable();
        IsReuse = true;
        PreviousPersonId = previousPersonId;
        PreviousTag = previousTag;
    }

    public void Update(PersonData data, Actor actor, DateTimeOffset now)
    {
        PersonMachine.Table.Fire(Status, PersonTrigger.Edit, Context());
        if (IsReuse && !SameCardFace(data))
        {
            throw DomainException.Rule("Person", nameof(PersonTrigger.Edit), "CardFaceLocked",
                "证件复用人员的卡面信息（姓名、照片、入场日期）须保持不变；如需修改请选择重新申办 (a reused badge keeps its face: name, photo, entry dates)");
        }
        Apply(data);
    }

    /// <summary>重新申办: this application re-applies for <paramref name="previousPersonId"/> of an earlier edition.</summary>
    public void MarkReapplication(Guid previousPersonId)
    {
        EnsureEditable();
        PreviousPersonId = previousPersonId;
    }

    /// <summary>Last edition's entry dates moved to the same expo days of this edition, kept within its days.</summary>
    public static (DateOnly From, DateOnly To) MapEntryDates(DateOnly? from, DateOnly? to, DateOnly previousFirstDay, DateOnly firstDay, DateOnly lastDay)
    {
        DateOnly Map(DateOnly? d, DateOnly fallback)
        {
            if (d is not { } day) return fallback;
            var mapped = firstDay.AddDays(day.DayNumber - previousFirstDay.DayNumber);
            return mapped < firstDay ? firstDay : mapped > lastDay ? lastDay : mapped;
        }
        var f = Map(from, firstDay);
        var t = Map(to, lastDay);
        return f <= t ? (f, t) : (t, f);
    }

    private bool SameCardFace(PersonData data) =>
        Name == (data.Name ?? "").Trim() && PhotoFileId == data.PhotoFileId && EntryFrom == data.EntryFrom && EntryTo == data.EntryTo;

    public void Submit(DateOnly firstDay, DateOnly lastDay, Actor actor, DateTimeOffset now)
    {
        Fire(PersonTrigger.Submit, Context() with { DataValid = IsDataValid(firstDay, lastDay, now) }, actor, now);
        // 重新申办: a person carried over for reuse but submitted as a new application pays a new badge.
        IsReuse = false;
        PreviousTag = null;
        SubmittedAt = now;
    }

    /// <param name="eligible">Held last edition's professional-visitor badge and passed last edition's review.</param>
    public void SubmitReuse(bool eligible, DateOnly firstDay, DateOnly lastDay, Actor actor, DateTimeOffset now)
    {
        Fire(PersonTrigger.SubmitReuse, Context() with { DataValid = IsDataValid(firstDay, lastDay, now), ReuseEligible = eligible && IsReuse && PreviousTag is not null }, actor, now);
        Tag = PreviousTag;
        SubmittedAt = now;
    }

    public void Delete(Actor actor, DateTimeOffset now) => Fire(PersonTrigger.Delete, Context(), actor, now);

    /// <summary>交易团标记: VIP and staff take a quota place and go to background review; professional visitors must pay.</summary>
    public void TagAs(PersonTag tag, bool organisationApproved, DelegationQuota quota, Actor actor, DateTimeOffset now)
    {
        Fire(PersonTrigger.Tag, Context() with { Tag = tag, OrganisationApproved = organisationApproved, QuotaAvailable = quota.HasRoomFor(tag) }, actor, now, tag.ToString());
        quota.Take(tag);
        Tag = tag;
    }

    public void Upgrade(PersonTag tag, DelegationQuota quota, Actor actor, DateTimeOffset now)
    {
        var from = Tag;
        var heldPlace = HoldsQuotaPlace;
        Fire(PersonTrigger.Upgrade, Context() with { Tag = tag, QuotaAvailable = quota.HasRoomFor(tag) }, actor, now, $"{from}→{tag}");
        if (heldPlace) quota.Release(from!.Value);
        quota.Take(tag);
        Tag = tag;
        Upgraded = true;
    }

    /// <summary>锁定提交 of a reuse person.</summary>
    /// <remarks>A carried VIP or staff tag takes its quota place now; an upgraded one took it at the upgrade.</remarks>
    public void Lock(bool organisationApproved, DelegationQuota quota, Actor actor, DateTimeOffset now)
    {
        var takesPlace = Tag is { } t && t.IsFeeExempt() && !Upgraded;
        Fire(PersonTrigger.Lock, Context() with
        {
            OrganisationApproved = organisationApproved,
            QuotaAvailable = !takesPlace || quota.HasRoomFor(Tag!.Value),
        }, actor, now);
        if (takesPlace) quota.Take(Tag!.Value);
    }

    /// <summary>True while the person occupies one of the delegation's VIP or staff places.</summary>
    public bool HoldsQuotaPlace =>
        Tag is { } t && t.IsFeeExempt()
        && Status is not (PersonStatus.Saved or PersonStatus.AwaitingTag or PersonStatus.Deleted or PersonStatus.Cancelled or PersonStatus.Rejected)
        && (Status != PersonStatus.AwaitingLock || Upgraded);

    public void ChangeEntryDates(DateOnly from, DateOnly to, DateOnly firstDay, DateOnly lastDay, bool heldByUnpaidOrder, Actor actor, DateTimeOffset now)
    {
        if (from > to || from < firstDay || to > lastDay)
        {
            throw DomainException.Rule("Person", nameof(PersonTrigger.ChangeEntryDates), "DatesWithinEdition",
                "入场日期须在展会日期之内 (entry dates must lie within the expo days)");
        }
        Fire(PersonTrigger.ChangeEntryDates, Context() with { HeldByUnpaidOrder = heldByUnpaidOrder }, actor, now);
        EntryFrom = from;
        EntryTo = to;
    }

    public void MarkOrderPaid(Actor actor, DateTimeOffset now) => Fire(PersonTrigger.OrderPaid, Context(), actor, now);

    public void Approve(Actor actor, DateTimeOffset now)
    {
        Fire(PersonTrigger.Approve, Context(), actor, now);
        StatusReason = null;
    }

    /// <summary>审核不通过. A VIP or staff place goes back to the delegation's quota.</summary>
    public void Reject(string reason, Actor actor, DateTimeOffset now, DelegationQuota? quota = null)
    {
        var heldPlace = HoldsQuotaPlace;
        Fire(PersonTrigger.Reject, Context() with { Reason = reason }, actor, now, reason);
        if (heldPlace && quota is not null) quota.Release(Tag!.Value);
        StatusReason = reason.Trim();
    }

    /// <summary>注销. A VIP or staff place goes back to the delegation's quota.</summary>
    public void Cancel(string? reason, DelegationQuota? quota, Actor actor, DateTimeOffset now)
    {
        var heldPlace = HoldsQuotaPlace;
        Fire(PersonTrigger.Cancel, Context(), actor, now, reason);
        if (heldPlace && quota is not null) quota.Release(Tag!.Value);
        StatusReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
    }

    public IReadOnlyList<PersonTrigger> PermittedTriggers(PersonContext context) => PersonMachine.Table.PermittedTriggers(Status, context);

    /// <summary>Badge fee for this person: exempt tags pay nothing, reuse pays the edition's reuse percentage.</summary>
    public Money Fee(Editions.Edition edition) =>
        Tag is { } tag && tag.IsFeeExempt() ? Money.Zero : IsReuse && !Upgraded ? edition.ReuseFee : edition.ProfessionalVisitorFee;

    private bool IsDataValid(DateOnly firstDay, DateOnly lastDay, DateTimeOffset now) =>
        Data.Validate(firstDay, lastDay, DateOnly.FromDateTime(now.ToOffset(OrderNumber.ChinaOffset).DateTime)).Count == 0;

    private PersonContext Context() => new()
    {
        CommitmentTicked = CommitmentTicked,
        CurrentTag = Tag,
        PreviousTag = PreviousTag,
    };

    private void Fire(PersonTrigger trigger, PersonContext context, Actor actor, DateTimeOffset now, string? reason = null)
    {
        var from = Status;
        Status = PersonMachine.Table.Fire(Status, trigger, context);
        Record(PersonMachine.Table.Name, from, Status, trigger.ToString(), actor, now, reason);
    }

    private void EnsureEditable() => PersonMachine.Table.Fire(Status, PersonTrigger.Edit, Context());

    private void Apply(PersonData data)
    {
        PersonType = data.PersonType;
        Name = (data.Name ?? "").Trim();
        Gender = data.Gender;
        DocumentType = data.DocumentType;
        DocumentNumber = PersonData.NormaliseDocument(data.DocumentNumber);
        Nationality = (data.Nationality ?? "").Trim();
        Position = (data.Position ?? "").Trim();
        Mobile = (data.Mobile ?? "").Trim();
        Email = (data.Email ?? "").Trim();
        PhotoFileId = data.PhotoFileId;
        EntryFrom = data.EntryFrom;
        EntryTo = data.EntryTo;
        PickupMethod = data.PickupMethod;
        CourierAddressId = data.PickupMethod == PickupMethod.Courier ? data.CourierAddressId : null;
        CommitmentTicked = data.CommitmentTicked;
    }
}
