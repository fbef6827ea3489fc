using CiieBlazor.Domain.Common;

namespace CiieBlazor.Domain.Addresses;

/// <summary>证件快递常用地址: up to five per organisation, one of them the default.</summary>
public sealed class CourierAddress : AggregateRoot
{
    public const int MaxPerOrganisation = 5;

    private CourierAddress() { }

    public CourierAddress(Guid organisationId, string province, string city, string district, string street, string recipient, string mobile)
    {
        OrganisationId = organisationId;
        Change(province, city, district, street, recipient, mobile);
    }

    public Guid OrganisationId { get; private set; }
    public string Province { get; private set; } = "";
    public string City { get; private set; } = "";
    public string District { get; private set; } = "";
    public string Street { get; private set; } = "";
    public string Recipient { get; private set; } = "";
    public string Mobile { get; private set; } = "";
    public bool IsDefault { get; private set; }

    public string OneLine => $"{Province}{City}{District}{Street}";

    public void Change(string province, string city, string district, string street, string recipient, string mobile)
    {
        string Need(string? v, string zh, string en, int max = 100) =>
            string.IsNullOrWhiteSpace(v) ? throw DomainException.Rule("CourierAddress", "Save", "ValidData", $"请填写{zh} ({en} is required)")
            : v.Trim().Length > max ? throw DomainException.Rule("CourierAddress", "Save", "ValidData", $"{zh}过长 ({en} is too long)")
            : v.Trim();
        Province = Need(province, "省份", "province");
        City = Need(city, "城市", "city");
        District = Need(district, "区县", "district");
        Street = Need(street, "详细地址", "street address", 200);
        Recipient = Need(recipient, "收件人", "recipient", 50);
        var m = Need(mobile, "手机号", "mobile", 20);
        if (!System.Text.RegularExpressions.Regex.IsMatch(m, @"^1[3-9]\d{9}$"))
            throw DomainException.Rule("CourierAddress", "Save", "ValidData", "手机号应为11位中国大陆手机号码 (an 11-digit mainland mobile number)");
        Mobile = m;
    }

    /// <summary>Adding a sixth address is refused.</summary>
    public static void EnsureRoomFor(int existingCount)
    {
        if (existingCount >= MaxPerOrganisation)
            throw DomainException.Rule("CourierAddress", "Add", "AtMostFive", "常用地址最多可保存五个 (at most five saved addresses)");
    }

    /// <summary>Makes <paramref name="chosen"/> the only default among the organisation's addresses.</summary>
    public static void SetDefault(IEnumerable<CourierAddress> addresses, Guid chosen)
    {
        foreach (var a in addresses) a.IsDefault = a.Id == chosen;
    }
}
