using System.Text.RegularExpressions;
using CiieBlazor.Domain.Catalogue;
using CiieBlazor.Domain.Organisations;
using FluentValidation;

namespace CiieBlazor.App.Features.Organisations;

public sealed class CountryRow
{
    public string? CountryCode { get; set; }
    public ProcurementStage Stage { get; set; } = ProcurementStage.DemandForecast;
}

/// <summary>填报单位信息: what the organisation form edits and autosaves (valid or not).</summary>
public sealed class OrganisationInfoInput
{
    public const int NameMax = 50;
    public const int TextMax = 200;
    public const int EmailMax = 100;

    public string? ContactName { get; set; }
    public string? ContactPosition { get; set; }
    public string? ContactMobile { get; set; }
    public string? ContactPhone { get; set; }
    public string? ContactEmail { get; set; }
    public string? Address { get; set; }
    public decimal? NextYearMin { get; set; }
    public decimal? NextYearMax { get; set; }
    public decimal? FiveYearsMin { get; set; }
    public decimal? FiveYearsMax { get; set; }
    public List<CountryRow> Countries { get; set; } = [];
    public List<string> CatalogueCodes { get; set; } = [];
    public List<string> FreeTextInterests { get; set; } = [];

    public static OrganisationInfoInput From(OrganisationRegistration r) => new()
    {
        ContactName = r.ContactName,
        ContactPosition = r.ContactPosition,
        ContactMobile = r.ContactMobile,
        ContactPhone = r.ContactPhone,
        ContactEmail = r.ContactEmail,
        Address = r.Address,
        NextYearMin = r.Intent.NextYear?.Min,
        NextYearMax = r.Intent.NextYear?.Max,
        FiveYearsMin = r.Intent.NextFiveYears?.Min,
        FiveYearsMax = r.Intent.NextFiveYears?.Max,
        Countries = r.Intent.Countries.Select(c => new CountryRow { CountryCode = c.CountryCode, Stage = c.Stage }).ToList(),
        CatalogueCodes = [.. r.Intent.CatalogueCodes],
        FreeTextInterests = [.. r.Intent.FreeTextInterests],
    };

    public PurchasingIntent ToIntent() => new(
        Range(NextYearMin, NextYearMax),
        Range(FiveYearsMin, FiveYearsMax),
        Countries.Where(c => !string.IsNullOrWhiteSpace(c.CountryCode)).Select(c => new CountryInterest(c.CountryCode!, c.Stage)).ToList(),
        CatalogueCodes.Distinct().ToList(),
        FreeTextInterests.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct().ToList());

    private static AmountRange? Range(decimal? min, decimal? max) => min is { } a && max is { } b ? new AmountRange(a, b) : null;

    /// <summary>The first reason this input cannot even be kept as a draft (too long, out of range); null when it can.</summary>
    public string? DraftProblem()
    {
        (string? Value, int Max, string Label)[] texts =
        [
            (ContactName, NameMax, "联系人"), (ContactPosition, NameMax, "职务"), (ContactMobile, 30, "手机号"),
            (ContactPhone, 30, "联系电话"), (ContactEmail, EmailMax, "邮箱"), (Address, TextMax, "单位地址"),
        ];
        foreach (var (value, max, label) in texts)
        {
            if (value is { Length: var n } && n > max) return $"{label}不能超过{max}个字符 ({label}: at most {max} characters)";
        }
        if (new[] { NextYearMin, NextYearMax, FiveYearsMin, FiveYearsMax }.Any(v => v is < 0 or > AmountRange.Limit))
            return "采购额须在0至1亿万美金之间 (amounts between 0 and 100,000,000)";
        if (Countries.Count > PurchasingIntent.MaxRows || FreeTextInterests.Count > PurchasingIntent.MaxRows || CatalogueCodes.Count > PurchasingIntent.MaxRows * 4)
            return "采购意向条目过多 (too many rows)";
        if (FreeTextInterests.Any(t => t.Length > PurchasingIntent.MaxFreeTextLength))
            return $"手动输入的行业或产品不能超过{PurchasingIntent.MaxFreeTextLength}个字符";
        return null;
    }
}

/// <summary>Field messages for the organisation form; the domain enforces the same rules again on submit.</summary>
public sealed class OrganisationInfoInputValidator : AbstractValidator<OrganisationInfoInput>
{
    private static readonly Regex MainlandMobile = new(@"^1[3-9]\d{9}$", RegexOptions.Compiled);
    private static readonly Regex AnyPhone = new(@"^\+?[0-9][0-9 ()\-]{4,29}$", RegexOptions.Compiled);
    private static readonly Regex Email = new(@"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$", RegexOptions.Compiled);

    public OrganisationInfoInputValidator(OrganisationRegion region)
    {
        RuleFor(x => x.ContactName).NotEmpty().WithMessage("请填写联系人 (contact person is required)")
            .MaximumLength(OrganisationInfoInput.NameMax).WithMessage($"联系人不能超过{OrganisationInfoInput.NameMax}个字符 (at most {OrganisationInfoInput.NameMax} characters)");
        RuleFor(x => x.ContactPosition).MaximumLength(OrganisationInfoInput.NameMax).WithMessage($"职务不能超过{OrganisationInfoInput.NameMax}个字符 (at most {OrganisationInfoInput.NameMax} characters)");
        RuleFor(x => x.ContactMobile).NotEmpty().WithMessage("请填写联系人手机号 (mobile is required)")
            .Must(m => m is null || (region == OrganisationRegion.Mainland ? MainlandMobile.IsMatch(m.Trim()) : AnyPhone.IsMatch(m.Trim())))
            .WithMessage(region == OrganisationRegion.Mainland ? "手机号应为11位中国大陆手机号码 (an 11-digit mainland mobile number)" : "手机号格式不正确 (invalid phone number)");
        RuleFor(x => x.ContactPhone).Must(p => string.IsNullOrWhiteSpace(p) || AnyPhone.IsMatch(p.Trim()))
            .WithMessage("联系电话格式不正确，例如 021-12345678 (invalid phone number, e.g. 021-12345678)");
        RuleFor(x => x.ContactEmail).NotEmpty().WithMessage("请填写联系人邮箱 (email is required)")
            .MaximumLength(OrganisationInfoInput.EmailMax).WithMessage($"邮箱不能超过{OrganisationInfoInput.EmailMax}个字符")
            .Must(e => e is null || Email.IsMatch(e.Trim())).WithMessage("邮箱格式不正确 (invalid email address)");
        RuleFor(x => x.Address).MaximumLength(OrganisationInfoInput.TextMax).WithMessage($"单位地址不能超过{OrganisationInfoInput.TextMax}个字符 (at most {OrganisationInfoInput.TextMax} characters)");

        RangeRules(x => x.NextYearMin, x => x.NextYearMax, "未来一年的进口采购额", "next year");
        RangeRules(x => x.FiveYearsMin, x => x.FiveYearsMax, "未来五年进口采购额", "next five years");

        RuleFor(x => x.Countries).Must(rows => rows.Where(r => r.CountryCode is not null).Select(r => r.CountryCode).Distinct().Count() == rows.Count(r => r.CountryCode is not null))
            .WithMessage("国家地区不能重复 (a country appears twice)");
        RuleForEach(x => x.Countries).Must(r => r.CountryCode is not null && Countries.Find(r.CountryCode) is not null)
            .WithMessage("请选择国家地区 (choose a country or region)");
        RuleFor(x => x.CatalogueCodes).Must((x, codes) => codes.Count > 0 || x.FreeTextInterests.Any(t => !string.IsNullOrWhiteSpace(t)))
            .WithMessage("请选择您的行业和产品 (choose at least one industry or product)");
        RuleForEach(x => x.FreeTextInterests).MaximumLength(PurchasingIntent.MaxFreeTextLength)
            .WithMessage($"手动输入的行业或产品不能超过{PurchasingIntent.MaxFreeTextLength}个字符");
    }

    private void RangeRules(System.Linq.Expressions.Expression<Func<OrganisationInfoInput, decimal?>> min,
        System.Linq.Expressions.Expression<Func<OrganisationInfoInput, decimal?>> max, string zh, string en)
    {
        RuleFor(min).NotNull().WithMessage($"请填写{zh}（最小值） ({en}: minimum is required)")
            .InclusiveBetween(0, AmountRange.Limit).WithMessage($"{zh}须在0至1亿之间 ({en}: between 0 and 100,000,000)");
        var minOf = min.Compile();
        RuleFor(max).NotNull().WithMessage($"请填写{zh}（最大值） ({en}: maximum is required)")
            .InclusiveBetween(0, AmountRange.Limit).WithMessage($"{zh}须在0至1亿之间 ({en}: between 0 and 100,000,000)")
            .Must((x, v) => minOf(x) is not { } lo || v is not { } hi || lo <= hi).WithMessage($"{zh}：最小值不能大于最大值 ({en}: min ≤ max)");
    }

}
