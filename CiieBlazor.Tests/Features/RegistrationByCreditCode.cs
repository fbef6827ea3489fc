using System.Net;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Accounts;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Tests.TestSupport;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Features;

/// <summary>新用户注册 with the Unified Social Credit Code: one account per code, a Draft registration, a working login.</summary>
public sealed class NewRegistrationRules : IDisposable
{
    private const string Password = "Visitor2027ok";
    private readonly TestApp _app = new();

    /// <summary>A code nobody has registered, with a correct check character.</summary>
    internal static string NewCode(string first17 = "91310000MA1K7RN8W") => first17 + UnifiedSocialCreditCode.CheckCharacter(first17);

    private async Task<NewRegistrationInput> InputAsync(string code, string password = Password, string? confirm = null)
    {
        await using var db = _app.Db();
        var shanghai = await db.Delegations.SingleAsync(d => d.Code == "SH");
        var pudong = await db.Delegations.SingleAsync(d => d.Code == "SH-PD");
        return new NewRegistrationInput
        {
            DelegationId = shanghai.Id,
            SubDelegationId = pudong.Id,
            OrganisationName = "上海测试新用户贸易有限公司",
            Code = code,
            ReferralCode = "CIIE-PARTNER-02",
            Password = password,
            ConfirmPassword = confirm ?? password,
            PrivacyAccepted = true,
        };
    }

    private async Task<(int Organisations, int Registrations, int Users)> CountsAsync()
    {
        await using var db = _app.Db();
        return (await db.Organisations.CountAsync(), await db.Registrations.CountAsync(), await db.Users.CountAsync());
    }

    [Theory]
    [InlineData(DemoSeeder.VisitorCode)]
    [InlineData("91310115ma1k4dem05")]
    [InlineData("  91310115MA1K4DEM05  ")]
    public async Task ADuplicateCodeIsRefusedWithAWayToSignInOrRecover(string code)
    {
        var before = await CountsAsync();

        var refused = await Assert.ThrowsAsync<AlreadyRegisteredException>(async () => await _app.Get<NewRegistrationService>().RegisterAsync(await InputAsync(code)));

        Assert.Contains(DemoSeeder.VisitorCode, refused.Message);
        Assert.Contains("已注册", refused.Message);
        Assert.Contains("登录", refused.Message);
        Assert.Contains("验证码", refused.Message); // password recovery by SMS / email code
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task AValidRegistrationCreatesOrganisationDraftRegistrationAndAVisitorWhoCanSignIn()
    {
        var code = NewCode();

        var created = await _app.Get<NewRegistrationService>().RegisterAsync(await InputAsync(code.ToLowerInvariant()));

        await using (var db = _app.Db())
        {
            var organisation = await db.Organisations.SingleAsync(o => o.Id == created.OrganisationId);
            Assert.Equal((code, "上海测试新用户贸易有限公司"), (organisation.Code, organisation.Name));
            var registration = await db.Registrations.SingleAsync(r => r.OrganisationId == organisation.Id);
            Assert.Equal(created.RegistrationId, registration.Id);
            Assert.Equal(RegistrationStatus.Draft, registration.Status);
            Assert.Null(registration.CarriedFromRegistrationId);
            var current = await db.Editions.SingleAsync(e => e.IsCurrent);
            Assert.Equal(current.Id, registration.EditionId);
            Assert.Equal((await db.Delegations.SingleAsync(d => d.Code == "SH-PD")).Id, registration.DelegationId);
            var user = await db.Users.SingleAsync(u => u.Id == created.UserId);
            Assert.Equal((code, organisation.Id), (user.UserName, user.OrganisationId));
            Assert.DoesNotContain(Password, user.PasswordHash ?? "");
        }
        var actor = await _app.ActorAsync(code);
        Assert.Equal((ActorRole.Visitor, created.OrganisationId), (actor.Role, actor.OrganisationId));

        using var client = SignIn.Client(_app);
        var response = await SignIn.PostLoginAsync(client, code, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", SignIn.PathOf(response.Headers.Location));
        var home = WebUtility.HtmlDecode(await client.GetStringAsync("/"));
        Assert.Contains("data-testid=\"flowchart\"", home);
        Assert.Contains("上海测试新用户贸易有限公司", home);
    }

    [Fact]
    public async Task AMarkupOrganisationNameIsShownEscapedOnTheVisitorsPages()
    {
        var code = NewCode();
        var input = await InputAsync(code);
        input.OrganisationName = "<script>alert(1)</script>测试 Trading Co.";
        await _app.Get<NewRegistrationService>().RegisterAsync(input);
        using var client = SignIn.Client(_app);
        await SignIn.PostLoginAsync(client, code, Password);

        var raw = await client.GetStringAsync("/");

        Assert.DoesNotContain("<script>alert(1)</script>", raw);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", raw);
    }

    [Fact]
    public async Task RegisteringTheSameNewCodeTwiceIsRefusedTheSecondTime()
    {
        var code = NewCode();
        await _app.Get<NewRegistrationService>().RegisterAsync(await InputAsync(code));
        var before = await CountsAsync();

        await Assert.ThrowsAsync<AlreadyRegisteredException>(async () => await _app.Get<NewRegistrationService>().RegisterAsync(await InputAsync(code.ToLowerInvariant())));

        Assert.Equal(before, await CountsAsync());
    }

    [Theory]
    [InlineData("abc123", null, "密码至少8位")]
    [InlineData("abcdefghij", null, "密码须同时包含字母和数字")]
    [InlineData("1234567890", null, "密码须同时包含字母和数字")]
    [InlineData("", null, "请设置登录密码")]
    [InlineData("Visitor2027ok", "Visitor2027OK", "两次输入的密码不一致")]
    public async Task PasswordRulesAreRefusedWithAMessageAndNothingIsCreated(string password, string? confirm, string message)
    {
        var before = await CountsAsync();

        var refused = await Assert.ThrowsAsync<ValidationException>(async () => await _app.Get<NewRegistrationService>().RegisterAsync(await InputAsync(NewCode(), password, confirm)));

        Assert.Contains(refused.Errors, e => e.ErrorMessage.Contains(message));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task APasswordWithUpperCaseLettersAndDigitsIsAcceptedAsThePagePromises()
    {
        var code = NewCode();

        await _app.Get<NewRegistrationService>().RegisterAsync(await InputAsync(code, "CIIE2027EXPO"));

        using var client = SignIn.Client(_app);
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostLoginAsync(client, code, "CIIE2027EXPO")).StatusCode);
    }

    [Fact]
    public async Task AnInvalidCheckCharacterIsRefusedAtTheCodeField()
    {
        var refused = await Assert.ThrowsAsync<ValidationException>(async () => await _app.Get<NewRegistrationService>().RegisterAsync(await InputAsync("91310115MA1K4DEM06")));

        var error = Assert.Single(refused.Errors);
        Assert.Equal(nameof(NewRegistrationInput.Code), error.PropertyName);
        Assert.Contains("校验位不正确", error.ErrorMessage);
    }

    [Fact]
    public async Task ASubDelegationOfAnotherDelegationIsRefused()
    {
        var input = await InputAsync(NewCode());
        await using (var db = _app.Db())
        {
            input.SubDelegationId = (await db.Delegations.SingleAsync(d => d.Code == "GD-MC")).Id; // belongs to Guangdong, not Shanghai
        }
        var before = await CountsAsync();

        var refused = await Assert.ThrowsAsync<ValidationException>(() => _app.Get<NewRegistrationService>().RegisterAsync(input));

        Assert.Contains(refused.Errors, e => e.ErrorMessage.Contains("交易团"));
        Assert.Equal(before, await CountsAsync());
    }

    public void Dispose() => _app.Dispose();
}

/// <summary>The field rules of the registration form, as the page shows them next to each field.</summary>
public sealed class RegistrationInputValidation
{
    private static NewRegistrationInput Valid() => new()
    {
        DelegationId = Guid.NewGuid(),
        OrganisationName = "上海测试新用户贸易有限公司",
        Code = NewRegistrationRules.NewCode(),
        Password = "Visitor2027ok",
        ConfirmPassword = "Visitor2027ok",
        PrivacyAccepted = true,
    };

    [Fact]
    public void AValidInputHasNoErrors() => Assert.True(new NewRegistrationInputValidator().Validate(Valid()).IsValid);

    [Theory]
    [InlineData(nameof(NewRegistrationInput.OrganisationName), "", "请填写单位名称")]
    [InlineData(nameof(NewRegistrationInput.OrganisationName), "   ", "请填写单位名称")]
    [InlineData(nameof(NewRegistrationInput.OrganisationName), "LONG", "单位名称不能超过200个字符")]
    [InlineData(nameof(NewRegistrationInput.Code), "", "请填写统一社会信用代码")]
    [InlineData(nameof(NewRegistrationInput.Code), "91310115MA1K4DEM0", "应为18位")]
    [InlineData(nameof(NewRegistrationInput.Code), "91310115MA1K4DEM06", "校验位不正确")]
    [InlineData(nameof(NewRegistrationInput.Code), "<script>alert(1)</script>", "统一社会信用代码")]
    [InlineData(nameof(NewRegistrationInput.Code), "LONG", "统一社会信用代码应为18位")]
    [InlineData(nameof(NewRegistrationInput.ReferralCode), "<script>", "推荐码只能包含字母、数字和-")]
    [InlineData(nameof(NewRegistrationInput.ReferralCode), "LONG", "推荐码不能超过50个字符")]
    [InlineData(nameof(NewRegistrationInput.ReferralCode), "推荐码", "推荐码只能包含字母、数字和-")]
    public void BadInputGetsAMessageForItsField(string field, string value, string message)
    {
        var input = Valid();
        var text = value == "LONG" ? new string('A', 10_000) : value;
        typeof(NewRegistrationInput).GetProperty(field)!.SetValue(input, text);

        var result = new NewRegistrationInputValidator().Validate(input);

        Assert.Contains(result.Errors, e => e.PropertyName == field && e.ErrorMessage.Contains(message));
        Assert.All(result.Errors, e => Assert.Equal(field, e.PropertyName));
    }

    [Fact]
    public void ChineseAndEnglishOrganisationNamesAreAccepted()
    {
        foreach (var name in new[] { "上海测试贸易有限公司", "Shanghai Test Trading Co., Ltd.", "上海 Test 贸易（中国）有限公司" })
        {
            var input = Valid();
            input.OrganisationName = name;
            Assert.True(new NewRegistrationInputValidator().Validate(input).IsValid, name);
        }
    }

    [Fact]
    public void PrivacyTermsMustBeAccepted()
    {
        var input = Valid();
        input.PrivacyAccepted = false;

        var result = new NewRegistrationInputValidator().Validate(input);

        Assert.Contains(result.Errors, e => e.PropertyName == nameof(NewRegistrationInput.PrivacyAccepted) && e.ErrorMessage.Contains("隐私条款"));
    }
}
