using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Accounts;
using CiieBlazor.App.Features.Persons;
using CiieBlazor.App.Features.Review;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Review;

/// <summary>Reuse persons: upgrade before lock, lock-submit, messages, and batch cancel giving places back.</summary>
[Collection(nameof(QuotaBypassSwitch))]
public sealed class ReuseLockAndCancel : IDisposable
{
    private readonly TestApp _app = new();

    /// <summary>苏州往届示范科技有限公司 joins this edition, reuses 李明's staff badge, submits; 上海交易团 approves the organisation.</summary>
    private async Task<(Actor Reviewer, Guid Reuse, Guid QuotaId)> ArrangeAsync()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.PreviousVisitorCode);
        await _app.Get<PreviousEditionService>().CarryOverAsync(visitor.OrganisationId!.Value);
        var previous = await _app.Get<PreviousPersonService>().ListAsync(visitor, null);
        var li = previous.Rows.Single(r => r.Name == "李明");
        var reuseId = (await _app.Get<PreviousPersonService>().ReuseAsync(visitor, [li.Id], badgeIntactConfirmed: true)).Single();
        var persons = _app.Get<PersonService>();
        var details = await persons.GetAsync(visitor, reuseId);
        details.Input.CommitmentTicked = true;
        await persons.SaveAsync(visitor, reuseId, details.Input, details.Version);
        await persons.SubmitAllAsync(visitor, policyAccepted: true);

        var reviewer = await _app.ActorAsync("sh.reviewer");
        await using var db = _app.Db();
        var registration = await db.Registrations.SingleAsync(r => r.OrganisationId == visitor.OrganisationId && db.Editions.Any(e => e.Id == r.EditionId && e.IsCurrent));
        await _app.Get<RegistrationReviewService>().ApproveAsync(reviewer, registration.Id);
        var quota = await db.DelegationQuotas.SingleAsync(q => q.DelegationId == registration.DelegationId && q.EditionId == registration.EditionId);
        return (reviewer, reuseId, quota.Id);
    }

    private async Task<Person> PersonAsync(Guid id)
    {
        await using var db = _app.Db();
        return await db.Persons.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    [Fact]
    public async Task StaffUpgradedToVipIsLockedForReviewAndTheOrganisationIsTold()
    {
        var (reviewer, reuse, quotaId) = await ArrangeAsync();
        var tagging = _app.Get<TaggingService>();
        Assert.Equal((PersonStatus.AwaitingLock, PersonTag.Staff), ((await PersonAsync(reuse)).Status, (await PersonAsync(reuse)).Tag));

        var downgrade = await Assert.ThrowsAsync<DomainException>(() => tagging.UpgradeAsync(reviewer, [reuse], PersonTag.ProfessionalVisitor));
        Assert.Equal("UpgradeAllowed", downgrade.Guard);
        await tagging.UpgradeAsync(reviewer, [reuse], PersonTag.Vip);
        await tagging.LockAsync(reviewer, [reuse]);

        var person = await PersonAsync(reuse);
        Assert.Equal((PersonStatus.AwaitingReview, PersonTag.Vip, true), (person.Status, person.Tag, person.Upgraded));
        await using var db = _app.Db();
        Assert.Equal(1, (await db.DelegationQuotas.SingleAsync(q => q.Id == quotaId)).VipUsed);
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.Kind == "PersonUpgraded")); // SMS and email
    }

    [Fact]
    public async Task OnlyReusePersonsCanBeLocked()
    {
        var (reviewer, _, _) = await ArrangeAsync();
        await using var db = _app.Db();
        var zhang = await db.Persons.SingleAsync(p => p.Name == "张伟华" && db.Editions.Any(e => e.Id == p.EditionId && e.IsCurrent));

        var error = await Assert.ThrowsAsync<DomainException>(() => _app.Get<TaggingService>().LockAsync(reviewer, [zhang.Id]));

        Assert.Equal("Person.AwaitingTag.Lock", error.Code);
    }

    [Fact]
    public async Task BatchCancelNeedsAReasonAndGivesTheVipPlaceBack()
    {
        var (reviewer, reuse, quotaId) = await ArrangeAsync();
        var tagging = _app.Get<TaggingService>();
        await tagging.UpgradeAsync(reviewer, [reuse], PersonTag.Vip);
        await tagging.LockAsync(reviewer, [reuse]);

        await Assert.ThrowsAsync<DomainException>(() => tagging.CancelAsync(reviewer, [reuse], " "));
        await tagging.CancelAsync(reviewer, [reuse], "单位申请注销");

        var person = await PersonAsync(reuse);
        Assert.Equal((PersonStatus.Cancelled, "单位申请注销"), (person.Status, person.StatusReason));
        await using var db = _app.Db();
        Assert.Equal(0, (await db.DelegationQuotas.SingleAsync(q => q.Id == quotaId)).VipUsed);
    }

    public void Dispose() => _app.Dispose();
}
