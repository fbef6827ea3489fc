using Bunit;
using CiieBlazor.App.Components.Portal.Persons;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Persons;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Privacy;
using CiieBlazor.Tests.Components;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CiieBlazor.Tests.Privacy;

/// <summary>
/// /portal/persons as the guide shows it: 待提交人数, then □本人已阅读并同意《个人信息及隐私保护政策》 before 确认提交. Not ticked:
/// the message next to the box and nothing submitted; ticked: submitted, and the consent recorded.
/// </summary>
public sealed class PersonListConsentPage : ComponentTest
{
    private readonly TestApp _app = new();

    public PersonListConsentPage()
    {
        Services.AddSingleton(_app.Get<PersonService>());
        Services.AddSingleton(_app.Get<ChangeNotifier>());
        Services.AddScoped<CurrentActor>();
    }

    [Fact]
    public async Task ConfirmSubmitNeedsThePolicyTickedAndRecordsIt()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        this.SignInAs(visitor, Roles.Visitor);
        var personId = await TestData.SaveCompletePersonAsync(_app.Get<PersonService>(), visitor);
        var page = this.RenderPage<PersonsPage>();
        page.WaitForAssertion(() => Assert.Contains("1", page.Find("[data-testid=pending-count]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Contains("本人已阅读并同意《个人信息及隐私保护政策》", page.Find("[data-testid=policy]").TextContent);

        page.Find("[data-testid=submit-all]").Click();

        page.WaitForAssertion(() => Assert.Contains("请先阅读并同意《个人信息及隐私保护政策》", page.Find("[data-testid=policy-error]").TextContent));
        Assert.Empty(page.FindAll(".mud-dialog button")); // not even asked to confirm
        await using (var db = _app.Db())
        {
            Assert.Equal(PersonStatus.Saved, (await db.Persons.SingleAsync(p => p.Id == personId)).Status);
        }

        page.Find("input[data-testid=policy-accept], [data-testid=policy-accept] input").Change(true);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=policy-error]")));
        page.Find("[data-testid=submit-all]").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".mud-dialog button")), TimeSpan.FromSeconds(10));
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "确定").Click();

        page.WaitForAssertion(() => Assert.Contains("0", page.Find("[data-testid=pending-count]").TextContent), TimeSpan.FromSeconds(10));
        await using (var db = _app.Db())
        {
            Assert.True((await db.Persons.SingleAsync(p => p.Id == personId)).IsSubmitted);
            var consent = await db.ConsentRecords.SingleAsync(c => c.OrganisationId == visitor.OrganisationId);
            Assert.Equal((ConsentSubject.PersonalInformationPolicy, visitor.UserId, "2027-1"), (consent.Subject, consent.UserId, consent.PolicyVersion));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _app.Dispose();
    }
}
