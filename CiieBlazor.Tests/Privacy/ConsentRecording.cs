using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Accounts;
using CiieBlazor.App.Features.Admin;
using CiieBlazor.App.Features.Persons;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Privacy;
using CiieBlazor.Tests.Features;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CiieBlazor.Tests.Privacy;

/// <summary>
/// 隐私同意记录 (issue 10, part 2): the privacy terms at registration and 《个人信息及隐私保护政策》 at 确认提交 on the person
/// list are recorded with the policy version (Privacy:PolicyVersion in appsettings.json), the time on the app's clock and
/// the client address, in the same save as the action; a submission without the tick is refused and changes nothing.
/// </summary>
public sealed class ConsentRecording : IDisposable
{
    private static readonly DateTimeOffset Now = new(2027, 6, 1, 2, 30, 0, TimeSpan.Zero);
    private const string PolicyVersion = "2027-1"; // appsettings.json
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly TestApp _app;

    public ConsentRecording() => _app = new TestApp(_clock);

    [Fact]
    public async Task RegistrationRecordsThePrivacyTermsWithVersionTimeAndAddressInTheSameSave()
    {
        var created = await _app.Get<NewRegistrationService>().RegisterAsync(await InputAsync("91310000MA1K7CN1A"), "203.0.113.7");

        await using var db = _app.Db();
        var consent = await db.ConsentRecords.SingleAsync(c => c.OrganisationId == created.OrganisationId);
        Assert.Equal((created.UserId, ConsentSubject.RegistrationPrivacyTerms, PolicyVersion, Now, "203.0.113.7"),
            (consent.UserId, consent.Subject, consent.PolicyVersion, consent.At, consent.ClientAddress));
        Assert.True(await db.Users.AnyAsync(u => u.Id == created.UserId && u.OrganisationId == created.OrganisationId));
    }

    [Fact]
    public async Task RegistrationWithoutTheTermsCreatesNothingAndRecordsNothing()
    {
        var input = await InputAsync("91310000MA1K7CN2A");
        input.PrivacyAccepted = false;

        var refused = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => _app.Get<NewRegistrationService>().RegisterAsync(input, "203.0.113.8"));

        Assert.Contains(refused.Errors, e => e.PropertyName == nameof(NewRegistrationInput.PrivacyAccepted));
        await using var db = _app.Db();
        Assert.False(await db.Organisations.AnyAsync(o => o.Code == input.Code));
        Assert.False(await db.ConsentRecords.AnyAsync(c => c.ClientAddress == "203.0.113.8"));
    }

    [Fact]
    public async Task ConfirmSubmitOnThePersonListRecordsThePolicyWithThePersons()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        var personId = await SavePersonAsync(visitor);
        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, await _app.Get<PersonService>().SubmitAllAsync(visitor, policyAccepted: true, "198.51.100.23"));

        await using var db = _app.Db();
        var person = await db.Persons.SingleAsync(p => p.Id == personId);
        Assert.True(person.IsSubmitted);
        var consent = await db.ConsentRecords.SingleAsync(c => c.OrganisationId == visitor.OrganisationId && c.Subject == ConsentSubject.PersonalInformationPolicy);
        Assert.Equal((visitor.UserId, PolicyVersion, Now.AddMinutes(5), "198.51.100.23"), (consent.UserId, consent.PolicyVersion, consent.At, consent.ClientAddress));
        Assert.Equal(person.SubmittedAt, consent.At); // one save, one clock reading
    }

    [Fact]
    public async Task ConfirmSubmitWithoutThePolicyIsRefusedAndSubmitsNothing()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        var personId = await SavePersonAsync(visitor);

        var refused = await Assert.ThrowsAsync<DomainException>(() => _app.Get<PersonService>().SubmitAllAsync(visitor, policyAccepted: false, "198.51.100.24"));

        Assert.Equal("Consent.-.PersonalInformationPolicy.Ticked", refused.Code);
        Assert.Contains("《个人信息及隐私保护政策》", refused.Message);
        await using var db = _app.Db();
        Assert.Equal(PersonStatus.Saved, (await db.Persons.SingleAsync(p => p.Id == personId)).Status);
        Assert.False(await db.ConsentRecords.AnyAsync(c => c.Subject == ConsentSubject.PersonalInformationPolicy));
    }

    [Fact]
    public async Task AnAdministratorSeesTheOrganisationsConsentHistoryNewestFirstAndNobodyElseDoes()
    {
        var created = await _app.Get<NewRegistrationService>().RegisterAsync(await InputAsync("91310000MA1K7CN3A"), "203.0.113.9");
        var visitor = await _app.ActorAsync(NewRegistrationRules.NewCode("91310000MA1K7CN3A"));
        _clock.Advance(TimeSpan.FromDays(1));
        await using (var db = _app.Db())
        {
            // A second consent of the same organisation a day later (the person list's, written as SubmitAllAsync writes it).
            db.ConsentRecords.Add(ConsentRecord.Given(true, ConsentSubject.PersonalInformationPolicy, PolicyVersion, visitor.UserId, created.OrganisationId, _clock.GetUtcNow(), null));
            await db.SaveChangesAsync();
        }
        var accounts = _app.Get<AccountAdminService>();

        var history = await accounts.ConsentsAsync(await _app.ActorAsync("admin"), created.UserId);

        Assert.Equal([ConsentSubject.PersonalInformationPolicy, ConsentSubject.RegistrationPrivacyTerms], history.Select(h => h.Subject));
        Assert.All(history, h => Assert.Equal((PolicyVersion, NewRegistrationRules.NewCode("91310000MA1K7CN3A")), (h.PolicyVersion, h.UserName)));
        Assert.Equal([Now.AddDays(1), Now], history.Select(h => h.At));
        var @operator = await _app.ActorAsync("operator");
        await Assert.ThrowsAsync<AccessDeniedException>(() => accounts.ConsentsAsync(@operator, created.UserId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => accounts.ConsentsAsync(visitor, created.UserId));
        Assert.Empty(await accounts.ConsentsAsync(await _app.ActorAsync("admin"), @operator.UserId)); // a staff account has none
    }

    private Task<Guid> SavePersonAsync(Actor visitor) => TestData.SaveCompletePersonAsync(_app.Get<PersonService>(), visitor);

    private async Task<NewRegistrationInput> InputAsync(string first17)
    {
        await using var db = _app.Db();
        return await TestData.RegistrationAsync(db, first17, "上海隐私同意测试贸易有限公司", "Consent2027abc");
    }

    public void Dispose() => _app.Dispose();
}
