using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Organisations;
using CiieBlazor.App.Features.Progress;
using CiieBlazor.App.Features.Review;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Features;

public sealed class OrganisationAccess : IDisposable
{
    private readonly TestApp _app = new();

    private async Task<(Guid Own, Guid Other)> RegistrationsAsync()
    {
        await using var db = _app.Db();
        var edition = await db.Editions.SingleAsync(e => e.IsCurrent);
        var own = await db.Organisations.SingleAsync(o => o.Code == DemoSeeder.VisitorCode);
        var other = await db.Organisations.SingleAsync(o => o.Code == DemoSeeder.OtherVisitorCode);
        return (
            await db.Registrations.Where(r => r.OrganisationId == own.Id && r.EditionId == edition.Id).Select(r => r.Id).SingleAsync(),
            await db.Registrations.Where(r => r.OrganisationId == other.Id && r.EditionId == edition.Id).Select(r => r.Id).SingleAsync());
    }

    [Fact]
    public async Task VisitorReadsItsOwnRegistration()
    {
        var (own, _) = await RegistrationsAsync();
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);

        var details = await _app.Get<RegistrationQueries>().GetAsync(visitor, own);

        Assert.Equal("上海进博演示贸易有限公司", details.OrganisationName);
        Assert.Equal(RegistrationStatus.Submitted, details.Status);
    }

    [Fact]
    public async Task VisitorIsRefusedAnotherOrganisationsRegistrationAndTheAttemptIsLogged()
    {
        var (_, other) = await RegistrationsAsync();
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<RegistrationQueries>().GetAsync(visitor, other));

        await using var db = _app.Db();
        var audit = await db.AuditRecords.Where(a => a.Machine == "Access").ToListAsync();
        var entry = Assert.Single(audit);
        Assert.Equal(visitor.UserId, entry.ActorId);
        Assert.Equal("Denied", entry.To);
    }

    [Fact]
    public async Task VisitorIsRefusedAnotherOrganisationsProgress()
    {
        await using var db = _app.Db();
        var other = await db.Organisations.SingleAsync(o => o.Code == DemoSeeder.OtherVisitorCode);
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);

        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<ProgressService>().GetAsync(visitor, other.Id));
    }

    [Fact]
    public async Task ReviewerOfAnotherDelegationCannotApprove()
    {
        var (own, _) = await RegistrationsAsync();
        var guangdong = await _app.ActorAsync("gd.reviewer");

        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<RegistrationReviewService>().ApproveAsync(guangdong, own));

        await using var db = _app.Db();
        Assert.Equal(RegistrationStatus.Submitted, (await db.Registrations.SingleAsync(r => r.Id == own)).Status);
    }

    [Fact]
    public async Task ReviewerListSeesOnlyItsDelegationAndSubDelegations()
    {
        var review = _app.Get<RegistrationReviewService>();

        var shanghai = await review.ListAsync(await _app.ActorAsync("sh.reviewer"));
        var guangdong = await review.ListAsync(await _app.ActorAsync("gd.reviewer"));
        var ccpit = await review.ListAsync(await _app.ActorAsync("gdmc.reviewer"));

        Assert.Equal(["上海进博演示贸易有限公司"], shanghai.Select(r => r.OrganisationName));
        Assert.Equal(["广州示范进出口有限公司"], guangdong.Select(r => r.OrganisationName)); // registered in a sub-delegation
        Assert.Equal(["广州示范进出口有限公司"], ccpit.Select(r => r.OrganisationName));
    }

    [Fact]
    public async Task ApprovalIsAuditedWithWhoFromAndTo()
    {
        var (own, _) = await RegistrationsAsync();
        var reviewer = await _app.ActorAsync("sh.reviewer");

        await _app.Get<RegistrationReviewService>().ApproveAsync(reviewer, own);

        await using var db = _app.Db();
        var audit = await db.AuditRecords.Where(a => a.EntityId == own).OrderBy(a => a.Id).ToListAsync();
        var approval = audit.Last();
        Assert.Equal(("OrganisationRegistration", "Submitted", "Approved", "Approve", reviewer.UserId),
            (approval.Machine, approval.From, approval.To, approval.Trigger, approval.ActorId));
    }

    [Fact]
    public async Task ReturnNeedsAReason()
    {
        var (own, _) = await RegistrationsAsync();
        var reviewer = await _app.ActorAsync("sh.reviewer");

        var error = await Assert.ThrowsAsync<CiieBlazor.Domain.Common.DomainException>(() => _app.Get<RegistrationReviewService>().ReturnAsync(reviewer, own, "  "));

        Assert.Equal("ReasonGiven", error.Guard);
    }

    public void Dispose() => _app.Dispose();
}
