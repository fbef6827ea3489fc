using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Admin;
using CiieBlazor.App.Features.Review;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Tests.Payments;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Operations;

/// <summary>系统配置 and 审计日志 through the admin service on a real database.</summary>
public sealed class AdminConfiguration : IDisposable
{
    private readonly PaymentsApp _app = new();
    private AdminService Admin => _app.Get<AdminService>();

    [Fact]
    public async Task AnEditionsDaysAndFeesChangeWithAnAuditEntryAndBadValuesChangeNothing()
    {
        var admin = await _app.ActorAsync("admin");
        var current = (await Admin.EditionsAsync(admin)).Single(e => e.IsCurrent);

        var backwards = await Assert.ThrowsAsync<DomainException>(() => Admin.ConfigureEditionAsync(admin, current.Id, current.LastDay, current.FirstDay, 200m, 50m));
        Assert.Equal("Edition.-.Configure.DaysInOrder", backwards.Code);
        await Assert.ThrowsAsync<DomainException>(() => Admin.ConfigureEditionAsync(admin, current.Id, current.FirstDay, current.LastDay, -1m, 50m));
        await Assert.ThrowsAsync<DomainException>(() => Admin.ConfigureEditionAsync(admin, current.Id, current.FirstDay, current.LastDay, 200.005m, 50m));
        await Assert.ThrowsAsync<DomainException>(() => Admin.ConfigureEditionAsync(admin, current.Id, current.FirstDay, current.LastDay, 200m, 101m));
        Assert.Equal(current, (await Admin.EditionsAsync(admin)).Single(e => e.IsCurrent));

        await Admin.ConfigureEditionAsync(admin, current.Id, current.FirstDay, current.LastDay.AddDays(-1), 300m, 40m);
        var changed = (await Admin.EditionsAsync(admin)).Single(e => e.IsCurrent);
        Assert.Equal((current.LastDay.AddDays(-1), 300m, 40m, 120m), (changed.LastDay, changed.Fee, changed.ReusePercent, changed.ReuseFee));

        var (rows, total) = await Admin.AuditAsync(admin, new AuditFilter { Machine = "Edition" });
        Assert.Equal(1, total);
        Assert.Contains("¥300.00", rows[0].Reason);
        Assert.Equal(admin.Name, rows[0].ActorName);
    }

    [Fact]
    public async Task AQuotaNeverGoesBelowThePlacesTakenAndANewSubDelegationGetsItsQuota()
    {
        var admin = await _app.ActorAsync("admin");
        var ids = await _app.PersonsAwaitingReviewAsync(2); // two staff places of 上海交易团
        var sh = (await Admin.QuotasAsync(admin)).Single(q => q.Code == "SH");
        Assert.Equal(2, sh.StaffUsed);

        var below = await Assert.ThrowsAsync<DomainException>(() => Admin.SetQuotaAsync(admin, sh.DelegationId, 10, 1));
        Assert.Contains("已使用", below.Message);
        await Admin.SetQuotaAsync(admin, sh.DelegationId, 10, 2);
        Assert.Equal((10, 2), (await Admin.QuotasAsync(admin)).Where(q => q.Code == "SH").Select(q => (q.VipQuota, q.StaffQuota)).Single());
        // The quota is full now: tagging one more staff is refused by the domain.
        var more = await Assert.ThrowsAsync<DomainException>(() => _app.PersonsAwaitingReviewAsync(1));
        Assert.Contains("名额已满", more.Message);

        var id = await Admin.AddDelegationAsync(admin, "sh-jd", "上海交易团嘉定分团", "Shanghai Delegation – Jiading", sh.DelegationId, 5, 6);
        var rows = await Admin.QuotasAsync(admin);
        var jd = rows.Single(q => q.DelegationId == id);
        Assert.Equal(("SH-JD", sh.DelegationId, 5, 6), (jd.Code, jd.ParentId, jd.VipQuota, jd.StaffQuota));
        // Listed right under its delegation.
        var index = rows.ToList().FindIndex(q => q.Code == "SH");
        Assert.Contains(rows.Skip(index + 1).TakeWhile(q => q.ParentId == sh.DelegationId), q => q.Code == "SH-JD");
        Assert.Equal("Delegation.-.Add.UniqueCode", (await Assert.ThrowsAsync<DomainException>(() => Admin.AddDelegationAsync(admin, "SH-JD", "x", "x", null, 0, 0))).Code);
        Assert.Equal("Delegation.-.Add.Parent", (await Assert.ThrowsAsync<DomainException>(() => Admin.AddDelegationAsync(admin, "SH-JD-X", "x", "x", id, 0, 0))).Code);
        Assert.Equal("Delegation.-.Add.Code", (await Assert.ThrowsAsync<DomainException>(() => Admin.AddDelegationAsync(admin, "上海", "x", "x", null, 0, 0))).Code);
    }

    [Fact]
    public async Task TheAuditLogShowsEveryTransitionWithWhoFromAndToAndFilters()
    {
        var admin = await _app.ActorAsync("admin");
        var ids = await _app.PersonsAwaitingReviewAsync(1);
        var (rows, _) = await Admin.AuditAsync(admin, new AuditFilter { EntityId = ids[0] });
        Assert.Equal(["Tag", "Submit"], rows.Select(r => r.Trigger));
        var tag = rows[0];
        Assert.Equal(("Person", "AwaitingTag", "AwaitingReview"), (tag.Machine, tag.From, tag.To));
        Assert.Contains("上海交易团", tag.ActorName);
        var (byActor, total) = await Admin.AuditAsync(admin, new AuditFilter { Trigger = "Tag", Actor = tag.ActorName });
        Assert.True(total >= 1);
        Assert.All(byActor, r => Assert.Equal("Tag", r.Trigger));
        Assert.Contains("Person", await Admin.AuditMachinesAsync(admin));
    }

    [Theory]
    [InlineData("operator")]
    [InlineData("finance")]
    [InlineData("sh.reviewer")]
    [InlineData(DemoSeeder.VisitorCode)]
    public async Task OnlyAdministratorsConfigureAndReadTheAudit(string user)
    {
        var actor = await _app.ActorAsync(user);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Admin.EditionsAsync(actor));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Admin.QuotasAsync(actor));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Admin.AuditAsync(actor, new AuditFilter()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Admin.SetQuotaAsync(actor, Guid.NewGuid(), 1, 1));
    }

    public void Dispose() => _app.Dispose();
}

/// <summary>账号与角色: staff accounts created, locked, unlocked and given a new password on the real Identity store.</summary>
public sealed class AccountAdministration : IDisposable
{
    private readonly TestSupport.TestApp _app = new();
    private AccountAdminService Accounts => _app.Get<AccountAdminService>();

    [Fact]
    public async Task AReviewerAccountIsCreatedSignsInIsLockedOutAndGetsANewPassword()
    {
        var admin = await _app.ActorAsync("admin");
        using var http = TestSupport.SignIn.Client(_app);
        Guid shanghai;
        await using (var db = _app.Db()) shanghai = await db.Delegations.Where(d => d.Code == "SH").Select(d => d.Id).SingleAsync();

        Assert.Equal("delegation", (await Assert.ThrowsAsync<AccountInputException>(() => Accounts.CreateStaffAsync(admin, "sh.reviewer2", "上海审核二", Roles.Reviewer, null, "Review2027"))).Field);
        Assert.Equal("password", (await Assert.ThrowsAsync<AccountInputException>(() => Accounts.CreateStaffAsync(admin, "sh.reviewer2", "上海审核二", Roles.Reviewer, shanghai, "12345678"))).Field);
        Assert.Equal("userName", (await Assert.ThrowsAsync<AccountInputException>(() => Accounts.CreateStaffAsync(admin, "sh.reviewer", "重名", Roles.Reviewer, shanghai, "Review2027"))).Field);
        Assert.Equal("role", (await Assert.ThrowsAsync<AccountInputException>(() => Accounts.CreateStaffAsync(admin, "x.visitor", "单位", Roles.Visitor, null, "Review2027"))).Field);

        var id = await Accounts.CreateStaffAsync(admin, "sh.reviewer2", "上海审核二", Roles.Reviewer, shanghai, "Review2027");
        var row = (await Accounts.ListAsync(admin, Roles.Reviewer, "reviewer2")).Single();
        Assert.Equal(("上海审核二", "上海交易团", false), (row.DisplayName, row.Delegation, row.Locked));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await TestSupport.SignIn.PostLoginAsync(http, "sh.reviewer2", "Review2027")).StatusCode);
        var reviewer = await _app.ActorAsync("sh.reviewer2");
        Assert.Equal((ActorRole.Reviewer, (Guid?)shanghai), (reviewer.Role, reviewer.DelegationId));

        await Accounts.SetLockedAsync(admin, id, locked: true);
        Assert.True((await Accounts.ListAsync(admin, null, "reviewer2")).Single().Locked);
        var refused = await TestSupport.SignIn.PostLoginAsync(TestSupport.SignIn.Client(_app), "sh.reviewer2", "Review2027");
        Assert.Contains("/account/login", TestSupport.SignIn.PathOf(refused.Headers.Location) + (refused.StatusCode == System.Net.HttpStatusCode.OK ? "/account/login" : ""));
        await Accounts.SetLockedAsync(admin, id, locked: false);
        await Accounts.ResetPasswordAsync(admin, id, "Changed2027");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await TestSupport.SignIn.PostLoginAsync(TestSupport.SignIn.Client(_app), "sh.reviewer2", "Changed2027")).StatusCode);

        Assert.Equal("lock", (await Assert.ThrowsAsync<AccountInputException>(() => Accounts.SetLockedAsync(admin, admin.UserId, true))).Field);
        await using var check = _app.Db();
        Assert.Equal(["Create", "Lock", "Unlock", "ResetPassword"],
            await check.AuditRecords.Where(a => a.Machine == "Account" && a.EntityId == Guid.Parse(id)).OrderBy(a => a.Id).Select(a => a.Trigger).ToListAsync());
        var op = await _app.ActorAsync("operator");
        await Assert.ThrowsAsync<AccessDeniedException>(() => Accounts.ListAsync(op, null, null));
    }

    public void Dispose() => _app.Dispose();
}
