using System.Text.RegularExpressions;
using CiieBlazor.Domain.Common;

namespace CiieBlazor.Domain.Invoices;

/// <summary>
/// 发票信息 rules: what each invoice kind needs from its buyer, and the shapes of tax number, mobile and email. Field
/// messages are keyed by <see cref="InvoiceBuyer"/> property names so that forms show them next to the field.
/// </summary>
public static partial class InvoiceBuyerRules
{
    public const int TitleMax = 100;
    public const int TextMax = 200;

    /// <summary>
    /// 税号: the 18-character unified social credit code (with its check character), or a taxpayer identification
    /// number of the older shapes (15 or 20 characters, digits and capital letters).
    /// </summary>
    public static bool IsTaxNumber(string? value)
    {
        var v = value?.Trim().ToUpperInvariant() ?? "";
        return v.Length switch
        {
            18 => UnifiedSocialCreditCode.IsValid(v),
            15 or 20 => LegacyTaxNumber().IsMatch(v),
            _ => false,
        };
    }

    /// <summary>Problems of the buyer for this kind of invoice, empty when it can be issued.</summary>
    public static IReadOnlyDictionary<string, string> Problems(InvoiceKind kind, InvoiceBuyer buyer)
    {
        var problems = new Dictionary<string, string>();
        if (kind == InvoiceKind.Paper && buyer.Type != BuyerType.Organisation)
            problems[nameof(InvoiceBuyer.Type)] = "专用发票仅开具给单位 (a special VAT invoice is issued to organisations only)";

        if (string.IsNullOrWhiteSpace(buyer.Title)) problems[nameof(InvoiceBuyer.Title)] = "请填写准确的发票抬头名称 (enter the invoice title)";
        else if (buyer.Title.Trim().Length > TitleMax) problems[nameof(InvoiceBuyer.Title)] = $"发票抬头不超过{TitleMax}字 (at most {TitleMax} characters)";

        var organisation = buyer.Type == BuyerType.Organisation;
        if (organisation && string.IsNullOrWhiteSpace(buyer.TaxNumber))
            problems[nameof(InvoiceBuyer.TaxNumber)] = "请填写[税号]或[社会信用代码] (enter the tax number or unified social credit code)";
        else if (!string.IsNullOrWhiteSpace(buyer.TaxNumber) && !IsTaxNumber(buyer.TaxNumber))
            problems[nameof(InvoiceBuyer.TaxNumber)] = "税号应为18位统一社会信用代码或15/20位纳税人识别号 (an 18-character credit code or a 15/20-character taxpayer number)";

        if (!string.IsNullOrWhiteSpace(buyer.Mobile) && !Mobile().IsMatch(buyer.Mobile.Trim()))
            problems[nameof(InvoiceBuyer.Mobile)] = "请填写11位手机号 (an 11-digit mainland mobile number)";
        if (kind == InvoiceKind.Electronic && string.IsNullOrWhiteSpace(buyer.Email))
            problems[nameof(InvoiceBuyer.Email)] = "电子发票将发送至此邮箱，请填写 (the e-invoice is sent to this email)";
        else if (!string.IsNullOrWhiteSpace(buyer.Email) && !Email().IsMatch(buyer.Email.Trim()))
            problems[nameof(InvoiceBuyer.Email)] = "请填写正确的邮箱 (enter a valid email)";

        if (kind == InvoiceKind.Paper)
        {
            Require(problems, nameof(InvoiceBuyer.Address), buyer.Address, "请填写单位地址 (enter the address)");
            Require(problems, nameof(InvoiceBuyer.Phone), buyer.Phone, "请填写单位电话 (enter the phone)");
            Require(problems, nameof(InvoiceBuyer.Bank), buyer.Bank, "请填写开户行 (enter the bank)");
            Require(problems, nameof(InvoiceBuyer.Account), buyer.Account, "请填写银行账户 (enter the account)");
        }
        if (!string.IsNullOrWhiteSpace(buyer.Phone) && !Phone().IsMatch(buyer.Phone.Trim()))
            problems[nameof(InvoiceBuyer.Phone)] = "请填写正确的电话号码 (enter a valid phone number)";
        if (!string.IsNullOrWhiteSpace(buyer.Account) && !Account().IsMatch(buyer.Account.Replace(" ", "", StringComparison.Ordinal)))
            problems[nameof(InvoiceBuyer.Account)] = "银行账户应为8至32位数字 (8 to 32 digits)";
        foreach (var (field, value) in new[] { (nameof(InvoiceBuyer.Address), buyer.Address), (nameof(InvoiceBuyer.Bank), buyer.Bank), (nameof(InvoiceBuyer.Remarks), buyer.Remarks) })
        {
            if (value?.Trim().Length > TextMax && !problems.ContainsKey(field)) problems[field] = $"不超过{TextMax}字 (at most {TextMax} characters)";
        }
        return problems;
    }

    /// <summary>The buyer with every text trimmed and the tax number in capitals (what is printed).</summary>
    public static InvoiceBuyer Normalised(InvoiceBuyer b) => b with
    {
        Title = b.Title.Trim(),
        TaxNumber = Clean(b.TaxNumber)?.ToUpperInvariant(),
        Mobile = Clean(b.Mobile),
        Email = Clean(b.Email),
        Address = Clean(b.Address),
        Phone = Clean(b.Phone),
        Bank = Clean(b.Bank),
        Account = Clean(b.Account),
        Remarks = Clean(b.Remarks),
    };

    private static string? Clean(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();

    private static void Require(Dictionary<string, string> problems, string field, string? value, string message)
    {
        if (string.IsNullOrWhiteSpace(value)) problems[field] = message;
    }

    [GeneratedRegex("^[0-9A-Z]+$")]
    private static partial Regex LegacyTaxNumber();

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^[0-9+\-\s()]{5,30}$")]
    private static partial Regex Phone();

    [GeneratedRegex(@"^\d{8,32}$")]
    private static partial Regex Account();
}
