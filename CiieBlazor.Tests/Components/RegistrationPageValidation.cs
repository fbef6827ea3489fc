using AngleSharp.Dom;
using Bunit;
using CiieBlazor.App.Components.Registration;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Accounts;
using CiieBlazor.Tests.Features;
using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;

namespace CiieBlazor.Tests.Components;

/// <summary>新用户注册 page on the app's real services: messages at the field, and the refusal of a registered code.</summary>
public sealed class RegistrationPageValidation : ComponentTest
{
    private readonly TestApp _app = new();

    public RegistrationPageValidation()
    {
        Services.AddSingleton(_app.Get<NewRegistrationService>());
        Services.AddSingleton(_app.Get<DelegationDirectory>());
        Services.AddSingleton(_app.Get<SignInTickets>());
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
    }

    private IRenderedComponent<NewUserPage> RenderPage()
    {
        var host = Render(builder =>
        {
            builder.OpenComponent<MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<NewUserPage>(1);
            builder.CloseComponent();
        });
        var page = host.FindComponent<NewUserPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=register-next]")), TimeSpan.FromSeconds(10));
        return page;
    }

    private static IElement Input(IRenderedComponent<NewUserPage> page, string testId) =>
        page.Find($"input[data-testid={testId}], [data-testid={testId}] input");

    /// <summary>The text shown under the field (MudBlazor's helper / error line of the same input control).</summary>
    private static string FieldText(IRenderedComponent<NewUserPage> page, string testId)
    {
        var control = Input(page, testId).Closest(".mud-input-control") ?? throw new InvalidOperationException("no input control around " + testId);
        return string.Join(" | ", control.QuerySelectorAll(".mud-input-helper-text, .mud-input-error").Select(e => e.TextContent.Trim()));
    }

    private static bool FieldHasError(IRenderedComponent<NewUserPage> page, string testId) =>
        Input(page, testId).Closest(".mud-input-control")!.QuerySelectorAll(".mud-input-error").Length > 0;

    private static void Type(IRenderedComponent<NewUserPage> page, string testId, string text)
    {
        var input = Input(page, testId);
        input.Input(text);
        Input(page, testId).Blur();
    }

    [Fact]
    public void AWrongCheckCharacterIsReportedUnderTheCodeField()
    {
        var page = RenderPage();

        Type(page, "org-code", "91310115MA1K4DEM06");

        page.WaitForAssertion(() => Assert.Contains("校验位不正确", FieldText(page, "org-code")));
        Assert.True(FieldHasError(page, "org-code"));
        Assert.DoesNotContain("校验位不正确", FieldText(page, "org-name"));

        // Corrected: the message goes away.
        Type(page, "org-code", "91310115MA1K4DEM05");
        page.WaitForAssertion(() => Assert.DoesNotContain("校验位不正确", FieldText(page, "org-code")));
    }

    [Fact]
    public void ATenThousandCharacterNameGetsTheLengthMessage()
    {
        var page = RenderPage();

        Type(page, "org-name", new string('名', 10_000));

        page.WaitForAssertion(() => Assert.Contains("单位名称不能超过200个字符", FieldText(page, "org-name")));
    }

    [Fact]
    public void AnEmptyNameIsRequired()
    {
        var page = RenderPage();
        Type(page, "org-name", "上海");

        Type(page, "org-name", "");

        page.WaitForAssertion(() => Assert.Contains("请填写单位名称", FieldText(page, "org-name")));
    }

    [Fact]
    public void MarkupTypedIntoTheFormIsShownAsTextNeverAsAScript()
    {
        var page = RenderPage();

        Type(page, "org-name", "<script>alert(1)</script>");
        Type(page, "org-code", "<script>alert(1)</"); // 18 characters: the bad character is quoted in the message
        Type(page, "referral", "<img src=x onerror=alert(1)>");

        page.WaitForAssertion(() => Assert.Contains("无效字符“<”", FieldText(page, "org-code")));
        Assert.Contains("推荐码只能包含字母、数字和-", FieldText(page, "referral"));
        Assert.Empty(page.FindAll("script"));
        Assert.Empty(page.FindAll("img"));
        Assert.Empty(page.FindAll("[onerror]"));
        // Kept as the field's value, as typed.
        Assert.Equal("<script>alert(1)</script>", Input(page, "org-name").GetAttribute("value"));
        Assert.Equal("<img src=x onerror=alert(1)>", Input(page, "referral").GetAttribute("value"));
    }

    [Fact]
    public void PasswordRulesAreShownAtThePasswordFields()
    {
        var page = RenderPage();

        Type(page, "password", "abcdefgh");
        Type(page, "confirm-password", "abcdefgx");

        page.WaitForAssertion(() => Assert.Contains("密码须同时包含字母和数字", FieldText(page, "password")));
        page.WaitForAssertion(() => Assert.Contains("两次输入的密码不一致", FieldText(page, "confirm-password")));
    }

    [Fact]
    public void NextWithAnEmptyFormShowsTheRequiredMessagesAndRegistersNothing()
    {
        var page = RenderPage();

        page.Find("[data-testid=register-next]").Click();

        page.WaitForAssertion(() => Assert.Contains("请填写单位名称", FieldText(page, "org-name")));
        Assert.Contains("请填写统一社会信用代码", FieldText(page, "org-code"));
        Assert.Contains("请设置登录密码", FieldText(page, "password"));
        Assert.Empty(page.FindAll("[data-testid=registration-refused]"));
        Assert.Equal("http://localhost/", Services.GetRequiredService<NavigationManager>().Uri);
    }

    private async Task FillValidAsync(IRenderedComponent<NewUserPage> page, string code)
    {
        await using var db = _app.Db();
        var shanghai = await db.Delegations.SingleAsync(d => d.Code == "SH");
        var select = page.FindComponents<MudSelect<Guid?>>().First(s => s.Instance.Label == "交易团");
        await select.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(shanghai.Id));
        Type(page, "org-name", "上海页面测试贸易有限公司");
        Type(page, "org-code", code);
        Type(page, "password", "Visitor2027ok");
        Type(page, "confirm-password", "Visitor2027ok");
        page.Find("input[data-testid=privacy], [data-testid=privacy] input").Change(true);
    }

    [Fact]
    public async Task WithoutThePrivacyTermsNothingIsRegisteredAndTheMessageStandsNextToTheBox()
    {
        var page = RenderPage();
        var code = NewRegistrationRules.NewCode("91310000MA1K7RN9P");
        await FillValidAsync(page, code);
        page.Find("input[data-testid=privacy], [data-testid=privacy] input").Change(false);

        page.Find("[data-testid=register-next]").Click();

        page.WaitForAssertion(() => Assert.Contains("请先阅读并同意隐私条款", page.Find("[data-testid=privacy-error]").TextContent));
        Assert.Equal("http://localhost/", Services.GetRequiredService<NavigationManager>().Uri);
        await using var db = _app.Db();
        Assert.False(await db.Users.AnyAsync(u => u.UserName == code));
    }

    [Fact]
    public void OnTheEntryPageTheMessageUnderTheUntickedBoxGoesWhenItIsTicked()
    {
        var page = Render<EntryPage>();
        page.Find("[data-testid=new-user]").Click();
        Assert.Contains("请先阅读并同意隐私条款", page.Find("[data-testid=privacy-error]").TextContent);
        Assert.Equal("http://localhost/", Services.GetRequiredService<NavigationManager>().Uri);

        page.Find("input[data-testid=privacy], [data-testid=privacy] input").Change(true);
        Assert.Empty(page.FindAll("[data-testid=privacy-error]"));

        page.Find("[data-testid=new-user]").Click();
        Assert.Contains("register/new?", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task ARegisteredCodeIsRefusedWithLinksToSignInAndRecovery()
    {
        var page = RenderPage();
        await FillValidAsync(page, DemoSeeder.VisitorCode.ToLowerInvariant());

        page.Find("[data-testid=register-next]").Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=registration-refused]")), TimeSpan.FromSeconds(10));
        var refusal = page.Find("[data-testid=registration-refused]");
        Assert.Contains("已注册", refusal.TextContent);
        var links = refusal.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("account/login", links);
        Assert.Contains(links, l => l!.StartsWith("register/previous"));
        Assert.Equal("http://localhost/", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task AValidFormRegistersAndHandsOverAOneTimeSignInTicket()
    {
        var page = RenderPage();
        var code = NewRegistrationRules.NewCode("91310000MA1K7RN9W");
        await FillValidAsync(page, code);

        page.Find("[data-testid=register-next]").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        page.WaitForAssertion(() => Assert.Contains("account/ticket?t=", navigation.Uri), TimeSpan.FromSeconds(10));
        var uri = new Uri(navigation.Uri);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query);
        Assert.Equal("/portal/organisation", query["returnUrl"].ToString());
        await using var db = _app.Db();
        var user = await db.Users.SingleAsync(u => u.UserName == code);
        Assert.Equal(user.Id, _app.Get<SignInTickets>().Redeem(query["t"]));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _app.Dispose();
    }
}
