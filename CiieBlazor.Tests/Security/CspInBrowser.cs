using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Orders;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Playwright;

namespace CiieBlazor.Tests.Security;

/// <summary>
/// Chromium with the real Content-Security-Policy: a visitor signs in (static form), the organisation form runs over the
/// circuit's WebSocket and autosaves, and the browser reports no CSP violation; an injected inline script is refused.
/// </summary>
[Trait("Category", "Browser")]
public sealed class CspInBrowser(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AVisitorSignsInAndFillsTheOrganisationFormWithoutAnyCspViolation()
    {
        var page = await browser.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, m) => { lock (console) console.Add(m.Text); };
        var sockets = new List<string>();
        page.WebSocket += (_, w) => { lock (sockets) sockets.Add(w.Url); };

        await BrowserFixture.SignInAsync(page, "91440101MA59GDEM1X", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(page, "/portal/organisation");
        var contact = page.Locator("input[data-testid=contact-name], [data-testid=contact-name] input").First;
        await contact.FillAsync("赵安全");
        await Assertions.Expect(page.Locator("[data-testid=autosave]")).ToHaveAttributeAsync("data-state", "Saved", new LocatorAssertionsToHaveAttributeOptions { Timeout = 10_000 });
        await BrowserFixture.ScreenshotAsync(page, "security-csp-organisation-form");

        // The circuit runs over a WebSocket to this origin ('self' in connect-src covers ws: in Chromium).
        Assert.Contains(sockets, url => url.StartsWith(browser.App.Url.Replace("http://", "ws://") + "/_blazor", StringComparison.Ordinal));
        string[] violations;
        lock (console) violations = console.Where(m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).ToArray();
        Assert.True(violations.Length == 0, "CSP violations:\n" + string.Join("\n", violations));

        // The policy is really enforced (and the collector above would have seen it): an inline script added by the page is refused.
        var ran = await page.EvaluateAsync<bool>("""
            () => { const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true'; document.head.appendChild(s); return window.__inlineRan === true; }
            """);
        Assert.False(ran);
        await Assertions.Expect(page.Locator("[data-testid=autosave]")).ToBeVisibleAsync();
        lock (console) Assert.Contains(console, m => m.Contains("Content Security Policy") && m.Contains("script-src"));
    }

    /// <summary>
    /// 转账支付 with a PDF voucher: the finance desk previews it in an iframe of /files (the page policy has object-src
    /// 'none'; the file answers frame-ancestors 'self'), and Chromium shows it without a CSP violation.
    /// </summary>
    [Fact]
    public async Task TheFinanceDeskPreviewsAPdfVoucherInsideThePolicy()
    {
        // Arranged through the services of an app on a database of its own, then served by a real app process on it.
        using var arranged = new Payments.PaymentsApp();
        var visitor = await arranged.VisitorAsync();
        var orderId = await arranged.Get<BadgeOrderService>().CreateAsync(visitor, await arranged.PersonsAwaitingPaymentAsync(1), 200m);
        var pdf = TestFiles.Pdf();
        await arranged.Get<TransferService>().SubmitAsync(visitor, orderId,
            new TransferInput(RemitterKind.Organisation, "上海进博演示贸易有限公司", 200m, DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)), "021-12345678", null),
            "回单.pdf", new MemoryStream(pdf), pdf.Length);
        await using var app = await AppProcess.StartAsync(Path.GetDirectoryName(arranged.DatabaseFile)!, ["--Database:ConnectionString", $"Data Source={arranged.DatabaseFile}"]);

        var page = await BrowserFixture.NewPageAsync(browser.Browser, app.Url);
        var console = new List<string>();
        page.Console += (_, m) => { lock (console) console.Add(m.Text); };
        await BrowserFixture.SignInAsync(page, "finance", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(page, "/finance/transfers");
        var preview = page.Locator("iframe[data-testid=voucher-preview]");
        await Assertions.Expect(preview).ToBeVisibleAsync();
        var file = await page.APIRequest.GetAsync(await preview.GetAttributeAsync("src") ?? "");
        Assert.Equal(200, file.Status);
        Assert.Equal("application/pdf", file.Headers["content-type"]);
        await page.WaitForTimeoutAsync(1_000); // the viewer loads the frame
        await BrowserFixture.ScreenshotAsync(page, "security-csp-finance-pdf-voucher");
        string[] violations;
        lock (console) violations = console.Where(m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).ToArray();
        Assert.True(violations.Length == 0, "CSP violations:\n" + string.Join("\n", violations));
    }
}
