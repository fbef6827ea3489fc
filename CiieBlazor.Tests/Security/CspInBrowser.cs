using CiieBlazor.App.Data;
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
}
