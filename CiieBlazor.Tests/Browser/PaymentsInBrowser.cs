using CiieBlazor.App.Data;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Playwright;

namespace CiieBlazor.Tests.Browser;

/// <summary>The reviewer's part every payment walk starts from: 上海交易团 approves the organisation and tags 张伟华 professional visitor.</summary>
internal static class PayableVisitor
{
    /// <summary>
    /// 上海交易团 (sh.reviewer) approves <paramref name="organisation"/> and tags <paramref name="person"/> professional visitor;
    /// with <paramref name="screenshot"/>, each of the two pages is saved as it stands afterwards (…-organisation, …-person).
    /// </summary>
    public static async Task PrepareAsync(BrowserFixture browser, string organisation = "上海进博演示贸易有限公司", string person = "张伟华", string? screenshot = null)
    {
        var reviewer = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(reviewer, "sh.reviewer", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(reviewer, "/review/organisations");
        var row = reviewer.Locator("tr", new PageLocatorOptions { HasText = organisation });
        await row.Locator("[data-testid=approve]").ClickAsync();
        await Assertions.Expect(row.Locator("[data-testid=registration-status]")).ToHaveAttributeAsync("data-status", "Approved");
        if (screenshot is not null) await BrowserFixture.ScreenshotAsync(reviewer, screenshot + "-organisation");
        await BrowserFixture.GotoInteractiveAsync(reviewer, "/review/persons");
        await reviewer.Locator("tr", new PageLocatorOptions { HasText = person }).Locator("[data-testid=row-tag]").ClickAsync();
        await reviewer.Locator("[data-testid=row-tag-ProfessionalVisitor]").ClickAsync();
        await Assertions.Expect(reviewer.Locator("tr", new PageLocatorOptions { HasText = person })).ToContainTextAsync("待支付");
        if (screenshot is not null) await BrowserFixture.ScreenshotAsync(reviewer, screenshot + "-person");
        await reviewer.Context.CloseAsync();
    }

    /// <summary>Signs the visitor in, selects 张伟华 on 人员证件申办, confirms and submits the order; the page is left on the unpaid order.</summary>
    public static async Task<IPage> OrderAsync(BrowserFixture browser)
    {
        var visitor = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(visitor, DemoSeeder.VisitorCode, DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(visitor, "/portal/badges");
        await visitor.Locator("[data-testid=payable-row][data-person=张伟华] input[type=checkbox]").CheckAsync();
        await visitor.Locator("[data-testid=apply]").ClickAsync();
        await visitor.Locator("[data-testid=create-order]").ClickAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=order-status]")).ToHaveAttributeAsync("data-status", "Unpaid");
        return visitor;
    }
}

[Trait("Category", "Browser")]
public sealed class QrPaymentInBrowser(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task APhonePaysTheQrCodeAndTheOrderPageAndFlowchartFlipToPaidLive()
    {
        await PayableVisitor.PrepareAsync(browser);
        var visitor = await PayableVisitor.OrderAsync(browser);

        // The organisation's home page (flowchart) open beside it: step 5 (支付) is in progress.
        var home = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(home, DemoSeeder.VisitorCode, DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(home, "/");
        await Assertions.Expect(home.Locator("[data-testid=step-5]")).ToHaveAttributeAsync("data-state", "InProgress");

        // 扫码支付 → 微信支付 → 确认: a QR code (a real PNG) with a 10-minute countdown.
        await visitor.Locator("[data-testid=pay-channel]").GetByText("微信支付").ClickAsync();
        await visitor.Locator("[data-testid=pay-start]").ClickAsync();
        var qr = visitor.Locator("img[data-testid=qr-image]");
        await Assertions.Expect(qr).ToBeVisibleAsync();
        Assert.StartsWith("data:image/png;base64,", await qr.GetAttributeAsync("src"));
        await Assertions.Expect(visitor.Locator("[data-testid=qr-countdown]")).ToContainTextAsync("剩余有效时间 09:");
        await BrowserFixture.ScreenshotAsync(visitor, "45-order-qr-code");
        var payUrl = await qr.GetAttributeAsync("data-pay-url");
        Assert.NotNull(payUrl);

        // The phone (another browser context, not signed in) opens what the QR encodes and pays there.
        var phone = await browser.NewPageAsync();
        await phone.SetViewportSizeAsync(390, 780);
        await phone.GotoAsync(payUrl);
        await Assertions.Expect(phone.Locator("[data-testid=amount]")).ToHaveTextAsync("¥200.00");
        await BrowserFixture.ScreenshotAsync(phone, "46-sandbox-wallet-pay-page");
        await phone.Locator("[data-testid=pay]").ClickAsync();
        await Assertions.Expect(phone.Locator("[data-testid=paid]")).ToContainTextAsync("支付成功");

        // The signed notification reaches the app over HTTP; both open pages flip without a reload.
        var fast = new LocatorAssertionsToHaveAttributeOptions { Timeout = 3_000 };
        await Assertions.Expect(visitor.Locator("[data-testid=order-status]")).ToHaveAttributeAsync("data-status", "Paid", fast);
        await Assertions.Expect(visitor.Locator("[data-testid=pay-panel]")).ToHaveCountAsync(0);
        await Assertions.Expect(home.Locator("[data-testid=step-5]")).ToHaveAttributeAsync("data-state", "Done", fast);
        await BrowserFixture.ScreenshotAsync(visitor, "47-order-paid-by-qr");
        await BrowserFixture.ScreenshotAsync(home, "48-flowchart-step5-done");

        // Scanning the same code again shows it paid; nothing is charged twice.
        await phone.ReloadAsync();
        await Assertions.Expect(phone.Locator("[data-testid=paid]")).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator("[data-testid=pay]")).ToHaveCountAsync(0);
    }
}

[Trait("Category", "Browser")]
public sealed class B2BPaymentInBrowser(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TheBankPageTakesThePaymentAndReturnsTheVisitorToAPaidOrder()
    {
        await PayableVisitor.PrepareAsync(browser);
        var visitor = await PayableVisitor.OrderAsync(browser);
        var orderUrl = visitor.Url;

        // B2B网上支付: off to the bank's page (no voucher), choose the paying bank, confirm.
        await visitor.Locator("[data-testid=pay-b2b]").ClickAsync();
        await visitor.Locator("[data-testid=pay-start]").ClickAsync();
        await visitor.WaitForURLAsync("**/sandbox/pay/**");
        await Assertions.Expect(visitor.Locator("[data-testid=amount]")).ToHaveTextAsync("¥200.00");
        await visitor.Locator("select#bank").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await BrowserFixture.ScreenshotAsync(visitor, "49-sandbox-bank-page");
        await visitor.Locator("[data-testid=pay]").ClickAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=paid]")).ToContainTextAsync("支付成功");

        // Back to the merchant: the order is paid.
        await visitor.Locator("[data-testid=return]").ClickAsync();
        await visitor.WaitForURLAsync(orderUrl);
        await BrowserFixture.InteractiveAsync(visitor);
        await Assertions.Expect(visitor.Locator("[data-testid=order-status]")).ToHaveAttributeAsync("data-status", "Paid");
    }
}
