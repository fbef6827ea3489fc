using System.Net;
using System.Text.RegularExpressions;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Accounts;
using CiieBlazor.App.Features.Admin;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.App.Features.Persons;
using CiieBlazor.App.Features.Review;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Tests.Payments;
using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CiieBlazor.Tests.Observability;

/// <summary>
/// A flow through personal data with every log line at Debug kept (all categories: the app's, ASP.NET Core's, EF Core's,
/// Identity's): a visitor signs in over HTTP, saves and submits a person with a resident-ID number, a mobile and an email;
/// the admin opens a reviewer account in a person's name, she signs in, sets her mobile, email and password, approves the
/// organisation and tags the person; an order over her is paid by a signed sandbox notification
/// over HTTP; the SMS and emails go out; a previous-edition visitor asks for an SMS code and verifies it. Then every
/// captured line (message, the message's values, scope values, exception text) is searched for every name, document
/// number, mobile and email of the persons, contacts and accounts involved, read back from the database.
/// </summary>
public sealed class NoPersonalDataInLogs : IDisposable
{
    private const string Name = "欧阳青禾";
    private const string DocumentNumber = "320505198808081238";
    private const string Mobile = "13766554433";
    private const string Email = "ouyang.qinghe@example.com";
    // A reviewer account named after the person who holds it, as an admin creates them.
    private const string ReviewerName = "司马文静";
    private const string ReviewerLogin = "simawenjing";
    private const string ReviewerMobile = "13599887766";
    private const string ReviewerEmail = "sima.wenjing@example.com";

    private readonly LogCapture _logs = new();
    private readonly PaymentsApp _app;

    public NoPersonalDataInLogs() => _app = new PaymentsApp(configure: b => _logs.AddTo(b, LogLevel.Debug));

    [Fact]
    public async Task AFlowThroughPersonalDataLogsIdsNotTheData()
    {
        // The visitor signs in through the login form (Identity, cookies, antiforgery all log at Debug).
        using (var browser = _app.Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }))
        {
            var login = await SignIn.PostLoginAsync(browser, DemoSeeder.VisitorCode, DemoSeeder.Password);
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/portal/organisation")).StatusCode);
        }

        // She saves and submits a person.
        var visitor = await _app.VisitorAsync();
        var persons = _app.Get<PersonService>();
        var photo = await persons.UploadPhotoAsync(visitor, "me.png", new MemoryStream(DemoPhoto.Png(358, 441)), 1);
        var saved = await persons.SubmitAsync(visitor, null, new PersonInput
        {
            PersonType = PersonType.Mainland, Name = Name, Gender = Gender.Female, DocumentType = DocumentType.ResidentId, DocumentNumber = DocumentNumber,
            Nationality = "CN", Position = "采购经理", Mobile = Mobile, Email = Email, PhotoFileId = photo,
            EntryFrom = new DateOnly(2027, 11, 5), EntryTo = new DateOnly(2027, 11, 6), PickupMethod = PickupMethod.DelegationCollects, CommitmentTicked = true,
        }, null);

        // The admin opens a reviewer account for 上海交易团 in a person's name; she signs in, sets her contact details and
        // her password (a wrong current password first).
        Guid shanghai;
        await using (var db = _app.Db())
        {
            shanghai = (await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "sh.reviewer")).DelegationId!.Value;
        }
        await _app.Get<AccountAdminService>().CreateStaffAsync(await _app.ActorAsync("admin"), ReviewerLogin, ReviewerName, Roles.Reviewer, shanghai, "Sima2027pass");
        using (var browser = _app.Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostLoginAsync(browser, ReviewerLogin, "Sima2027pass")).StatusCode);
        }
        var reviewer = await _app.ActorAsync(ReviewerLogin);
        var account = _app.Get<AccountService>();
        await account.ChangeContactAsync(reviewer, new ContactInput { Phone = ReviewerMobile, Email = ReviewerEmail });
        await Assert.ThrowsAnyAsync<Exception>(() => account.ChangePasswordAsync(reviewer,
            new ChangePasswordInput { CurrentPassword = "Wrong2027pass", NewPassword = "Sima2028pass", ConfirmPassword = "Sima2028pass" }));
        await account.ChangePasswordAsync(reviewer, new ChangePasswordInput { CurrentPassword = "Sima2027pass", NewPassword = "Sima2028pass", ConfirmPassword = "Sima2028pass" });

        // She approves the organisation and tags the new person and 张伟华.
        Guid registrationId;
        List<Guid> tagged;
        await using (var db = _app.Db())
        {
            registrationId = (await db.Persons.AsNoTracking().SingleAsync(p => p.Id == saved.Id)).RegistrationId;
            tagged = await db.Persons.AsNoTracking().Where(p => p.RegistrationId == registrationId).Select(p => p.Id).ToListAsync();
        }
        await _app.Get<RegistrationReviewService>().ApproveAsync(reviewer, registrationId);
        await _app.Get<TaggingService>().TagAsync(reviewer, tagged, PersonTag.ProfessionalVisitor);

        // An order over both is paid by QR: the sandbox's signed notification arrives over HTTP.
        var order = await _app.OrderAsync(tagged);
        var start = await _app.StartAsync(order.Id);
        using (var client = _app.Client())
        {
            using var notice = await client.SendAsync(_app.Notification(start.AttemptId, "SBX-PII-1", order.Total.Amount));
            Assert.Equal((HttpStatusCode.OK, "success"), (notice.StatusCode, await notice.Content.ReadAsStringAsync()));
        }
        await using (var db = _app.Db())
        {
            Assert.Equal(OrderStatus.Paid, (await db.Orders.AsNoTracking().SingleAsync(o => o.Id == order.Id)).Status);
        }

        // A previous-edition visitor asks for an SMS code and verifies it.
        var codes = _app.Get<VerificationCodeService>();
        await codes.SendAsync(MessageChannel.Sms, DemoSeeder.PreviousVisitorCode, "203.0.113.7");
        string code;
        await using (var db = _app.Db())
        {
            var body = await db.Outbox.AsNoTracking().Where(m => m.Kind == "VerificationCode").Select(m => m.Body).SingleAsync();
            code = Regex.Match(body, "([0-9]{6})").Groups[1].Value;
        }
        await Assert.ThrowsAnyAsync<Exception>(() => codes.VerifyAsync(MessageChannel.Sms, DemoSeeder.PreviousVisitorCode, code == "000000" ? "111111" : "000000"));
        await codes.VerifyAsync(MessageChannel.Sms, DemoSeeder.PreviousVisitorCode, code);

        // Everything in the outbox goes out (the recording senders stand for the gateways).
        await _app.Get<OutboxDispatcher>().DispatchDueAsync();
        await using (var db = _app.Db())
        {
            Assert.Contains(DemoSeeder.PreviousVisitorMobile, await db.DeliveredMessages.AsNoTracking().Select(m => m.Recipient).ToListAsync());
        }

        var personal = await PersonalValuesAsync(registrationId);
        Assert.Contains(Name, personal);
        Assert.Contains(DocumentNumber, personal);
        var lines = _logs.Lines;
        // The capture works at Debug and sees the flow: EF Core's commands, the app's own lines with ids.
        Assert.Contains(lines, l => l.Level == LogLevel.Debug && l.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.AllText.Contains(order.Number, StringComparison.Ordinal));
        var hits = (from line in lines from value in personal where line.AllText.Contains(value, StringComparison.OrdinalIgnoreCase)
                    select $"{value} in [{line.Level} {line.Category}] {line.Message}").Distinct().ToList();
        Assert.True(hits.Count == 0, $"{hits.Count} log line(s) carry personal data:\n" + string.Join("\n", hits.Take(20)));
    }

    [Fact]
    public void TheSearchFindsAValueWhereverALineCarriesIt()
    {
        using var factory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        var log = factory.CreateLogger("CiieBlazor.Tests.Leaky");
        using (log.BeginScope(new Dictionary<string, object?> { ["Who"] = Mobile }))
        {
            log.LogDebug("plain");
        }
        log.LogDebug("saved {Person}", DocumentNumber);
        log.LogWarning(new InvalidOperationException("duplicate " + Email), "failed");

        var lines = _logs.Lines.Where(l => l.Category == "CiieBlazor.Tests.Leaky").ToList();
        Assert.Equal(3, lines.Count);
        Assert.Contains(Mobile, lines[0].AllText);
        Assert.Contains(DocumentNumber, lines[1].AllText);
        Assert.Contains(Email, lines[2].AllText);
    }

    /// <summary>
    /// Names, document numbers, mobiles and emails of the organisation's persons, its contact, the reviewer (and her
    /// sign-in name, made of her name) and the previous visitor.
    /// </summary>
    private async Task<HashSet<string>> PersonalValuesAsync(Guid registrationId)
    {
        await using var db = _app.Db();
        var values = new HashSet<string>
        {
            Name, DocumentNumber, Mobile, Email, ReviewerName, ReviewerLogin, ReviewerMobile, ReviewerEmail,
            DemoSeeder.PreviousVisitorMobile, DemoSeeder.PreviousVisitorEmail,
        };
        foreach (var person in await db.Persons.AsNoTracking().Where(p => p.RegistrationId == registrationId).ToListAsync())
        {
            values.UnionWith([person.Data.Name, person.Data.DocumentNumber, person.Data.Mobile, person.Data.Email]);
        }
        var registration = await db.Registrations.AsNoTracking().SingleAsync(r => r.Id == registrationId);
        values.UnionWith(new[] { registration.ContactName, registration.ContactMobile, registration.ContactEmail }.OfType<string>());
        values.RemoveWhere(string.IsNullOrWhiteSpace);
        return values;
    }

    public void Dispose() => _app.Dispose();
}
