using System.Diagnostics;
using CiieBlazor.App.Data;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Playwright;

namespace CiieBlazor.Tests.Scale;

/// <summary>
/// Several instances of the app behind sticky sessions: one database (PostgreSQL in the suite's PostgreSQL pass, else one
/// SQLite file), one uploads folder, the Data Protection key ring in the database, and a Redis backplane (Debian's
/// redis-server on loopback) carrying the live updates between them.
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private readonly List<AppProcess> _extra = [];

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "ciie-e2e", "two-" + Guid.NewGuid().ToString("N"));
    public string? PostgreSqlDatabase { get; } = TestApp.PostgreSqlServer is null ? null : "ciie_two_" + Guid.NewGuid().ToString("N");
    public RedisServer Redis { get; } = new();
    public AppProcess A { get; private set; } = default!;
    public AppProcess B { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    private string[] Settings =>
    [
        .. PostgreSqlDatabase is { } name
            ? new[] { "--Database:Provider", "PostgreSql", "--Database:ConnectionString", new Npgsql.NpgsqlConnectionStringBuilder(TestApp.PostgreSqlServer!) { Database = name }.ToString() }
            : ["--Database:Provider", "Sqlite", "--Database:ConnectionString", $"Data Source={Path.Combine(Directory, "app.db")}"],
        "--Realtime:Redis", Redis.Configuration,
    ];

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        await Redis.StartAsync();
        // One after the other: the first creates and seeds the database, the second finds it ready.
        A = await AppProcess.StartAsync(Directory, Settings);
        B = await AppProcess.StartAsync(Directory, Settings);
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchAsync(_playwright);
    }

    /// <summary>One more instance on the same database, Redis and folder (stopped with the fixture).</summary>
    public async Task<AppProcess> StartAnotherAsync()
    {
        var app = await AppProcess.StartAsync(Directory, Settings);
        _extra.Add(app);
        return app;
    }

    /// <summary>A browser context of its own (its own cookies), its pages on <paramref name="instance"/>.</summary>
    public Task<IPage> NewPageAsync(AppProcess instance) => BrowserFixture.NewPageAsync(Browser, instance.Url);

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        foreach (var app in _extra) await app.DisposeAsync();
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        await Redis.DisposeAsync();
        if (PostgreSqlDatabase is { } name) TestApp.DropPostgreSqlDatabase(name);
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// Runs alone, after the parallel part of the suite: three app processes, Redis and Chromium at once would otherwise
/// starve the other browser classes on a 2-core machine.
/// </summary>
[CollectionDefinition(nameof(TwoInstancesInBrowser), DisableParallelization = true)]
public sealed class TwoInstancesCollection;

[Trait("Category", "Browser")]
[Trait("Instances", "Two")]
[Collection(nameof(TwoInstancesInBrowser))]
public sealed class TwoInstancesInBrowser(TwoInstances apps, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<TwoInstances>
{
    private static Task ExpectGrid(IPage page, string vip, int timeout = 15_000) =>
        Assertions.Expect(page.Locator("[data-testid=quota-vip]")).ToHaveTextAsync(vip, new LocatorAssertionsToHaveTextOptions { Timeout = timeout });

    [Fact]
    public async Task AReviewerOnOneInstanceSeesWhatAnotherDidOnTheOtherLiveAndRedisDownOnlyDegradesIt()
    {
        // 上海交易团's reviewer watches the person grid on instance A.
        var watcher = await apps.NewPageAsync(apps.A);
        await BrowserFixture.SignInAsync(watcher, "sh.reviewer", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(watcher, "/review/persons");
        await ExpectGrid(watcher, "VIP 0/100");
        await watcher.EvaluateAsync("() => window.__noReload = 'still here'");

        // A colleague on instance B approves the organisation and tags its person VIP.
        var actor = await apps.NewPageAsync(apps.B);
        await BrowserFixture.SignInAsync(actor, "sh.reviewer", DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(actor, "/review/organisations");
        await actor.Locator("tr", new PageLocatorOptions { HasText = "上海进博演示贸易有限公司" }).Locator("[data-testid=approve]").ClickAsync();
        await Assertions.Expect(actor.Locator("[data-testid=registration-status]").First).ToHaveAttributeAsync("data-status", "Approved");
        await BrowserFixture.GotoInteractiveAsync(actor, "/review/persons");
        await actor.Locator("tr", new PageLocatorOptions { HasText = "张伟华" }).Locator("[data-testid=row-tag]").ClickAsync();
        await actor.Locator("[data-testid=row-tag-Vip]").ClickAsync();
        await ExpectGrid(actor, "VIP 1/100");
        var tagged = Stopwatch.StartNew();

        // Instance A hears it through Redis: its page follows without reload.
        await ExpectGrid(watcher, "VIP 1/100", timeout: 3_000);
        output.WriteLine($"instance A's grid followed instance B's change {tagged.ElapsedMilliseconds} ms after B showed it");
        Assert.Equal("still here", await watcher.EvaluateAsync<string>("() => window.__noReload"));
        Assert.False(await watcher.Locator("[data-testid=live-degraded]").IsVisibleAsync());
        await BrowserFixture.ScreenshotAsync(watcher, "95-two-instances-live");

        // Redis goes down: each instance goes on alone, and its pages say live updates are degraded.
        await apps.Redis.StopAsync();
        await Assertions.Expect(watcher.Locator("[data-testid=live-degraded]")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 15_000 });
        await Assertions.Expect(watcher.Locator("[data-testid=live-degraded]")).ToContainTextAsync("实时更新暂不可用");
        await BrowserFixture.ScreenshotAsync(watcher, "96-two-instances-redis-down");
        using (var http = new HttpClient())
        {
            var health = await http.GetAsync(apps.B.Url + "/healthz");
            Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
            using var report = System.Text.Json.JsonDocument.Parse(await health.Content.ReadAsStringAsync());
            Assert.Equal("Degraded", report.RootElement.GetProperty("status").GetString());
            Assert.Equal("Degraded", report.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        }
        // The app still works on each instance alone: on B the reviewer cancels the person (批量注销), and B shows it.
        await actor.Locator("tr", new PageLocatorOptions { HasText = "张伟华" }).Locator("input[type=checkbox]").CheckAsync();
        await actor.Locator("[data-testid=batch-cancel]").ClickAsync();
        await actor.Locator("[data-testid=return-reason-input] textarea, textarea[data-testid=return-reason-input]").First.FillAsync("单位申请注销");
        await actor.Locator("[data-testid=return-confirm]").ClickAsync();
        await ExpectGrid(actor, "VIP 0/100");

        // Redis is back: the notice goes, and A's page reads again once — it missed B's change meanwhile.
        await apps.Redis.StartAsync();
        await Assertions.Expect(watcher.Locator("[data-testid=live-degraded]")).ToBeHiddenAsync(new LocatorAssertionsToBeHiddenOptions { Timeout = 30_000 });
        await ExpectGrid(watcher, "VIP 0/100", timeout: 5_000);
        Assert.Equal("still here", await watcher.EvaluateAsync<string>("() => window.__noReload"));
    }

    [Fact]
    public async Task AnInstanceStoppedMidTypingLosesNoMoreThanTheLastFiveSecondsAndTheVisitorGoesOnSignedInOnAnother()
    {
        var doomed = await apps.StartAnotherAsync();
        var page = await apps.NewPageAsync(doomed);
        await BrowserFixture.SignInAsync(page, DemoSeeder.OtherVisitorCode, DemoSeeder.Password);
        await BrowserFixture.GotoInteractiveAsync(page, "/portal/organisation");
        await page.Locator("input[data-testid=contact-name], [data-testid=contact-name] input").First.FillAsync("林实例");
        await page.Locator("input[data-testid=contact-mobile], [data-testid=contact-mobile] input").First.FillAsync("13812345670");
        await Assertions.Expect(page.Locator("[data-testid=autosave]")).ToHaveAttributeAsync("data-state", "Saved", new LocatorAssertionsToHaveAttributeOptions { Timeout = 8_000 });
        // Typing goes on; the instance dies before the next autosave.
        await page.Locator("input[data-testid=contact-email], [data-testid=contact-email] input").First.FillAsync("lin.instance@example.com");
        await doomed.KillAsync();

        // The balancer sends the visitor to instance B: the same browser, the same sign-in cookie (the key ring is shared).
        await BrowserFixture.GotoInteractiveAsync(page, apps.B.Url + "/portal/organisation");
        Assert.DoesNotContain("/account/login", page.Url);
        await Assertions.Expect(page.Locator("input[data-testid=contact-name], [data-testid=contact-name] input").First).ToHaveValueAsync("林实例");
        await Assertions.Expect(page.Locator("input[data-testid=contact-mobile], [data-testid=contact-mobile] input").First).ToHaveValueAsync("13812345670");
        await BrowserFixture.ScreenshotAsync(page, "97-two-instances-after-failover");
    }
}
