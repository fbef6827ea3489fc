using CiieBlazor.Domain.Persons;
using FluentValidation;

namespace CiieBlazor.App.Features.Persons;

/// <summary>新增人员 / 编辑人员: what the person form edits and autosaves.</summary>
public sealed class PersonInput
{
    public PersonType PersonType { get; set; }
    public string? Name { get; set; }
    public Gender Gender { get; set; }
    public DocumentType DocumentType { get; set; }
    public string? DocumentNumber { get; set; }
    public string? Nationality { get; set; }
    public string? Position { get; set; }
    public string? Mobile { get; set; }
    public string? Email { get; set; }
    public Guid? PhotoFileId { get; set; }
    public DateOnly? EntryFrom { get; set; }
    public DateOnly? EntryTo { get; set; }
    public PickupMethod PickupMethod { get; set; } = PickupMethod.DelegationCollects;
    public Guid? CourierAddressId { get; set; }
    public bool CommitmentTicked { get; set; }

    public static PersonInput ForType(PersonType type, DateOnly firstDay, DateOnly lastDay) => new()
    {
        PersonType = type,
        DocumentType = PersonData.DocumentTypesFor(type)[0],
        Nationality = PersonData.DefaultNationality(type),
        EntryFrom = firstDay,
        EntryTo = lastDay,
    };

    public static PersonInput From(PersonData d) => new()
    {
        PersonType = d.PersonType, Name = d.Name, Gender = d.Gender, DocumentType = d.DocumentType, DocumentNumber = d.DocumentNumber,
        Nationality = d.Nationality, Position = d.Position, Mobile = d.Mobile, Email = d.Email, PhotoFileId = d.PhotoFileId,
        EntryFrom = d.EntryFrom, EntryTo = d.EntryTo, PickupMethod = d.PickupMethod, CourierAddressId = d.CourierAddressId,
        CommitmentTicked = d.CommitmentTicked,
    };

    public PersonData ToData() => new()
    {
        PersonType = PersonType, Name = Name ?? "", Gender = Gender, DocumentType = DocumentType, DocumentNumber = DocumentNumber ?? "",
        Nationality = Nationality ?? "", Position = Position ?? "", Mobile = Mobile ?? "", Email = Email ?? "", PhotoFileId = PhotoFileId,
        EntryFrom = EntryFrom, EntryTo = EntryTo, PickupMethod = PickupMethod, CourierAddressId = CourierAddressId, CommitmentTicked = CommitmentTicked,
    };

    /// <summary>Why this cannot even be saved (too long for its column); null when it can.</summary>
    public string? SaveProblem()
    {
        (string? Value, int Max, string Label)[] texts =
        [
            (Name, PersonData.MaxNameLength, "姓名"), (Position, PersonData.MaxPositionLength, "职务"), (Email, PersonData.MaxEmailLength, "邮箱"),
            (DocumentNumber, 30, "证件号码"), (Mobile, 30, "手机号"), (Nationality, 10, "国籍/地区"),
        ];
        foreach (var (value, max, label) in texts)
        {
            if (value is { Length: var n } && n > max) return $"{label}不能超过{max}个字符 ({label}: at most {max} characters)";
        }
        return null;
    }
}

/// <summary>Field messages for the person form: the domain's own checks, attributed to their fields.</summary>
public sealed class PersonInputValidator : AbstractValidator<PersonInput>
{
    public PersonInputValidator(DateOnly firstDay, DateOnly lastDay, DateOnly today)
    {
        RuleFor(x => x.Name).Custom((v, c) => Add(c, v is null or "" ? "请填写姓名 (name is required)" : v.Length > PersonData.MaxNameLength ? $"姓名不能超过{PersonData.MaxNameLength}个字符 (at most {PersonData.MaxNameLength} characters)" : null));
        RuleFor(x => x.DocumentNumber).Custom((v, c) => Add(c, PersonData.CheckDocument(c.InstanceToValidate.PersonType, c.InstanceToValidate.DocumentType, v, today)));
        RuleFor(x => x.Nationality).Custom((v, c) => Add(c, PersonData.CheckNationality(c.InstanceToValidate.PersonType, v)));
        RuleFor(x => x.Position).Custom((v, c) => Add(c, string.IsNullOrWhiteSpace(v) ? "请填写职务 (position is required)" : v.Length > PersonData.MaxPositionLength ? $"职务不能超过{PersonData.MaxPositionLength}个字符" : null));
        RuleFor(x => x.Mobile).Custom((v, c) => Add(c, PersonData.CheckMobile(c.InstanceToValidate.PersonType, v)));
        RuleFor(x => x.Email).Custom((v, c) => Add(c, PersonData.CheckEmail(v)));
        RuleFor(x => x.EntryFrom).Custom((v, c) =>
        {
            var to = c.InstanceToValidate.EntryTo;
            Add(c, v is null || to is null ? "请选择入场日期 (choose the entry dates)"
                : v > to || v < firstDay || to > lastDay ? $"入场日期须在{firstDay:M月d日}至{lastDay:M月d日}之间 (within the expo days)" : null);
        });
        RuleFor(x => x.CourierAddressId).Custom((v, c) => Add(c, c.InstanceToValidate.PickupMethod == PickupMethod.Courier && v is null ? "快递领取须选择收件地址 (choose a courier address)" : null));
    }

    private static void Add<T>(ValidationContext<T> context, string? message)
    {
        if (message is not null) context.AddFailure(message);
    }
}
