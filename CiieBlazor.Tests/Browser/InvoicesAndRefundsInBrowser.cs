using CiieBlazor.App.Data;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Playwright;

namespace CiieBlazor.Tests.Browser;

[Trait("Category", "Browser")]
public sealed class InvoicesAndRefundsInBrowser(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AVisitorDownloadsAnEInvoiceReturnsItAndIsRefundedForACancelledPerson()
    {
        await PayableVisitor.PrepareAsync(browser);
        var visitor = await PayableVisitor.OrderAsync(browser);
        await visitor.Locator("[data-testid=pay-start]").ClickAsync();
        var payUrl = await visitor.Locator("img[data-testid=qr-image]").GetAttributeAsync("data-pay-url");
        var phone = await browser.NewPageAsync();
        await phone.GotoAsync(payUrl!);
        await phone.Locator("[data-testid=pay]").ClickAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=order-status]")).ToHaveAttributeAsync("data-status", "Paid");

        // 人员证件订单: the paid order offers 开票; the dialog starts from the organisation (title, credit code, contact).
        await BrowserFixture.GotoInteractiveAsync(visitor, "/portal/orders");
        var card = visitor.Locator("[data-testid=order-card]").First;
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "Paid");
        await card.Locator("[data-testid=request-invoice]").ClickAsync();
        var dialog = visitor.Locator(".mud-dialog");
        await Assertions.Expect(dialog.Locator("[data-testid=invoice-title] input, input[data-testid=invoice-title]").First).ToHaveValueAsync("上海进博演示贸易有限公司");
        await Assertions.Expect(dialog.Locator("[data-testid=invoice-advice]")).ToBeVisibleAsync();
        var tax = dialog.Locator("[data-testid=invoice-tax-number] input, input[data-testid=invoice-tax-number]").First;
        await tax.FillAsync("12345");
        await dialog.Locator("[data-testid=invoice-submit]").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("18位统一社会信用代码");
        await tax.FillAsync(DemoSeeder.VisitorCode);
        await dialog.Locator("[data-testid=invoice-email] input, input[data-testid=invoice-email]").First.FillAsync("invoice@example.com");
        await BrowserFixture.ScreenshotAsync(visitor, "50-invoice-dialog");
        await dialog.Locator("[data-testid=invoice-submit]").ClickAsync();
        await Assertions.Expect(card).ToHaveAttributeAsync("data-invoice", "Issued");

        // 下载发票: a PDF.
        var download = await visitor.RunAndWaitForDownloadAsync(() => card.Locator("[data-testid=download-invoice]").ClickAsync());
        Assert.EndsWith(".pdf", download.SuggestedFilename);
        var path = await download.PathAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(path!), 0, 4));
        await BrowserFixture.ScreenshotAsync(visitor, "51-order-invoiced");

        // 退票: the e-invoice goes back online.
        await card.Locator("[data-testid=return-invoice]").ClickAsync();
        await visitor.Locator(".mud-dialog").Locator("button", new LocatorLocatorOptions { HasText = "退票" }).ClickAsync();
        await Assertions.Expect(card).ToHaveAttributeAsync("data-invoice", "Returned");

        // 上海交易团 cancels 张伟华 (批量注销): the visitor's list offers 申请退款 at once.
        var reviewer = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(reviewer, "sh.reviewer", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(reviewer, "/review/persons");
        await reviewer.Locator("tr", new PageLocatorOptions { HasText = "张伟华" }).Locator("input[type=checkbox]").CheckAsync();
        await reviewer.Locator("[data-testid=batch-cancel]").ClickAsync();
        await reviewer.Locator("[data-testid=return-reason-input] textarea, textarea[data-testid=return-reason-input]").First.FillAsync("单位申请注销");
        await reviewer.Locator("[data-testid=return-confirm]").ClickAsync();

        var line = card.Locator("[data-testid=order-card-line][data-person=张伟华]");
        await line.Locator("[data-testid=request-refund]").ClickAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=refund-original-route]")).ToContainTextAsync("原路返回");
        await visitor.Locator("[data-testid=refund-submit]").ClickAsync();
        await Assertions.Expect(line).ToHaveAttributeAsync("data-refund", "Refunding");
        await BrowserFixture.ScreenshotAsync(visitor, "52-refund-requested");

        // 财务 approves: the sandbox refunds the QR payment; the visitor's line and order follow live.
        var finance = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(finance, "finance", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(finance, "/finance/refunds");
        await Assertions.Expect(finance.Locator("[data-testid=refund-row]")).ToContainTextAsync("张伟华");
        await BrowserFixture.ScreenshotAsync(finance, "53-finance-refund-desk");
        await finance.Locator("[data-testid=approve-refund]").ClickAsync();
        await finance.Locator(".mud-dialog").Locator("button", new LocatorLocatorOptions { HasText = "同意退款" }).ClickAsync();
        await Assertions.Expect(finance.Locator("[data-testid=no-refunds]")).ToBeVisibleAsync();

        await Assertions.Expect(line).ToHaveAttributeAsync("data-refund", "Refunded");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "Refunded");
        await card.Locator("[data-testid=ledger-panel]").ClickAsync();
        await Assertions.Expect(card.Locator("[data-testid=ledger-totals]")).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator("[data-testid=ledger]")).ToHaveAttributeAsync("data-balanced", "true");
        await Assertions.Expect(card.Locator("[data-testid=ledger-totals]")).ToContainTextAsync("结余 ¥0.00");
        await BrowserFixture.ScreenshotAsync(visitor, "54-order-refunded-ledger");
    }
}

[Trait("Category", "Browser")]
public sealed class PaperInvoiceInBrowser(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task FinancePostsASpecialInvoiceAndTheVisitorTracksIt()
    {
        await PayableVisitor.PrepareAsync(browser);
        var visitor = await PayableVisitor.OrderAsync(browser);
        await visitor.Locator("[data-testid=pay-start]").ClickAsync();
        var payUrl = await visitor.Locator("img[data-testid=qr-image]").GetAttributeAsync("data-pay-url");
        var phone = await browser.NewPageAsync();
        await phone.GotoAsync(payUrl!);
        await phone.Locator("[data-testid=pay]").ClickAsync();
        await Assertions.Expect(visitor.Locator("[data-testid=order-status]")).ToHaveAttributeAsync("data-status", "Paid");

        // 专用发票（纸质发票）: bank and account are required for it.
        await BrowserFixture.GotoInteractiveAsync(visitor, "/portal/orders");
        var card = visitor.Locator("[data-testid=order-card]").First;
        await card.Locator("[data-testid=request-invoice]").ClickAsync();
        var dialog = visitor.Locator(".mud-dialog");
        await dialog.Locator("[data-testid=kind-paper]").ClickAsync();
        await dialog.Locator("[data-testid=invoice-submit]").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("请填写开户行");
        await dialog.Locator("[data-testid=invoice-bank] input, input[data-testid=invoice-bank]").First.FillAsync("中国银行上海市分行");
        await dialog.Locator("[data-testid=invoice-account] input, input[data-testid=invoice-account]").First.FillAsync("4563 5100 0000 0000");
        await dialog.Locator("[data-testid=invoice-submit]").ClickAsync();
        await Assertions.Expect(card).ToHaveAttributeAsync("data-invoice", "Requested");

        var finance = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(finance, "finance", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(finance, "/finance/invoices");
        var request = finance.Locator("[data-testid=paper-request]").First;
        await Assertions.Expect(request).ToContainTextAsync("91310115MA1K4DEM05");
        await request.Locator("[data-testid=issue-paper]").ClickAsync();
        var issue = finance.Locator(".mud-dialog");
        await issue.Locator("[data-testid=paper-number] input, input[data-testid=paper-number]").First.FillAsync("0440ABC");
        await issue.Locator("[data-testid=paper-courier] input, input[data-testid=paper-courier]").First.FillAsync("顺丰速运");
        await issue.Locator("[data-testid=paper-tracking] input, input[data-testid=paper-tracking]").First.FillAsync("SF1234567890");
        await issue.Locator("[data-testid=paper-issue-confirm]").ClickAsync();
        // A number of the wrong shape comes back next to its field, the rest kept.
        await Assertions.Expect(finance.Locator(".mud-dialog")).ToContainTextAsync("8位或20位数字");
        await finance.Locator(".mud-dialog [data-testid=paper-number] input, .mud-dialog input[data-testid=paper-number]").First.FillAsync("04400001");
        await BrowserFixture.ScreenshotAsync(finance, "55-finance-issue-paper-invoice");
        await finance.Locator(".mud-dialog [data-testid=paper-issue-confirm]").ClickAsync();
        await Assertions.Expect(finance.Locator("[data-testid=no-paper-requests]")).ToBeVisibleAsync();

        // The visitor's card follows live: 已开票 and 查看物流.
        await Assertions.Expect(card).ToHaveAttributeAsync("data-invoice", "Issued");
        await card.Locator("[data-testid=view-logistics]").ClickAsync();
        await Assertions.Expect(visitor.Locator(".mud-dialog")).ToContainTextAsync("SF1234567890");
        await BrowserFixture.ScreenshotAsync(visitor, "56-invoice-logistics");
    }
}
