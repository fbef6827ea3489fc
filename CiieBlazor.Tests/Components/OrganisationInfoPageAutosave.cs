using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using CiieBlazor.App.Components.Portal;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Organisations;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Tests.Features;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;

namespace CiieBlazor.Tests.Components;

/// <summary>
/// 填报单位信息 page of 广州示范进出口有限公司 (Draft) on the app's real services and a test-driven clock:
/// typing marks it dirty, 5 seconds later the draft is in the database; two windows do not overwrite each other.
/// </summary>
public sealed class OrganisationInfoPageAutosave : ComponentTest
{
    private static readonly DateTimeOffset Start = VerificationCodeRules.Start; // 09:00:00 China time
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly TestApp _app;
    private Actor _owner = default!;
    private Guid _registrationId;

    public OrganisationInfoPageAutosave()
    {
        _app = new TestApp(_clock);
        Services.AddSingleton(_app.Get<OrganisationInfoService>());
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddScoped<CurrentActor>();
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
    }

    private async Task SignInAsOwnerAsync()
    {
        _owner = await _app.ActorAsync(DemoSeeder.OtherVisitorCode);
        var auth = AddAuthorization();
        auth.SetAuthorized(DemoSeeder.OtherVisitorCode);
        auth.SetRoles(Roles.Visitor);
        auth.SetClaims(
            new Claim(ClaimTypes.NameIdentifier, _owner.UserId),
            new Claim(CiieClaims.OrganisationId, _owner.OrganisationId!.Value.ToString()),
            new Claim(CiieClaims.DisplayName, "广州示范进出口有限公司"));
        _registrationId = (await _app.Get<OrganisationInfoService>().LoadAsync(_owner))!.RegistrationId;
    }

    private IRenderedComponent<Microsoft.AspNetCore.Components.IComponent>? _host;

    /// <param name="anotherWindow">A second page in the same test: MudBlazor's providers exist once.</param>
    private IRenderedComponent<OrganisationInfoPage> RenderPage(bool anotherWindow = false)
    {
        var host = Render(builder =>
        {
            if (!anotherWindow)
            {
                builder.OpenComponent<MudPopoverProvider>(0);
                builder.CloseComponent();
                builder.OpenComponent<MudDialogProvider>(1);
                builder.CloseComponent();
                builder.OpenComponent<MudSnackbarProvider>(2);
                builder.CloseComponent();
            }
            builder.OpenComponent<OrganisationInfoPage>(3);
            builder.CloseComponent();
        });
        _host = host;
        var page = host.FindComponent<OrganisationInfoPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=contact-name]")), TimeSpan.FromSeconds(10));
        return page;
    }

    private static IElement Input(IRenderedComponent<OrganisationInfoPage> page, string testId) =>
        page.Find($"input[data-testid={testId}], [data-testid={testId}] input");

    private static void Type(IRenderedComponent<OrganisationInfoPage> page, string testId, string text) => Input(page, testId).Input(text);

    private static string Autosave(IRenderedComponent<OrganisationInfoPage> page) => page.Find("[data-testid=autosave]").GetAttribute("data-state")!;

    private static string FieldText(IRenderedComponent<OrganisationInfoPage> page, string testId) =>
        string.Join(" | ", Input(page, testId).Closest(".mud-input-control")!.QuerySelectorAll(".mud-input-helper-text, .mud-input-error").Select(e => e.TextContent.Trim()));

    private async Task<OrganisationInfoInput?> StoredDraftAsync()
    {
        await using var db = _app.Db();
        return await db.OrganisationDraftAsync(_registrationId);
    }

    [Fact]
    public async Task AKeystrokeRendersTheFieldAndTheIndicatorButNotThePageAndOtherEventsStillRenderIt()
    {
        await SignInAsOwnerAsync();
        var page = RenderPage();
        // The submit button renders again whenever the page does (its OnClick is a new callback each time), and it
        // holds nothing that typing changes: its render count tells whether the page rendered.
        var submit = page.FindComponents<MudButton>().Single(b => b.Find("button").GetAttribute("data-testid") == "confirm-submit");
        var renders = submit.RenderCount;

        Type(page, "contact-name", "王晓明");
        Type(page, "address", "广州市天河区珠江新城1号");
        page.WaitForAssertion(() => Assert.Equal("Dirty", Autosave(page)));
        Assert.Equal(renders, submit.RenderCount);
        Assert.Equal("王晓明", Input(page, "contact-name").GetAttribute("value"));
        Assert.Equal("广州市天河区珠江新城1号", Input(page, "address").GetAttribute("value"));

        // Anything else (here: adding a country row) renders the page as before, with what was typed.
        var rows = page.FindAll("[data-testid=country-row]").Count;
        page.Find("[data-testid=add-country]").Click();
        page.WaitForAssertion(() => Assert.Equal(rows + 1, page.FindAll("[data-testid=country-row]").Count));
        Assert.True(submit.RenderCount > renders);
        Assert.Equal("王晓明", Input(page, "contact-name").GetAttribute("value"));

        _clock.Advance(TimeSpan.FromSeconds(5));
        page.WaitForAssertion(() => Assert.Equal("Saved", Autosave(page)), TimeSpan.FromSeconds(10));
        var saved = (await StoredDraftAsync())!;
        Assert.Equal(("王晓明", "广州市天河区珠江新城1号", rows + 1), (saved.ContactName, saved.Address, saved.Countries.Count));
    }

    [Fact]
    public async Task TypingMarksTheFormDirtyAndFiveSecondsLaterTheDraftIsSaved()
    {
        await SignInAsOwnerAsync();
        var page = RenderPage();
        Assert.Equal("Clean", Autosave(page));

        Type(page, "contact-name", "王晓明");
        page.WaitForAssertion(() => Assert.Equal("Dirty", Autosave(page)));

        _clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal("Dirty", Autosave(page));
        Assert.Null(await StoredDraftAsync());

        _clock.Advance(TimeSpan.FromSeconds(0.1));
        page.WaitForAssertion(() => Assert.Equal("Saved", Autosave(page)), TimeSpan.FromSeconds(10));
        Assert.Equal("已自动保存 09:00:05", page.Find("[data-testid=autosave-time]").TextContent.Trim());
        Assert.Equal("王晓明", (await StoredDraftAsync())!.ContactName);

        // Reopened, the page shows what was typed.
        await DisposeComponentsAsync();
        var again = RenderPage();
        Assert.Equal("王晓明", Input(again, "contact-name").GetAttribute("value"));
        Assert.Equal("已自动保存 09:00:05", again.Find("[data-testid=autosave-time]").TextContent.Trim());
    }

    [Fact]
    public async Task AnUntouchedPageSavesNothing()
    {
        await SignInAsOwnerAsync();
        var page = RenderPage();

        _clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal("Clean", Autosave(page));
        Assert.Null(await StoredDraftAsync());
    }

    [Fact]
    public async Task LeavingThePageBeforeTheTickStillSavesWhatWasTyped()
    {
        await SignInAsOwnerAsync();
        var page = RenderPage();
        Type(page, "contact-email", "wangxm@example.com");
        _clock.Advance(TimeSpan.FromSeconds(2));

        await DisposeComponentsAsync();

        Assert.Equal("wangxm@example.com", (await StoredDraftAsync())!.ContactEmail);
    }

    [Fact]
    public async Task BadInputGetsAMessageAtTheFieldAndWhatWasSavedStaysSaved()
    {
        await SignInAsOwnerAsync();
        var page = RenderPage();
        Type(page, "contact-name", "王晓明");
        _clock.Advance(TimeSpan.FromSeconds(5));
        page.WaitForAssertion(() => Assert.Equal("Saved", Autosave(page)), TimeSpan.FromSeconds(10));

        Type(page, "contact-name", new string('长', 10_000));
        Type(page, "contact-mobile", "12345");
        Type(page, "contact-email", "<script>alert(1)</script>");

        page.WaitForAssertion(() => Assert.Contains("联系人不能超过50个字符", FieldText(page, "contact-name")));
        Assert.Contains("手机号应为11位中国大陆手机号码", FieldText(page, "contact-mobile"));
        Assert.Contains("邮箱格式不正确", FieldText(page, "contact-email"));
        Assert.Empty(page.FindAll("script"));

        _clock.Advance(TimeSpan.FromSeconds(5));
        page.WaitForAssertion(() => Assert.Equal("Failed", Autosave(page)), TimeSpan.FromSeconds(10));
        Assert.Contains("未保存：联系人不能超过50个字符", page.Find("[data-testid=autosave]").TextContent);
        Assert.Equal("王晓明", (await StoredDraftAsync())!.ContactName);

        // Corrected: the next tick saves it.
        Type(page, "contact-name", "王晓明二");
        _clock.Advance(TimeSpan.FromSeconds(5));
        page.WaitForAssertion(() => Assert.Equal("Saved", Autosave(page)), TimeSpan.FromSeconds(10));
        var stored = (await StoredDraftAsync())!;
        Assert.Equal(("王晓明二", "12345", "<script>alert(1)</script>"), (stored.ContactName, stored.ContactMobile, stored.ContactEmail));
    }

    [Fact]
    public async Task TwoWindowsDoNotSilentlyOverwriteEachOther()
    {
        await SignInAsOwnerAsync();
        var first = RenderPage();
        var second = RenderPage(anotherWindow: true);

        Type(first, "contact-name", "窗口甲");
        _clock.Advance(TimeSpan.FromSeconds(5));
        first.WaitForAssertion(() => Assert.Equal("Saved", Autosave(first)), TimeSpan.FromSeconds(10));

        Type(second, "contact-name", "窗口乙");
        _clock.Advance(TimeSpan.FromSeconds(5));
        second.WaitForAssertion(() => Assert.Equal("Conflict", Autosave(second)), TimeSpan.FromSeconds(10));
        Assert.NotEmpty(second.FindAll("[data-testid=conflict]"));
        Assert.Equal("窗口甲", (await StoredDraftAsync())!.ContactName);
        Assert.Equal("窗口乙", Input(second, "contact-name").GetAttribute("value")); // nothing lost on screen either

        // Autosave waits for the choice...
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("窗口甲", (await StoredDraftAsync())!.ContactName);

        // ...and "keep mine" saves this window's input.
        second.Find("[data-testid=conflict-mine]").Click();
        second.WaitForAssertion(() => Assert.Empty(second.FindAll("[data-testid=conflict]")), TimeSpan.FromSeconds(10));
        Assert.Equal("窗口乙", (await StoredDraftAsync())!.ContactName);
        Assert.NotEqual("Conflict", Autosave(second));
    }

    [Fact]
    public async Task TakingTheOtherWindowsVersionShowsIt()
    {
        await SignInAsOwnerAsync();
        var first = RenderPage();
        var second = RenderPage(anotherWindow: true);
        Type(first, "contact-name", "窗口甲");
        _clock.Advance(TimeSpan.FromSeconds(5));
        first.WaitForAssertion(() => Assert.Equal("Saved", Autosave(first)), TimeSpan.FromSeconds(10));
        Type(second, "contact-name", "窗口乙");
        _clock.Advance(TimeSpan.FromSeconds(5));
        second.WaitForAssertion(() => Assert.NotEmpty(second.FindAll("[data-testid=conflict]")), TimeSpan.FromSeconds(10));

        second.Find("[data-testid=conflict-theirs]").Click();

        second.WaitForAssertion(() => Assert.Equal("窗口甲", Input(second, "contact-name").GetAttribute("value")), TimeSpan.FromSeconds(10));
        Assert.Equal("Clean", Autosave(second));
        // And from now on this window saves on top of the other one without a conflict.
        Type(second, "contact-name", "窗口乙再改");
        _clock.Advance(TimeSpan.FromSeconds(5));
        second.WaitForAssertion(() => Assert.Equal("Saved", Autosave(second)), TimeSpan.FromSeconds(10));
        Assert.Equal("窗口乙再改", (await StoredDraftAsync())!.ContactName);
    }

    private IElement ConfirmButton() =>
        Assert.Single(FindDialogButtons(), b => b.TextContent.Trim() == "确定");

    private IReadOnlyList<IElement> FindDialogButtons()
    {
        return _host!.FindAll(".mud-dialog button");
    }

    [Fact]
    public async Task ConfirmSubmitWithoutAPersonShowsTheGuidesReasonAndKeepsTheInput()
    {
        await SignInAsOwnerAsync();
        await _app.Get<OrganisationInfoService>().SaveDraftAsync(_owner, _registrationId, OrganisationInfoTest.Complete(), null);
        var page = RenderPage();
        Type(page, "contact-position", "进口部经理"); // typed just before, not yet autosaved

        page.Find("[data-testid=confirm-submit]").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(FindDialogButtons()), TimeSpan.FromSeconds(10));
        ConfirmButton().Click();

        page.WaitForAssertion(() => Assert.Contains("须至少同时或提前提交一名人员信息", page.Find("[data-testid=submit-error]").TextContent), TimeSpan.FromSeconds(10));
        await using var db = _app.Db();
        Assert.Equal(RegistrationStatus.Draft, (await db.Registrations.SingleAsync(r => r.Id == _registrationId)).Status);
        Assert.Equal("王晓明", Input(page, "contact-name").GetAttribute("value"));
        var draft = (await StoredDraftAsync())!;
        Assert.Equal(("王晓明", "进口部经理"), (draft.ContactName, draft.ContactPosition));
    }

    [Fact]
    public async Task ConfirmSubmitWithASubmittedPersonSubmitsAndTheFormBecomesReadOnly()
    {
        await SignInAsOwnerAsync();
        await _app.Get<OrganisationInfoService>().SaveDraftAsync(_owner, _registrationId, OrganisationInfoTest.Complete(), null);
        await OrganisationInfoTest.AddSubmittedPersonAsync(_app, _registrationId, _owner);
        var page = RenderPage();

        page.Find("[data-testid=confirm-submit]").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(FindDialogButtons()), TimeSpan.FromSeconds(10));
        ConfirmButton().Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=read-only]")), TimeSpan.FromSeconds(10));
        Assert.Equal("Submitted", page.Find("[data-testid=registration-status]").GetAttribute("data-status"));
        Assert.Empty(page.FindAll("[data-testid=confirm-submit]"));
        await using var db = _app.Db();
        var registration = await db.Registrations.SingleAsync(r => r.Id == _registrationId);
        Assert.Equal((RegistrationStatus.Submitted, "王晓明"), (registration.Status, registration.ContactName));
    }

    [Fact]
    public async Task ConfirmSubmitWithMissingFieldsAsksToCorrectThemAndSubmitsNothing()
    {
        await SignInAsOwnerAsync();
        var page = RenderPage();
        Type(page, "contact-name", "王晓明");

        page.Find("[data-testid=confirm-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains("请先修改标红的内容", page.Find("[data-testid=submit-error]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Contains("请填写联系人手机号", FieldText(page, "contact-mobile"));
        Assert.Empty(FindDialogButtons());
        await using var db = _app.Db();
        Assert.Equal(RegistrationStatus.Draft, (await db.Registrations.SingleAsync(r => r.Id == _registrationId)).Status);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _app.Dispose();
    }
}
