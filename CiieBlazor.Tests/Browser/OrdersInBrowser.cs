using CiieBlazor.App.Data;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Playwright;

namespace CiieBlazor.Tests.Browser;

[Trait("Category", "Browser")]
public sealed class OrdersInBrowser(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AVisitorOrdersCancelsOrdersAgainPaysByTransferAndFinanceConfirmsItLive()
    {
        // 上海交易团 approves the organisation and tags 张伟华 professional visitor: a fee is due.
        await PayableVisitor.PrepareAsync(browser);

        var visitor = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(visitor, DemoSeeder.VisitorCode, DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(visitor, "/portal/badges");
        var row = visitor.Locator("[data-testid=payable-row][data-person=张伟华]");
        await Assertions.Expect(row).ToContainTextAsync("200.00");
        await row.Locator("input[type=checkbox]").CheckAsync();
        await visitor.Locator("[data-testid=apply]").ClickAsync();

        // 确认订单: masked number, fee, totals.
        await Assertions.Expect(visitor.Locator("[data-testid=order-line]")).ToContainTextAsync("310*****018");
        await Assertions.Expect(visitor.Locator("[data-testid=preview-total]")).ToContainTextAsync("¥200.00");
        await BrowserFixture.ScreenshotAsync(visitor, "40-confirm-order");
        await visitor.Locator("[data-testid=create-order]").ClickAsync();

        // 订单未支付, then 取消订单.
        await Assertions.Expect(visitor.Locator("[data-testid=order-status]")).ToHaveAttributeAsync("data-status", "Unpaid");
        await Assertions.Expect(visitor.Locator("[data-testid=unpaid-notice]")).ToContainTextAsync("订单已创建，订单号：V");
        await BrowserFixture.ScreenshotAsync(visitor, "41-order-unpaid");
        await visitor.Locator("[data-testid=cancel-order]").ClickAsync();
        await visitor.Locator(".mud-dialog").Locator("button", new LocatorLocatorOptions { HasText = "取消订单" }).ClickAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=order-status]")).ToHaveAttributeAsync("data-status", "Cancelled");

        // The person can be ordered again — and this time the order is paid by bank transfer.
        await BrowserFixture.GotoInteractiveAsync(visitor, "/portal/badges");
        await visitor.Locator("[data-testid=payable-row][data-person=张伟华] input[type=checkbox]").CheckAsync();
        await visitor.Locator("[data-testid=apply]").ClickAsync();
        await visitor.Locator("[data-testid=create-order]").ClickAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=order-status]")).ToHaveAttributeAsync("data-status", "Unpaid");

        // 转账支付: a text file posing as an image is refused next to the field; a real PNG goes through.
        await visitor.Locator("[data-testid=pay-transfer]").ClickAsync();
        await visitor.Locator("[data-testid=remitter] input, input[data-testid=remitter]").First.FillAsync("上海进博演示贸易有限公司");
        await Assertions.Expect(visitor.Locator("[data-testid=transfer-date] input, input[data-testid=transfer-date]").First).ToHaveValueAsync(DateTime.Today.ToString("yyyy-MM-dd"));
        var upload = visitor.Locator("[data-testid=voucher-upload] input[type=file], input[type=file][data-testid=voucher-upload]").First;
        // Each file is pressed on only once the page names it: the circuit has taken it. A 提交 that overtook the file
        // (once, on a busy CI run) met no voucher, and the file arriving after it took that message away.
        var voucherName = visitor.Locator("[data-testid=voucher-name]");
        await upload.SetInputFilesAsync(new FilePayload { Name = "回单.png", MimeType = "image/png", Buffer = "not really a picture"u8.ToArray() });
        await Assertions.Expect(voucherName).ToHaveTextAsync("回单.png");
        await visitor.Locator("[data-testid=transfer-submit]").ClickAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=voucher-error]")).ToContainTextAsync("仅支持PDF、JPG、PNG");
        await upload.SetInputFilesAsync(new FilePayload { Name = "回单-扫描件.png", MimeType = "image/png", Buffer = TestFiles.Png(400, 300) });
        await Assertions.Expect(voucherName).ToHaveTextAsync("回单-扫描件.png");
        await visitor.Locator("[data-testid=transfer-submit]").ClickAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=order-status]")).ToHaveAttributeAsync("data-status", "AwaitingTransferCheck");
        await BrowserFixture.ScreenshotAsync(visitor, "42-order-awaiting-transfer-check");

        var finance = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(finance, "finance", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(finance, "/finance/transfers");
        var transfer = finance.Locator("[data-testid=transfer-row]").First;
        await Assertions.Expect(transfer).ToContainTextAsync("上海进博演示贸易有限公司");
        await Assertions.Expect(transfer.Locator("img[data-testid=voucher-preview]")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(finance, "43-finance-transfer-desk");
        await transfer.Locator("[data-testid=confirm-transfer]").ClickAsync();
        await Assertions.Expect(finance.Locator("[data-testid=no-transfers]")).ToBeVisibleAsync();

        // The visitor's page flips to paid without a reload.
        await Assertions.Expect(visitor.Locator("[data-testid=order-status]")).ToHaveAttributeAsync("data-status", "Paid", new LocatorAssertionsToHaveAttributeOptions { Timeout = 3_000 });
        await BrowserFixture.ScreenshotAsync(visitor, "44-order-paid-live");
    }
}
