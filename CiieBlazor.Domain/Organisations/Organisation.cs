using CiieBlazor.Domain.Common;

namespace CiieBlazor.Domain.Organisations;

/// <summary>单位所在地区</summary>
public enum OrganisationRegion
{
    Mainland,
    Overseas,
}

/// <summary>单位观众分类: mainland 企业/政府机构/事业单位/社会组织; overseas 企业/政府部门/社会组织/其他.</summary>
public enum OrganisationCategory
{
    Enterprise,
    GovernmentAgency,
    PublicInstitution,
    SocialOrganisation,
    GovernmentDepartment,
    Other,
}

public static class OrganisationCategories
{
    public static IReadOnlyList<OrganisationCategory> For(OrganisationRegion region) => region == OrganisationRegion.Mainland
        ? [OrganisationCategory.Enterprise, OrganisationCategory.GovernmentAgency, OrganisationCategory.PublicInstitution, OrganisationCategory.SocialOrganisation]
        : [OrganisationCategory.Enterprise, OrganisationCategory.GovernmentDepartment, OrganisationCategory.SocialOrganisation, OrganisationCategory.Other];

    public static bool IsAllowed(OrganisationRegion region, OrganisationCategory category) => For(region).Contains(category);
}

/// <summary>
/// 专业观众单位: one account per organisation, identified by its Unified Social Credit Code (mainland) or its
/// registration number (overseas).
/// </summary>
public sealed class Organisation : AggregateRoot
{
    public const int MaxNameLength = 200;
    public const int MaxRegistrationNumberLength = 50;

    private Organisation() { }

    public Organisation(OrganisationRegion region, OrganisationCategory category, string name, string code, DateTimeOffset createdAt)
    {
        if (!OrganisationCategories.IsAllowed(region, category))
            throw DomainException.Rule("Organisation", "Create", "CategoryFitsRegion", "单位观众分类与所在地区不符 (the category does not exist for this region)");
        var error = CheckName(name) ?? CheckCode(region, code);
        if (error is not null) throw DomainException.Rule("Organisation", "Create", "ValidData", error);
        Region = region;
        Category = category;
        Name = name.Trim();
        Code = NormaliseCode(code);
        CreatedAt = createdAt;
    }

    public OrganisationRegion Region { get; private set; }
    public OrganisationCategory Category { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The login: USCC for mainland organisations, registration number for overseas ones.</summary>
    public string Code { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public static string NormaliseCode(string code) => (code ?? "").Trim().ToUpperInvariant();

    public static string? CheckName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "请填写单位名称 (organisation name is required)"
        : name.Trim().Length > MaxNameLength ? $"单位名称不能超过{MaxNameLength}个字符 (at most {MaxNameLength} characters)"
        : null;

    public static string? CheckCode(OrganisationRegion region, string? code)
    {
        if (region == OrganisationRegion.Mainland)
        {
            return UnifiedSocialCreditCode.TryParse(code, out _, out var error) ? null : error;
        }
        var text = NormaliseCode(code ?? "");
        if (text.Length == 0) return "请填写注册号 (registration number is required)";
        if (text.Length > MaxRegistrationNumberLength) return $"注册号不能超过{MaxRegistrationNumberLength}个字符 (at most {MaxRegistrationNumberLength} characters)";
        if (!text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '/' or '.'))
            return "注册号只能包含字母、数字和 - / . (letters, digits, - / . only)";
        return null;
    }

    public void Rename(string name)
    {
        var error = CheckName(name);
        if (error is not null) throw DomainException.Rule("Organisation", "Rename", "ValidData", error);
        Name = name.Trim();
    }
}
