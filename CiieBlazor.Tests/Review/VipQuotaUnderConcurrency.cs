using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Review;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Review;

/// <summary>VIP and staff places never oversell, even when many reviewers click at the same moment.</summary>
[Collection(nameof(QuotaBypassSwitch))]
public sealed class VipQuotaUnderConcurrency : IDisposable
{
    private const int Attempts = 200;
    private readonly TestApp _app = new();

    /// <summary>200 persons of the approved demo organisation waiting for a tag; the 上海交易团 VIP quota has one place left.</summary>
    private async Task<(Actor Reviewer, List<Guid> Persons, Guid QuotaId)> ArrangeAsync()
    {
        var reviewer = await _app.ActorAsync("sh.reviewer");
        await using var db = _app.Db();
        var registration = await db.Registrations.SingleAsync(r => r.ReferralCode == "CIIE-PARTNER-01");
        await _app.Get<RegistrationReviewService>().ApproveAsync(reviewer, registration.Id);
        var edition = await db.Editions.SingleAsync(e => e.IsCurrent);
        var template = await db.Persons.AsNoTracking().FirstAsync(p => p.RegistrationId == registration.Id);
        var ids = new List<Guid>();
        for (var i = 0; i < Attempts; i++)
        {
            var person = new Person(registration.Id, registration.OrganisationId, edition.Id, registration.DelegationId, template.Data with { Name = $"候选{i:000}" });
            person.Submit(edition.FirstDay, edition.LastDay, Actor.System, DateTimeOffset.UtcNow);
            db.Persons.Add(person);
            ids.Add(person.Id);
        }
        var quota = await db.DelegationQuotas.SingleAsync(q => q.DelegationId == registration.DelegationId && q.EditionId == edition.Id);
        quota.SetQuotas(quota.VipUsed + 1, quota.StaffQuota);
        await db.SaveChangesAsync();
        return (reviewer, ids, quota.Id);
    }

    private async Task<(int Successes, int Refusals, int VipUsed, int VipQuota)> RaceAsync()
    {
        var (reviewer, persons, quotaId) = await ArrangeAsync();
        var tagging = _app.Get<TaggingService>();
        // Make sure the attempts really overlap: the first 20 that pass the check wait for each other before saving.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = 0;
        TaggingService.PauseBeforeSaveForTests = async () =>
        {
            if (Interlocked.Increment(ref arrived) >= 20) gate.TrySetResult();
            await Task.WhenAny(gate.Task, Task.Delay(TimeSpan.FromSeconds(5)));
        };
        using var start = new ManualResetEventSlim();
        var tasks = persons.Select(id => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await tagging.TagAsync(reviewer, [id], PersonTag.Vip);
                return true;
            }
            catch (DomainException ex) when (ex.Guard == "QuotaAvailable")
            {
                return false;
            }
        })).ToList();
        start.Set();
        bool[] results;
        try
        {
            results = await Task.WhenAll(tasks);
        }
        finally
        {
            TaggingService.PauseBeforeSaveForTests = null;
        }
        await using var db = _app.Db();
        var quota = await db.DelegationQuotas.AsNoTracking().SingleAsync(q => q.Id == quotaId);
        return (results.Count(r => r), results.Count(r => !r), quota.VipUsed, quota.VipQuota);
    }

    [Fact]
    public async Task TwoHundredReviewersForTheLastPlaceGiveExactlyOneVip()
    {
        var (successes, refusals, used, quota) = await RaceAsync();

        Assert.Equal(1, successes);
        Assert.Equal(Attempts - 1, refusals);
        Assert.True(used <= quota);
        Assert.Equal(quota, used);
        await using var db = _app.Db();
        Assert.Equal(1, await db.Persons.CountAsync(p => p.Name.StartsWith("候选") && p.Tag == PersonTag.Vip));
    }

    [Fact]
    public async Task WithoutTheAtomicCheckTheSameRaceOversells()
    {
        TaggingService.BypassAtomicQuotaForTests = true;
        try
        {
            var (successes, _, used, quota) = await RaceAsync();

            Assert.True(successes > 1, $"expected an oversell without the atomic check, got {successes} success(es)");
            Assert.True(used > quota);
        }
        finally
        {
            TaggingService.BypassAtomicQuotaForTests = false;
        }
    }

    [Fact]
    public async Task ASubDelegationReviewerCannotTagAnotherSubDelegationsPerson()
    {
        var (_, persons, _) = await ArrangeAsync(); // persons of 上海交易团
        var ccpit = await _app.ActorAsync("gdmc.reviewer");

        await Assert.ThrowsAsync<AccessDeniedException>(() => _app.Get<TaggingService>().TagAsync(ccpit, [persons[0]], PersonTag.Vip));
    }

    [Fact]
    public async Task ABatchWithOnePersonTooManyIsRefusedWhole()
    {
        var (reviewer, persons, quotaId) = await ArrangeAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() => _app.Get<TaggingService>().TagAsync(reviewer, persons.Take(2).ToList(), PersonTag.Vip));

        Assert.Equal("QuotaAvailable", error.Guard);
        await using var db = _app.Db();
        Assert.Equal(0, await db.Persons.CountAsync(p => persons.Contains(p.Id) && p.Tag != null));
        var quota = await db.DelegationQuotas.AsNoTracking().SingleAsync(q => q.Id == quotaId);
        Assert.Equal(quota.VipQuota - 1, quota.VipUsed);
    }

    [Fact]
    public async Task TaggingAProfessionalVisitorTellsTheOrganisationBySmsAndEmail()
    {
        var (reviewer, persons, _) = await ArrangeAsync();

        await _app.Get<TaggingService>().TagAsync(reviewer, [persons[0]], PersonTag.ProfessionalVisitor);

        await using var db = _app.Db();
        Assert.Equal(PersonStatus.AwaitingPayment, (await db.Persons.SingleAsync(p => p.Id == persons[0])).Status);
        var messages = await db.Outbox.Where(m => m.Kind == "PersonTagged").ToListAsync();
        Assert.Equal([MessageChannel.Sms, MessageChannel.Email], messages.Select(m => m.Channel).Order());
    }

    public void Dispose() => _app.Dispose();
}

/// <summary>Tests that flip the test-only bypass switch never run beside each other.</summary>
[CollectionDefinition(nameof(QuotaBypassSwitch), DisableParallelization = true)]
public sealed class QuotaBypassSwitch;
