using System.Text;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Review;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Review;

public sealed class ReviewerGridQueries : IDisposable
{
    private readonly TestApp _app = new();

    [Fact]
    public async Task ScopeFiltersAndQuotaBarFollowTheReviewersDelegation()
    {
        var queries = _app.Get<ReviewerPersonQueries>();

        var shanghai = await queries.PageAsync(await _app.ActorAsync("sh.reviewer"), new ReviewerPersonFilter());
        var guangdong = await queries.PageAsync(await _app.ActorAsync("gd.reviewer"), new ReviewerPersonFilter());

        Assert.Equal(["张伟华"], shanghai.Rows.Select(r => r.Name));
        Assert.True(shanghai.Rows[0].BlockedByOrganisationReview); // the organisation is submitted, not yet approved
        Assert.DoesNotContain(PersonTrigger.Tag, shanghai.Rows[0].Allowed);
        Assert.Equal("310*****018", shanghai.Rows[0].MaskedDocumentNumber);
        Assert.Equal((0, 100, 0, 100), (shanghai.Quota.VipUsed, shanghai.Quota.VipQuota, shanghai.Quota.StaffUsed, shanghai.Quota.StaffQuota));
        Assert.Empty(guangdong.Rows);
        Assert.Empty((await queries.PageAsync(await _app.ActorAsync("sh.reviewer"), new ReviewerPersonFilter { PersonName = "李" })).Rows);
        Assert.Single((await queries.PageAsync(await _app.ActorAsync("sh.reviewer"), new ReviewerPersonFilter { Organisation = DemoSeeder.VisitorCode.ToLowerInvariant() })).Rows);
        Assert.Empty((await queries.PageAsync(await _app.ActorAsync("sh.reviewer"), new ReviewerPersonFilter { Tags = [PersonTag.Vip] })).Rows);
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await queries.PageAsync(await _app.ActorAsync(DemoSeeder.VisitorCode), new ReviewerPersonFilter()));
    }

    [Fact]
    public async Task ExportIsExcelReadableMaskedAndFormulaSafe()
    {
        await using (var db = _app.Db())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Persons\" SET \"Position\" = '=HYPERLINK(\"x\")' WHERE \"Name\" = '张伟华'");
        }

        var bytes = await _app.Get<ReviewerPersonQueries>().ExportCsvAsync(await _app.ActorAsync("sh.reviewer"), new ReviewerPersonFilter());

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("姓名,单位名称", text);
        Assert.Contains("310*****018", text);
        Assert.DoesNotContain("310115198503122018", text);
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\")\"", text);
    }

    [Fact]
    public async Task GroupEmailGoesToEveryOrganisationInTheFilterThroughTheOutbox()
    {
        var reviewer = await _app.ActorAsync("sh.reviewer");
        var service = _app.Get<GroupEmailService>();

        await Assert.ThrowsAsync<DomainException>(() => service.SendAsync(reviewer, new ReviewerPersonFilter(), " ", "正文"));
        var sent = await service.SendAsync(reviewer, new ReviewerPersonFilter(), "参展提醒", "请于11月4日前完成证件费支付。");

        Assert.Equal(1, sent);
        await using var db = _app.Db();
        var message = await db.Outbox.SingleAsync(m => m.Kind == "GroupEmail");
        Assert.Equal(("zhangwh@example.com", "参展提醒"), (message.Recipient, message.Subject));
    }

    public void Dispose() => _app.Dispose();
}

public sealed class ReviewerGridAfterApproval : IDisposable
{
    private readonly TestApp _app = new();

    [Fact]
    public async Task OnceTheOrganisationIsApprovedItsPersonsCanBeTagged()
    {
        var reviewer = await _app.ActorAsync("sh.reviewer");
        await using (var db = _app.Db())
        {
            var registration = await db.Registrations.SingleAsync(r => r.ReferralCode == "CIIE-PARTNER-01");
            await _app.Get<RegistrationReviewService>().ApproveAsync(reviewer, registration.Id);
        }

        var row = (await _app.Get<ReviewerPersonQueries>().PageAsync(reviewer, new ReviewerPersonFilter())).Rows.Single();

        Assert.False(row.BlockedByOrganisationReview);
        Assert.Contains(PersonTrigger.Tag, row.Allowed);
    }

    public void Dispose() => _app.Dispose();
}
