using CiieBlazor.App.Hosting;
using CiieBlazor.App.Data;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Organisations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Accounts;

public enum VerificationWay
{
    /// <summary>账号密码验证</summary>
    Password,
    /// <summary>手机验证码验证</summary>
    Sms,
    /// <summary>邮箱验证</summary>
    Email,
}

public sealed record PreviousEditionResult(string UserId, Guid OrganisationId, Guid RegistrationId, bool CarriedOver);

/// <summary>
/// 我是往届进博会观众: verifies a previous account (password, SMS code or email code) and carries the newest
/// previous registration's organisation data into a new registration for the current edition, for review and update.
/// </summary>
public sealed class PreviousEditionService(
    IServiceScopeFactory scopes,
    VerificationCodeService codes,
    ClientLimits limits,
    ChangeNotifier notifier,
    ILogger<PreviousEditionService> logger)
{
    /// <param name="clientAddress">The circuit's remote address: password checks per address share the sign-in limit
    /// (Security:RateLimits:SignIn); null counts as one shared "unknown" address.</param>
    public async Task<PreviousEditionResult> VerifyByPasswordAsync(string account, string password, string? clientAddress = null, CancellationToken ct = default)
    {
        if (!limits.TryAcquire(ClientLimit.SignIn, clientAddress))
        {
            throw new VerificationRefusedException("该网络地址验证尝试过于频繁，请1分钟后再试 (too many attempts from your network address; please wait a minute)");
        }
        using var scope = scopes.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        var user = await users.FindByNameAsync(Organisation.NormaliseCode(account ?? ""));
        if (user?.OrganisationId is null || string.IsNullOrEmpty(password))
        {
            throw new VerificationRefusedException("往届专业观众账号或密码错误 (wrong previous account or password)");
        }
        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (check.IsLockedOut) throw new VerificationRefusedException("账号因多次密码错误已被锁定，请15分钟后再试或使用验证码验证 (the account is locked; try again later or use a code)");
        if (!check.Succeeded) throw new VerificationRefusedException("往届专业观众账号或密码错误 (wrong previous account or password)");
        return await CarryOverAsync(user.OrganisationId.Value, ct);
    }

    public async Task<PreviousEditionResult> VerifyByCodeAsync(VerificationWay way, string account, string code, CancellationToken ct = default)
    {
        var channel = way == VerificationWay.Sms ? MessageChannel.Sms : MessageChannel.Email;
        var organisationId = await codes.VerifyAsync(channel, account, code, ct);
        return await CarryOverAsync(organisationId, ct);
    }

    /// <summary>Creates this edition's registration from the newest previous one, unless it exists already.</summary>
    public async Task<PreviousEditionResult> CarryOverAsync(Guid organisationId, CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.OrganisationId == organisationId, ct)
            ?? throw new VerificationRefusedException("该单位没有登录账号，请联系客服 (this organisation has no account; call the hotline)");
        var current = await db.Editions.SingleAsync(e => e.IsCurrent, ct);
        var existing = await db.Registrations.AsNoTracking().SingleOrDefaultAsync(r => r.OrganisationId == organisationId && r.EditionId == current.Id, ct);
        if (existing is not null)
        {
            return new PreviousEditionResult(user.Id, organisationId, existing.Id, false);
        }
        var previous = await (
            from r in db.Registrations.AsNoTracking()
            join e in db.Editions.AsNoTracking() on r.EditionId equals e.Id
            where r.OrganisationId == organisationId && e.Number < current.Number
            orderby e.Number descending
            select r).FirstOrDefaultAsync(ct)
            ?? throw new VerificationRefusedException("未找到往届注册信息，请使用“新用户注册” (no previous registration found; register as a new user)");

        var registration = OrganisationRegistration.CarryOver(previous, current.Id);
        db.Registrations.Add(registration);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Verified twice at the same moment: the other one created it (one registration per edition, unique index).
            using var again = scopes.CreateScope();
            var created = await again.ServiceProvider.GetRequiredService<AppDbContext>().Registrations.AsNoTracking()
                .SingleOrDefaultAsync(r => r.OrganisationId == organisationId && r.EditionId == current.Id, ct);
            if (created is null) throw;
            return new PreviousEditionResult(user.Id, organisationId, created.Id, false);
        }
        notifier.Publish(Topics.Organisation(organisationId), Topics.Delegation(registration.DelegationId));
        logger.LogInformation("Previous-edition data of {Organisation} carried into edition {Edition}.", organisationId, current.Number);
        return new PreviousEditionResult(user.Id, organisationId, registration.Id, true);
    }
}
