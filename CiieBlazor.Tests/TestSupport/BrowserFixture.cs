using Microsoft.Playwright;

namespace CiieBlazor.Tests.TestSupport;

/// <summary>The app as a real process plus Debian's Chromium driven by Playwright (nothing is downloaded).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public AppProcess App { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run the README's test command (it installs Debian's chromium).");
        }
        App = await AppProcess.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
    }

    /// <summary>Debian's Chromium, headless, nothing fetched in the background.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    });

    public Task<IPage> NewPageAsync() => NewPageAsync(Browser, App.Url);

    /// <summary>A page in a browser context of its own (its own cookies), zh-CN, its relative URLs on <paramref name="baseUrl"/>.</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, string baseUrl)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=login-submit]");
        // The first sign-in of a class meets a cold app (password hashing, first render compiled) on a machine busy with
        // the rest of the suite: allow it more than the page's default 15 s.
        await WaitForUrlAsync(page, url => !url.Contains("/account/login"), "signed in");
        await InteractiveAsync(page);
    }

    /// <summary>
    /// Waits (up to 45 s: a first sign-in or registration on a machine busy with the rest of the suite) for the page to
    /// reach a URL; when it does not, fails saying where the page stands and what it shows (its alerts and field errors),
    /// with a screenshot beside the others, so a slow machine and a refused form tell themselves apart.
    /// </summary>
    public static async Task WaitForUrlAsync(IPage page, Func<string, bool> reached, string what)
    {
        try
        {
            await page.WaitForURLAsync(reached, new PageWaitForURLOptions { Timeout = 45_000 });
        }
        catch (TimeoutException ex)
        {
            // Visible ones only: the reconnect dialog is always in the page, hidden, with its "正在重新连接" / "Rejoining the server..." text.
            var shown = await page.Locator(".mud-alert:visible, .mud-input-error:visible, .mud-snackbar:visible, #blazor-error-ui:visible, #components-reconnect-modal:visible").AllInnerTextsAsync();
            var name = "failed-" + what.Replace(' ', '-') + "-" + DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Paths.Artefacts, name + ".png"), FullPage = true });
            throw new TimeoutException(
                $"Not {what} within 45 s: the page is at {page.Url} and shows [{string.Join(" | ", shown.Where(t => t.Trim().Length > 0))}] (screenshot {name}.png).", ex);
        }
    }

    /// <summary>Waits until the interactive circuit has rendered the page (clicks before that would be lost).</summary>
    public static async Task InteractiveAsync(IPage page) =>
        await page.Locator("[data-testid=circuit][data-ready=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    public static async Task GotoInteractiveAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await InteractiveAsync(page);
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        // A full-page shot of a scrolled page draws the fixed app bar where the window stood, over the content: start from the top.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Paths.Artefacts, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
    }
}
