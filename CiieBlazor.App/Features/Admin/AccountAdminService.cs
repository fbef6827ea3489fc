using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Admin;

/// <summary>One consent of an organisation as the administrator sees it.</summary>
public sealed record ConsentRow(DateTimeOffset At, CiieBlazor.Domain.Privacy.ConsentSubject Subject, string PolicyVersion, string UserName, string? ClientAddress);

public sealed record AccountRow(string Id, string UserName, string DisplayName, string Role, string? Delegation, bool Locked, DateTimeOffset CreatedAt);

/// <summary>A field and its message, for a form that shows it next to the field.</summary>
public sealed class AccountInputException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// 账号与角色 for administrators: staff accounts (reviewer of one delegation, operator, finance, admin) are created here
/// with a first password; any account can be locked or unlocked and given a new password. Visitor accounts are made by
/// registration. Every change is audited; an administrator cannot lock themself out.
/// </summary>
public sealed class AccountAdminService(IDbContextFactory<AppDbContext> dbs, IServiceScopeFactory scopes, AccessGuard access, TimeProvider clock,
    ILogger<AccountAdminService> logger)
{
    public static readonly string[] StaffRoles = [Roles.Reviewer, Roles.Operator, Roles.Finance, Roles.Admin];

    public async Task<IReadOnlyList<AccountRow>> ListAsync(Actor actor, string? role, string? keyword, int take = 200, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = from u in db.Users.AsNoTracking()
                join ur in db.UserRoles on u.Id equals ur.UserId
                join r in db.Roles on ur.RoleId equals r.Id
                join d in db.Delegations on u.DelegationId equals d.Id into ds
                from d in ds.DefaultIfEmpty()
                select new { u, Role = r.Name!, Delegation = d == null ? null : d.NameZh };
        if (!string.IsNullOrWhiteSpace(role)) q = q.Where(x => x.Role == role);
        if (!string.IsNullOrWhiteSpace(keyword)) q = q.Where(x => x.u.UserName!.Contains(keyword.Trim()) || x.u.DisplayName.Contains(keyword.Trim()));
        var rows = await q.OrderBy(x => x.Role).ThenBy(x => x.u.UserName).Take(Math.Clamp(take, 1, 1000)).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return rows.Select(x => new AccountRow(x.u.Id, x.u.UserName!, x.u.DisplayName, x.Role, x.Delegation, x.u.LockoutEnd is { } end && end > now, x.u.CreatedAt)).ToList();
    }

    /// <summary>
    /// 同意记录: the privacy consents of the organisation the account belongs to (any of its accounts), newest first;
    /// empty for a staff account.
    /// </summary>
    public async Task<IReadOnlyList<ConsentRow>> ConsentsAsync(Actor actor, string userId, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Admin);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var organisationId = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).SingleOrDefaultAsync(ct);
        if (organisationId is null) return [];
        var rows = await (from c in db.ConsentRecords.AsNoTracking()
                          where c.OrganisationId == organisationId
                          join u in db.Users on c.UserId equals u.Id into us
                          from u in us.DefaultIfEmpty()
                          orderby c.At descending
                          select new { c, UserName = u == null ? null : u.UserName }).Take(500).ToListAsync(ct);
        return rows.Select(x => new ConsentRow(x.c.At, x.c.Subject, x.c.PolicyVersion, x.UserName ?? x.c.UserId, x.c.ClientAddress)).ToList();
    }

    public async Task<string> CreateStaffAsync(Actor actor, string userName, string displayName, string role, Guid? delegationId, string password, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Admin);
        userName = (userName ?? "").Trim();
        if (userName.Length is < 3 or > 50 || !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            throw new AccountInputException("userName", "登录名为3–50位字母、数字或 . - _ (a sign-in name is 3–50 letters, digits or . - _)");
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > 100) throw new AccountInputException("displayName", "请填写姓名或名称（不超过100字） (a name is required)");
        if (!StaffRoles.Contains(role)) throw new AccountInputException("role", "请选择角色 (choose a role)");
        if (role == Roles.Reviewer && delegationId is null) throw new AccountInputException("delegation", "审核员须指定交易团（分团） (a reviewer reviews one delegation)");
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            if (delegationId is { } d && !await db.Delegations.AnyAsync(x => x.Id == d, ct)) throw new AccountInputException("delegation", "交易团不存在 (no such delegation)");
        }
        CheckPassword(password);
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByNameAsync(userName) is not null) throw new AccountInputException("userName", $"登录名 {userName} 已被使用 (the sign-in name is taken)");
        var user = new AppUser
        {
            UserName = userName, DisplayName = displayName.Trim(), DelegationId = role == Roles.Reviewer ? delegationId : null, CreatedAt = clock.GetUtcNow(), LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user, password ?? "");
        if (!created.Succeeded) throw new AccountInputException("password", PasswordMessage(created));
        await users.AddToRoleAsync(user, role);
        await AuditAsync(actor, user.Id, "Create", $"{userName} ({role})", ct);
        logger.LogInformation("{ActorId} created the {Role} account {UserId}.", actor.UserId, role, user.Id);
        return user.Id;
    }

    /// <summary>停用 / 启用: a locked account cannot sign in until unlocked.</summary>
    public async Task SetLockedAsync(Actor actor, string userId, bool locked, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Admin);
        if (locked && userId == actor.UserId) throw new AccountInputException("lock", "不能停用自己的账号 (you cannot lock yourself out)");
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new AccountInputException("lock", "账号不存在 (no such account)");
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        if (!locked) await users.ResetAccessFailedCountAsync(user);
        await users.UpdateSecurityStampAsync(user); // signs the account out of new requests
        await AuditAsync(actor, user.Id, locked ? "Lock" : "Unlock", user.UserName ?? "", ct);
    }

    /// <summary>重置密码 to one the administrator hands over.</summary>
    public async Task ResetPasswordAsync(Actor actor, string userId, string newPassword, CancellationToken ct = default)
    {
        access.EnsureRole(actor, ActorRole.Admin);
        CheckPassword(newPassword);
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new AccountInputException("password", "账号不存在 (no such account)");
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, newPassword ?? "");
        if (!result.Succeeded) throw new AccountInputException("password", PasswordMessage(result));
        await AuditAsync(actor, user.Id, "ResetPassword", user.UserName ?? "", ct);
    }

    private const string PasswordRule = "密码至少8位，须包含字母和数字 (at least 8 characters with letters and digits)";

    /// <summary>The same rule as registration: at least 8 characters with letters and digits.</summary>
    private static void CheckPassword(string? password)
    {
        if (password is null || password.Length is < 8 or > 100 || !password.Any(char.IsAsciiLetter) || !password.Any(char.IsAsciiDigit))
            throw new AccountInputException("password", PasswordRule);
    }

    private static string PasswordMessage(IdentityResult result) =>
        result.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal))
            ? PasswordRule
            : string.Join("; ", result.Errors.Select(e => e.Description));

    private async Task AuditAsync(Actor actor, string userId, string trigger, string details, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.AuditRecords.Add(new AuditRecord
        {
            Machine = "Account", EntityId = Guid.TryParse(userId, out var id) ? id : Guid.Empty, From = "", To = "", Trigger = trigger, ActorId = actor.UserId,
            ActorName = actor.Name, At = clock.GetUtcNow(), Reason = details,
        });
        await db.SaveChangesAsync(ct);
    }
}
