using System.Text.RegularExpressions;
using CiieBlazor.Domain.Common;

namespace CiieBlazor.Domain.Persons;

/// <summary>What a visitor organisation fills in for a person (新增人员). Checked by <see cref="Validate"/>.</summary>
public sealed record PersonData
{
    public const int MaxNameLength = 50;
    public const int MaxPositionLength = 50;
    public const int MaxEmailLength = 100;

    public PersonType PersonType { get; init; }
    public string Name { get; init; } = "";
    public Gender Gender { get; init; }
    public DocumentType DocumentType { get; init; }
    public string DocumentNumber { get; init; } = "";
    public string Nationality { get; init; } = "";
    public string Position { get; init; } = "";
    public string Mobile { get; init; } = "";
    public string Email { get; init; } = "";
    public Guid? PhotoFileId { get; init; }
    public DateOnly? EntryFrom { get; init; }
    public DateOnly? EntryTo { get; init; }
    public PickupMethod PickupMethod { get; init; }
    public Guid? CourierAddressId { get; init; }
    public bool CommitmentTicked { get; init; }

    public static IReadOnlyList<DocumentType> DocumentTypesFor(PersonType type) => type switch
    {
        PersonType.Mainland => [DocumentType.ResidentId],
        PersonType.HongKongMacaoTaiwan => [DocumentType.HomeReturnPermit, DocumentType.TaiwanCompatriotPermit],
        _ => [DocumentType.Passport],
    };

    /// <summary>Field name → message for every problem; empty when the data can be submitted.</summary>
    public IReadOnlyDictionary<string, string> Validate(DateOnly editionFirstDay, DateOnly editionLastDay, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        void Add(string field, string? message)
        {
            if (message is not null) errors.TryAdd(field, message);
        }

        Add(nameof(Name), Text(Name, MaxNameLength, "姓名", "name"));
        Add(nameof(Position), Text(Position, MaxPositionLength, "职务", "position"));
        Add(nameof(Nationality), CheckNationality(PersonType, Nationality));
        Add(nameof(DocumentNumber), CheckDocument(PersonType, DocumentType, DocumentNumber, today));
        Add(nameof(Mobile), CheckMobile(PersonType, Mobile));
        Add(nameof(Email), CheckEmail(Email));
        if (PhotoFileId is null) Add(nameof(PhotoFileId), "请上传证件照片 (upload an ID photo)");
        if (EntryFrom is not { } from || EntryTo is not { } to)
            Add(nameof(EntryFrom), "请选择入场日期 (choose the entry dates)");
        else if (from > to || from < editionFirstDay || to > editionLastDay)
            Add(nameof(EntryFrom), $"入场日期须在{editionFirstDay:M月d日}至{editionLastDay:M月d日}之间 (entry dates must lie within the expo days)");
        if (PickupMethod == PickupMethod.Courier && CourierAddressId is null)
            Add(nameof(CourierAddressId), "快递领取须选择收件地址 (choose a courier address)");
        return errors;
    }

    /// <summary>国籍/地区 is an ISO 3166 code that fits the person type.</summary>
    public static string? CheckNationality(PersonType type, string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return "请选择国籍/地区 (nationality/region is required)";
        var country = Catalogue.Countries.Find(code);
        if (country is null) return "国籍/地区无效 (unknown nationality/region)";
        var fits = type switch
        {
            PersonType.Mainland or PersonType.ChineseAbroad => country.Code == "CN",
            PersonType.HongKongMacaoTaiwan => country.Code is "HK" or "MO" or "TW",
            _ => country.Code is not ("CN" or "HK" or "MO" or "TW"),
        };
        return fits ? null : "国籍/地区与人员类型不符 (nationality/region does not fit the person type)";
    }

    /// <summary>The nationality a person type implies, when it implies one.</summary>
    public static string? DefaultNationality(PersonType type) => type is PersonType.Mainland or PersonType.ChineseAbroad ? "CN" : null;

    private static string? Text(string value, int max, string zh, string en) =>
        string.IsNullOrWhiteSpace(value) ? $"请填写{zh} ({en} is required)"
        : value.Trim().Length > max ? $"{zh}不能超过{max}个字符 ({en}: at most {max} characters)"
        : null;

    private static readonly Regex HomeReturn = new(@"^[HM]\d{8}(\d{2})?$", RegexOptions.Compiled);
    private static readonly Regex Taiwan = new(@"^(\d{8}|[0-9A-Z]{10})$", RegexOptions.Compiled);
    private static readonly Regex Passport = new(@"^[A-Z0-9]{5,20}$", RegexOptions.Compiled);
    private static readonly Regex MainlandMobile = new(@"^1[3-9]\d{9}$", RegexOptions.Compiled);
    private static readonly Regex IntlMobile = new(@"^\+?[0-9][0-9 \-]{4,19}$", RegexOptions.Compiled);
    private static readonly Regex EmailPattern = new(@"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$", RegexOptions.Compiled);

    public static string NormaliseDocument(string? number) => (number ?? "").Trim().ToUpperInvariant();

    public static string? CheckDocument(PersonType personType, DocumentType type, string? number, DateOnly today)
    {
        if (!DocumentTypesFor(personType).Contains(type))
            return "证件类型与人员类型不符 (this document type does not fit the person type)";
        var text = NormaliseDocument(number);
        if (text.Length == 0) return "请填写证件号码 (document number is required)";
        return type switch
        {
            DocumentType.ResidentId => ResidentIdNumber.TryParse(text, today, out _, out var error) ? null : error,
            DocumentType.HomeReturnPermit => HomeReturn.IsMatch(text) ? null : "港澳居民来往内地通行证号码应为H或M加8位数字（或旧版10位数字） (H/M + 8 digits, or the older 10-digit form)",
            DocumentType.TaiwanCompatriotPermit => Taiwan.IsMatch(text) ? null : "台湾居民来往大陆通行证号码应为8位数字（或旧版10位） (8 digits, or the older 10-character form)",
            _ => Passport.IsMatch(text) ? null : "护照号码应为5–20位字母或数字 (5–20 letters and digits)",
        };
    }

    public static string? CheckMobile(PersonType type, string? mobile)
    {
        var text = (mobile ?? "").Trim();
        if (text.Length == 0) return "请填写手机号 (mobile is required)";
        return type == PersonType.Mainland
            ? MainlandMobile.IsMatch(text) ? null : "手机号应为11位中国大陆手机号码 (an 11-digit mainland mobile number)"
            : IntlMobile.IsMatch(text) ? null : "手机号格式不正确 (invalid phone number)";
    }

    public static string? CheckEmail(string? email)
    {
        var text = (email ?? "").Trim();
        if (text.Length == 0) return "请填写邮箱 (email is required)";
        if (text.Length > MaxEmailLength) return $"邮箱不能超过{MaxEmailLength}个字符 (at most {MaxEmailLength} characters)";
        return EmailPattern.IsMatch(text) ? null : "邮箱格式不正确 (invalid email address)";
    }

    /// <summary>List view of a document number: first 3 and last 3 characters, e.g. 440*****860.</summary>
    public static string Mask(string number)
    {
        var text = NormaliseDocument(number);
        return text.Length <= 6 ? new string('*', text.Length) : text[..3] + "*****" + text[^3..];
    }
}
