using CiieBlazor.Domain.Invoices;

namespace CiieBlazor.Tests.Domain;

public class InvoiceBuyerRulesTests
{
    private static readonly InvoiceBuyer Company = new(BuyerType.Organisation, "上海某某有限公司", "91310115MA1K4DEM05", "13800138000", "fin@example.com",
        "上海市国展路1号", "021-12345678", "中国银行上海分行", "4563 5100 0000 0000", null);

    [Theory]
    [InlineData("91310115MA1K4DEM05", true)]      // the demo organisation's credit code
    [InlineData("91310115ma1k4dem05", true)]      // printed in capitals
    [InlineData("91310115MA1K4DEM06", false)]     // wrong check character
    [InlineData("310115123456789", true)]         // 15-character taxpayer number
    [InlineData("31011512345678901234", true)]    // 20 characters
    [InlineData("3101151234567890", false)]       // 16
    [InlineData("31011512345678-", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Tax_numbers_have_one_of_the_known_shapes(string? value, bool valid) => Assert.Equal(valid, InvoiceBuyerRules.IsTaxNumber(value));

    [Fact]
    public void A_complete_company_can_have_either_kind()
    {
        Assert.Empty(InvoiceBuyerRules.Problems(InvoiceKind.Electronic, Company));
        Assert.Empty(InvoiceBuyerRules.Problems(InvoiceKind.Paper, Company));
    }

    [Fact]
    public void An_organisation_needs_a_valid_tax_number_an_individual_none()
    {
        Assert.Equal(["TaxNumber"], InvoiceBuyerRules.Problems(InvoiceKind.Electronic, Company with { TaxNumber = null }).Keys);
        Assert.Contains("18位统一社会信用代码", InvoiceBuyerRules.Problems(InvoiceKind.Electronic, Company with { TaxNumber = "12345" })["TaxNumber"]);
        var person = new InvoiceBuyer(BuyerType.Individual, "张三", null, "13800138000", "zhang@example.com", null, null, null, null, null);
        Assert.Empty(InvoiceBuyerRules.Problems(InvoiceKind.Electronic, person));
        Assert.Equal(["Type", "Address", "Phone", "Bank", "Account"], InvoiceBuyerRules.Problems(InvoiceKind.Paper, person).Keys);
    }

    [Theory]
    [InlineData("Title", "")]
    [InlineData("Mobile", "1380013800")]
    [InlineData("Email", "not-an-email")]
    [InlineData("Email", "")]
    [InlineData("Phone", "call me")]
    [InlineData("Account", "ABC123")]
    public void Each_field_of_the_wrong_shape_is_named(string field, string value)
    {
        var buyer = field switch
        {
            "Title" => Company with { Title = value },
            "Mobile" => Company with { Mobile = value },
            "Email" => Company with { Email = value },
            "Phone" => Company with { Phone = value },
            _ => Company with { Account = value },
        };
        Assert.Equal([field], InvoiceBuyerRules.Problems(InvoiceKind.Electronic, buyer).Keys);
    }

    [Fact]
    public void Normalising_trims_and_capitalises_what_is_printed()
    {
        var buyer = InvoiceBuyerRules.Normalised(Company with { Title = " 上海某某有限公司 ", TaxNumber = " 91310115ma1k4dem05 ", Remarks = "  " });
        Assert.Equal(("上海某某有限公司", "91310115MA1K4DEM05", (string?)null), (buyer.Title, buyer.TaxNumber, buyer.Remarks));
    }
}
