using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Accounts;

/// <summary>The signed-in account as 账户管理 shows it.</summary>
public sealed record AccountProfile(string UserName, string DisplayName, string? Phone, string? Email);

/// <summary>One row of 登录记录.</summary>
public sealed record SignInRow(long Id, DateTimeOffset At, string ClientAddress, string UserAgent, SignInOutcome Outcome);

public sealed record SignInHistoryPage(IReadOnlyList<SignInRow> Rows, int Total);

/// <summary>
/// 账户管理 for every signed-in user: change the password (Identity checks the current one and the site's rules),
/// change the contact mobile and email, and read one's own sign-in history. Each user reaches only their own
/// account: the actor's id is the only key, never one the page passes. Every sign-in attempt of the login page is
/// recorded here (<see cref="RecordSignInAsync"/>).
/// </summary>
public sealed class AccountService(IServiceScopeFactory scopes, IDbContextFactory<AppDbContext> dbs, TimeProvider clock, ILogger<AccountService> logger)
{
    public const int MaxHistoryPageSize = 100;

    public async Task<AccountProfile> ProfileAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == actor.UserId, ct) ?? throw NoAccount(actor);
        return new AccountProfile(user.UserName ?? "", user.DisplayName, user.PhoneNumber, user.Email);
    }

    /// <summary>修改密码: a wrong current password is refused on that field; afterwards only the new one signs in.</summary>
    public async Task ChangePasswordAsync(Actor actor, ChangePasswordInput input, CancellationToken ct = default)
    {
        await ValidateAsync(new ChangePasswordInputValidator(), input, ct);
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(actor.UserId) ?? throw NoAccount(actor);
        var result = await users.ChangePasswordAsync(user, input.CurrentPassword!, input.NewPassword!);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                logger.LogWarning("Password change refused for {UserId}: wrong current password.", user.Id);
                throw Invalid(nameof(ChangePasswordInput.CurrentPassword), "当前密码错误 (the current password is wrong)");
            }
            throw Invalid(nameof(ChangePasswordInput.NewPassword), string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        logger.LogInformation("{UserId} changed their password.", user.Id);
        await AuditAsync(actor, user.Id, "ChangePassword", null, ct);
    }

    /// <summary>修改联系方式: the mobile and email the account is reached at.</summary>
    public async Task<AccountProfile> ChangeContactAsync(Actor actor, ContactInput input, CancellationToken ct = default)
    {
        await ValidateAsync(new ContactInputValidator(), input, ct);
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(actor.UserId) ?? throw NoAccount(actor);
        var phone = input.Phone!.Trim();
        var email = input.Email!.Trim();
        var changed = new List<string>();
        if (user.PhoneNumber != phone)
        {
            user.PhoneNumber = phone;
            user.PhoneNumberConfirmed = false;
            changed.Add("Phone");
        }
        if (user.Email != email)
        {
            user.Email = email;
            user.NormalizedEmail = users.NormalizeEmail(email);
            user.EmailConfirmed = false;
            changed.Add("Email");
        }
        if (changed.Count > 0)
        {
            var result = await users.UpdateAsync(user);
            if (!result.Succeeded) throw Invalid(nameof(ContactInput.Email), string.Join(" ", result.Errors.Select(e => e.Description)));
            await AuditAsync(actor, user.Id, "ChangeContact", string.Join(", ", changed), ct);
        }
        return new AccountProfile(user.UserName ?? "", user.DisplayName, user.PhoneNumber, user.Email);
    }

    /// <summary>登录记录: the signed-in user's own attempts, newest first (page is 0-based).</summary>
    public async Task<SignInHistoryPage> HistoryAsync(Actor actor, int page, int pageSize, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(actor.UserId)) throw NoAccount(actor);
        var size = Math.Clamp(pageSize, 1, MaxHistoryPageSize);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var mine = db.SignInRecords.AsNoTracking().Where(r => r.UserId == actor.UserId);
        var total = await mine.CountAsync(ct);
        var rows = await mine.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Skip(Math.Max(page, 0) * size).Take(size)
            .Select(r => new SignInRow(r.Id, r.At, r.ClientAddress, r.UserAgent, r.Outcome)).ToListAsync(ct);
        return new SignInHistoryPage(rows, total);
    }

    /// <summary>Called by the login page for every attempt, whatever its outcome.</summary>
    public async Task RecordSignInAsync(string? userId, string userName, SignInOutcome outcome, string? clientAddress, string? userAgent, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.SignInRecords.Add(new SignInRecord
        {
            UserId = userId,
            UserName = Cut(userName, SignInRecord.MaxUserNameLength),
            At = clock.GetUtcNow(),
            ClientAddress = Cut(clientAddress, SignInRecord.MaxClientAddressLength),
            UserAgent = Cut(userAgent, SignInRecord.MaxUserAgentLength),
            Outcome = outcome,
        });
        await db.SaveChangesAsync(ct);
    }

    private static string Cut(string? text, int max) => string.IsNullOrEmpty(text) ? "" : text.Length <= max ? text : text[..max];

    private static async Task ValidateAsync<T>(IValidator<T> validator, T input, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(input, ct);
        if (!result.IsValid) throw new ValidationException(result.Errors);
    }

    private static ValidationException Invalid(string field, string message) => new([new ValidationFailure(field, message)]);

    private static AccessDeniedException NoAccount(Actor actor) => new($"未找到登录账号 {actor.UserId} (no such account)");

    private async Task AuditAsync(Actor actor, string userId, string trigger, string? reason, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.AuditRecords.Add(new AuditRecord
        {
            Machine = "Account", EntityId = Guid.TryParse(userId, out var id) ? id : Guid.Empty, From = "", To = "", Trigger = trigger,
            ActorId = actor.UserId, ActorName = actor.Name, At = clock.GetUtcNow(), Reason = reason,
        });
        await db.SaveChangesAsync(ct);
    }
}
