using System.Text.RegularExpressions;
using CiieBlazor.Domain.Catalogue;
using FluentValidation;

namespace CiieBlazor.App.Features.Addresses;

/// <summary>
/// 新增 / 编辑收件地址: what the address dialog edits. Province, city and district are chosen as GB/T 2260 codes from
/// <see cref="AdministrativeDivisions"/>; the service turns them into the names the address keeps.
/// </summary>
public sealed class CourierAddressInput
{
    public const int StreetMax = 200;
    public const int RecipientMax = 50;

    public string? ProvinceCode { get; set; }
    public string? CityCode { get; set; }
    public string? DistrictCode { get; set; }
    public string? Street { get; set; }
    public string? Recipient { get; set; }
    public string? Mobile { get; set; }

    public CourierAddressInput Copy() => (CourierAddressInput)MemberwiseClone();
}

/// <summary>Field messages for the address dialog; the service and the aggregate check the same rules again.</summary>
public sealed class CourierAddressInputValidator : AbstractValidator<CourierAddressInput>
{
    private static readonly Regex MainlandMobile = new(@"^1[3-9]\d{9}$", RegexOptions.Compiled);

    public CourierAddressInputValidator()
    {
        RuleFor(x => x.ProvinceCode).NotEmpty().WithMessage("请选择省份 (choose a province)")
            .Must(code => AdministrativeDivisions.Find(code) is { Level: DivisionLevel.Province }).WithMessage("请选择有效的省份 (choose a valid province)")
            .When(x => !string.IsNullOrEmpty(x.ProvinceCode), ApplyConditionTo.CurrentValidator);
        RuleFor(x => x.CityCode).NotEmpty().WithMessage("请选择城市 (choose a city)")
            .Must((x, code) => AdministrativeDivisions.Find(code) is { Level: DivisionLevel.City } c && c.ParentCode == x.ProvinceCode?.Trim())
            .WithMessage("所选城市不属于该省份 (the city is not in that province)")
            .When(x => !string.IsNullOrEmpty(x.CityCode), ApplyConditionTo.CurrentValidator);
        RuleFor(x => x.DistrictCode).NotEmpty().WithMessage("请选择区县 (choose a district)")
            .Must((x, code) => AdministrativeDivisions.IsValidPath(x.ProvinceCode, x.CityCode, code))
            .WithMessage("所选区县不属于该城市 (the district is not in that city)")
            .When(x => !string.IsNullOrEmpty(x.DistrictCode), ApplyConditionTo.CurrentValidator);
        RuleFor(x => x.Street).NotEmpty().WithMessage("请填写详细地址 (street address is required)")
            .Must(v => v is null || v.Trim().Length <= CourierAddressInput.StreetMax)
            .WithMessage($"详细地址不能超过{CourierAddressInput.StreetMax}个字符 (street address: at most {CourierAddressInput.StreetMax} characters)");
        RuleFor(x => x.Recipient).NotEmpty().WithMessage("请填写收件人 (recipient is required)")
            .Must(v => v is null || v.Trim().Length <= CourierAddressInput.RecipientMax)
            .WithMessage($"收件人不能超过{CourierAddressInput.RecipientMax}个字符 (recipient: at most {CourierAddressInput.RecipientMax} characters)");
        RuleFor(x => x.Mobile).NotEmpty().WithMessage("请填写手机号 (mobile is required)")
            .Must(v => v is null || MainlandMobile.IsMatch(v.Trim()))
            .WithMessage("手机号应为11位中国大陆手机号码 (an 11-digit mainland mobile number)");
    }
}
