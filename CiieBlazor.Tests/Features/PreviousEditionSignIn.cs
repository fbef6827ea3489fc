using System.Net;
using System.Text.Json;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Accounts;
using CiieBlazor.App.Features.Organisations;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CiieBlazor.Tests.Features;

/// <summary>
/// 我是往届进博会观众: verified by password, SMS or email code, the previous edition's organisation data is carried
/// into a Draft registration for this edition, once.
/// </summary>
public sealed class PreviousEditionCarryOver : IDisposable
{
    private readonly FakeTimeProvider _clock = new(VerificationCodeRules.Start);
    private readonly TestApp _app;

    public PreviousEditionCarryOver() => _app = new TestApp(_clock);

    private PreviousEditionService Service => _app.Get<PreviousEditionService>();

    private async Task<OrganisationRegistration> PreviousRegistrationAsync()
    {
        await using var db = _app.Db();
        var organisation = await db.Organisations.SingleAsync(o => o.Code == DemoSeeder.PreviousVisitorCode);
        var ninth = await db.Editions.SingleAsync(e => e.Number == 9);
        return await db.Registrations.AsNoTracking().SingleAsync(r => r.OrganisationId == organisation.Id && r.EditionId == ninth.Id);
    }

    private async Task<List<OrganisationRegistration>> CurrentRegistrationsAsync(string code)
    {
        await using var db = _app.Db();
        var organisation = await db.Organisations.SingleAsync(o => o.Code == code);
        var current = await db.Editions.SingleAsync(e => e.IsCurrent);
        return await db.Registrations.AsNoTracking().Where(r => r.OrganisationId == organisation.Id && r.EditionId == current.Id).ToListAsync();
    }

    private async Task<string> EmailCodeAsync()
    {
        await _app.Get<VerificationCodeService>().SendAsync(MessageChannel.Email, DemoSeeder.PreviousVisitorCode, "203.0.113.7");
        return await VerificationCodeRules.CodeFromOutboxAsync(_app, DemoSeeder.PreviousVisitorEmail);
    }

    private static void AssertCarriedFrom(OrganisationRegistration previous, OrganisationRegistration carried)
    {
        Assert.Equal(RegistrationStatus.Draft, carried.Status);
        Assert.Equal(previous.Id, carried.CarriedFromRegistrationId);
        Assert.Equal(previous.DelegationId, carried.DelegationId);
        Assert.Equal(("李明", "进口部经理", DemoSeeder.PreviousVisitorMobile, DemoSeeder.PreviousVisitorEmail, "江苏省苏州市工业园区星湖街328号"),
            (carried.ContactName, carried.ContactPosition, carried.ContactMobile, carried.ContactEmail, carried.Address));
        Assert.Equal(new AmountRange(1000, 1000), carried.Intent.NextYear);
        Assert.Equal(new AmountRange(8000, 8000), carried.Intent.NextFiveYears);
        Assert.Equal(["US", "JP", "KR"], carried.Intent.Countries.Select(c => c.CountryCode));
        Assert.Equal(["MED.PHARMA.DRUGS", "MED.DEVICE.DEVICES"], carried.Intent.CatalogueCodes);
        Assert.Equal(JsonSerializer.Serialize(previous.Intent), JsonSerializer.Serialize(carried.Intent));
    }

    [Fact]
    public async Task AnEmailCodeCarriesThePreviousEditionIntoADraftForThisEdition()
    {
        var previous = await PreviousRegistrationAsync();
        Assert.Empty(await CurrentRegistrationsAsync(DemoSeeder.PreviousVisitorCode));
        var code = await EmailCodeAsync();

        var result = await Service.VerifyByCodeAsync(VerificationWay.Email, DemoSeeder.PreviousVisitorCode, code);

        Assert.True(result.CarriedOver);
        var carried = Assert.Single(await CurrentRegistrationsAsync(DemoSeeder.PreviousVisitorCode));
        Assert.Equal(result.RegistrationId, carried.Id);
        AssertCarriedFrom(previous, carried);
        // The previous edition's registration is left as it was.
        var unchanged = await PreviousRegistrationAsync();
        Assert.Equal((RegistrationStatus.Approved, "李明"), (unchanged.Status, unchanged.ContactName));

        // The visitor's form opens on the carried data, editable and marked as carried over.
        var form = (await _app.Get<OrganisationInfoService>().LoadAsync(await _app.ActorAsync(DemoSeeder.PreviousVisitorCode)))!;
        Assert.Equal((carried.Id, true, true, "李明"), (form.RegistrationId, form.Editable, form.CarriedOver, form.Input.ContactName));
    }

    [Fact]
    public async Task AnSmsCodeCarriesItOverToo()
    {
        await _app.Get<VerificationCodeService>().SendAsync(MessageChannel.Sms, DemoSeeder.PreviousVisitorCode, "203.0.113.7");
        var code = await VerificationCodeRules.CodeFromOutboxAsync(_app, DemoSeeder.PreviousVisitorMobile);

        var result = await Service.VerifyByCodeAsync(VerificationWay.Sms, DemoSeeder.PreviousVisitorCode, code);

        Assert.True(result.CarriedOver);
        AssertCarriedFrom(await PreviousRegistrationAsync(), Assert.Single(await CurrentRegistrationsAsync(DemoSeeder.PreviousVisitorCode)));
    }

    [Fact]
    public async Task APasswordCarriesItOverAndASecondVerificationDoesNotCreateAnother()
    {
        var first = await Service.VerifyByPasswordAsync(DemoSeeder.PreviousVisitorCode.ToLowerInvariant(), DemoSeeder.Password);
        Assert.True(first.CarriedOver);
        AssertCarriedFrom(await PreviousRegistrationAsync(), Assert.Single(await CurrentRegistrationsAsync(DemoSeeder.PreviousVisitorCode)));

        _clock.Advance(TimeSpan.FromMinutes(2));
        var second = await Service.VerifyByPasswordAsync(DemoSeeder.PreviousVisitorCode, DemoSeeder.Password);
        var code = await EmailCodeAsync();
        var third = await Service.VerifyByCodeAsync(VerificationWay.Email, DemoSeeder.PreviousVisitorCode, code);

        Assert.False(second.CarriedOver);
        Assert.False(third.CarriedOver);
        Assert.Equal(first.RegistrationId, second.RegistrationId);
        Assert.Equal(first.RegistrationId, third.RegistrationId);
        Assert.Equal((first.UserId, first.OrganisationId), (third.UserId, third.OrganisationId));
        Assert.Single(await CurrentRegistrationsAsync(DemoSeeder.PreviousVisitorCode));
    }

    [Fact]
    public async Task ChangesMadeAfterTheCarryOverAreNotOverwrittenByASecondVerification()
    {
        var first = await Service.VerifyByPasswordAsync(DemoSeeder.PreviousVisitorCode, DemoSeeder.Password);
        var actor = await _app.ActorAsync(DemoSeeder.PreviousVisitorCode);
        var organisationInfo = _app.Get<OrganisationInfoService>();
        var form = (await organisationInfo.LoadAsync(actor))!;
        form.Input.ContactName = "王芳";
        await organisationInfo.SaveDraftAsync(actor, form.RegistrationId, form.Input, form.DraftVersion);

        await Service.VerifyByPasswordAsync(DemoSeeder.PreviousVisitorCode, DemoSeeder.Password);

        Assert.Equal("王芳", (await organisationInfo.LoadAsync(actor))!.Input.ContactName);
        Assert.Equal(first.RegistrationId, Assert.Single(await CurrentRegistrationsAsync(DemoSeeder.PreviousVisitorCode)).Id);
    }

    [Theory]
    [InlineData(DemoSeeder.PreviousVisitorCode, "wrong-password-1")]
    [InlineData(DemoSeeder.PreviousVisitorCode, "")]
    [InlineData("91999999MA00000000", DemoSeeder.Password)]
    [InlineData("sh.reviewer", DemoSeeder.Password)] // an account without an organisation
    public async Task AWrongAccountOrPasswordIsRefusedAndNothingIsCarried(string account, string password)
    {
        var refused = await Assert.ThrowsAsync<VerificationRefusedException>(() => Service.VerifyByPasswordAsync(account, password));

        Assert.Contains("账号或密码错误", refused.Message);
        Assert.Empty(await CurrentRegistrationsAsync(DemoSeeder.PreviousVisitorCode));
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountEvenForTheRightOne()
    {
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<VerificationRefusedException>(() => Service.VerifyByPasswordAsync(DemoSeeder.PreviousVisitorCode, "wrong-password-" + i));
        }

        var refused = await Assert.ThrowsAsync<VerificationRefusedException>(() => Service.VerifyByPasswordAsync(DemoSeeder.PreviousVisitorCode, DemoSeeder.Password));

        Assert.Contains("锁定", refused.Message);
        Assert.Empty(await CurrentRegistrationsAsync(DemoSeeder.PreviousVisitorCode));
        // The code ways stay open (the message says so).
        Assert.Contains("验证码", refused.Message);
        var code = await EmailCodeAsync();
        Assert.True((await Service.VerifyByCodeAsync(VerificationWay.Email, DemoSeeder.PreviousVisitorCode, code)).CarriedOver);
    }

    [Fact]
    public async Task AWrongCodeIsRefusedAndNothingIsCarried()
    {
        var code = await EmailCodeAsync();
        var wrong = code == "000000" ? "000001" : "000000";

        await Assert.ThrowsAsync<VerificationRefusedException>(() => Service.VerifyByCodeAsync(VerificationWay.Email, DemoSeeder.PreviousVisitorCode, wrong));

        Assert.Empty(await CurrentRegistrationsAsync(DemoSeeder.PreviousVisitorCode));
    }

    [Fact]
    public async Task AnOrganisationThatAlreadyRegisteredThisEditionKeepsItsRegistration()
    {
        var before = Assert.Single(await CurrentRegistrationsAsync(DemoSeeder.VisitorCode));

        var result = await Service.VerifyByPasswordAsync(DemoSeeder.VisitorCode, DemoSeeder.Password);

        Assert.False(result.CarriedOver);
        Assert.Equal(before.Id, result.RegistrationId);
        var after = Assert.Single(await CurrentRegistrationsAsync(DemoSeeder.VisitorCode));
        Assert.Equal(RegistrationStatus.Submitted, after.Status);
    }

    public void Dispose() => _app.Dispose();
}

/// <summary>One-time sign-in tickets that interactive pages hand to /account/ticket.</summary>
public sealed class SignInTicketRedemption : IDisposable
{
    private readonly FakeTimeProvider _clock = new(VerificationCodeRules.Start);
    private readonly TestApp _app;

    public SignInTicketRedemption() => _app = new TestApp(_clock);

    private async Task<string> UserIdAsync(string userName)
    {
        await using var db = _app.Db();
        return (await db.Users.SingleAsync(u => u.UserName == userName)).Id;
    }

    [Fact]
    public async Task ATicketWorksOnce()
    {
        var tickets = _app.Get<SignInTickets>();
        var userId = await UserIdAsync(DemoSeeder.PreviousVisitorCode);
        var ticket = tickets.Issue(userId);

        Assert.Equal(userId, tickets.Redeem(ticket));
        Assert.Null(tickets.Redeem(ticket));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-ticket")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void AForgedTicketIsRefused(string? ticket) => Assert.Null(_app.Get<SignInTickets>().Redeem(ticket));

    [Fact]
    public async Task ATamperedTicketIsRefusedAndTheRealOneStillWorks()
    {
        var tickets = _app.Get<SignInTickets>();
        var userId = await UserIdAsync(DemoSeeder.PreviousVisitorCode);
        var ticket = tickets.Issue(userId);
        var tampered = ticket[..^2] + (ticket[^2] == 'A' ? 'B' : 'A') + ticket[^1];

        Assert.Null(tickets.Redeem(tampered));
        Assert.Equal(userId, tickets.Redeem(ticket));
    }

    [Fact]
    public async Task ATicketExpiresAfterTwoMinutes()
    {
        var tickets = _app.Get<SignInTickets>();
        var ticket = tickets.Issue(await UserIdAsync(DemoSeeder.PreviousVisitorCode));
        _clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));

        Assert.Null(tickets.Redeem(ticket));
    }

    [Fact]
    public async Task TheTicketEndpointSignsInOnceAndOnlyRedirectsLocally()
    {
        var ticket = _app.Get<SignInTickets>().Issue(await UserIdAsync(DemoSeeder.PreviousVisitorCode));
        using var client = SignIn.Client(_app);

        var response = await client.GetAsync($"/account/ticket?t={Uri.EscapeDataString(ticket)}&returnUrl=%2Fportal%2Forganisation");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/portal/organisation", SignIn.PathOf(response.Headers.Location));
        var home = WebUtility.HtmlDecode(await client.GetStringAsync("/"));
        Assert.Contains("苏州往届示范科技有限公司", home);

        using var again = SignIn.Client(_app);
        var replay = await again.GetAsync($"/account/ticket?t={Uri.EscapeDataString(ticket)}&returnUrl=%2Fportal%2Forganisation");
        Assert.Equal("/account/login", SignIn.PathOf(replay.Headers.Location));
        var anonymous = await again.GetAsync("/portal/organisation");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/account/login", SignIn.PathOf(anonymous.Headers.Location));

        using var third = SignIn.Client(_app);
        var offsite = _app.Get<SignInTickets>().Issue(await UserIdAsync(DemoSeeder.PreviousVisitorCode));
        var redirect = await third.GetAsync($"/account/ticket?t={Uri.EscapeDataString(offsite)}&returnUrl=%2F%2Fevil.example%2F");
        Assert.Equal("/", redirect.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("")]
    public async Task TheTicketEndpointNeverRedirectsOffSite(string returnUrl)
    {
        var ticket = _app.Get<SignInTickets>().Issue(await UserIdAsync(DemoSeeder.PreviousVisitorCode));
        using var client = SignIn.Client(_app);

        var response = await client.GetAsync($"/account/ticket?t={Uri.EscapeDataString(ticket)}&returnUrl={Uri.EscapeDataString(returnUrl)}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ABackslashReturnUrlFallsBackToTheHomePage()
    {
        var ticket = _app.Get<SignInTickets>().Issue(await UserIdAsync(DemoSeeder.PreviousVisitorCode));
        using var client = SignIn.Client(_app);

        var response = await client.GetAsync($"/account/ticket?t={Uri.EscapeDataString(ticket)}&returnUrl={Uri.EscapeDataString("/\\evil.example/")}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task APreviousVisitorCanAlsoSignInThroughTheLoginForm()
    {
        using var client = SignIn.Client(_app);

        var response = await SignIn.PostLoginAsync(client, DemoSeeder.PreviousVisitorCode, DemoSeeder.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", SignIn.PathOf(response.Headers.Location));
    }

    public void Dispose() => _app.Dispose();
}
