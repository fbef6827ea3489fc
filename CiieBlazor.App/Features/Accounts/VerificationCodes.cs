using System.Security.Cryptography;
using System.Text;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Organisations;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Accounts;

/// <summary>A verification request refused with a message for the page (rate limit, wrong or expired code).</summary>
public sealed class VerificationRefusedException(string message) : Exception(message);

public sealed record CodeSent(string MaskedTarget, DateTimeOffset ExpiresAt);

/// <summary>
/// 手机验证码 / 邮箱验证码 for previous-edition visitors: 6 digits, valid 10 minutes, at most 5 wrong tries per
/// code, at most one send per minute and 10 per day per phone/email and per client address; only a salted hash
/// is stored. The code goes out through the notification outbox, written in the same save.
/// </summary>
public sealed class VerificationCodeService(
    IDbContextFactory<AppDbContext> dbs,
    OutboxDispatcher dispatcher,
    TimeProvider clock,
    ILogger<VerificationCodeService> logger)
{
    public static readonly TimeSpan Validity = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(1);
    public const int MaxPerDay = 10;
    public const int MaxWrongTries = 5;

    /// <summary>Check and insert happen one send at a time, or a burst of sends would all pass the check before any is
    /// saved (Security/VerificationCodeBurst). Sends are rare, so one gate per instance costs nothing; several instances
    /// each have their own gate (at most one extra code per instance in a burst).</summary>
    private readonly SemaphoreSlim _sendGate = new(1, 1);

    public async Task<CodeSent> SendAsync(MessageChannel channel, string account, string clientAddress, CancellationToken ct = default)
    {
        await _sendGate.WaitAsync(ct);
        try
        {
            return await SendOneAsync(channel, account, clientAddress, ct);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    private async Task<CodeSent> SendOneAsync(MessageChannel channel, string account, string clientAddress, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (organisation, target) = await FindTargetAsync(db, channel, account, ct);
        clientAddress = string.IsNullOrWhiteSpace(clientAddress) ? "unknown" : clientAddress.Trim();

        var dayAgo = now - TimeSpan.FromDays(1);
        // The phone or email itself is not kept here: its blind index identifies it for the limits and the check.
        var targetIndex = db.RecipientIndexOf(target);
        var recentForTarget = await db.VerificationCodes.Where(c => c.Target == targetIndex && c.CreatedAt > dayAgo).Select(c => c.CreatedAt).ToListAsync(ct);
        var recentForClient = await db.VerificationCodes.Where(c => c.ClientAddress == clientAddress && c.CreatedAt > dayAgo).Select(c => c.CreatedAt).ToListAsync(ct);
        if (recentForTarget.Any(t => t > now - MinInterval) || recentForClient.Any(t => t > now - MinInterval))
        {
            throw new VerificationRefusedException("验证码发送过于频繁，请1分钟后再试 (one code per minute; please wait)");
        }
        if (recentForTarget.Count >= MaxPerDay || recentForClient.Count >= MaxPerDay)
        {
            throw new VerificationRefusedException("今日验证码发送次数已达上限（10次），请明天再试或致电客服 (at most 10 codes a day)");
        }

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var salt = RandomNumberGenerator.GetBytes(16);
        db.VerificationCodes.Add(new VerificationCodeRecord
        {
            Channel = channel,
            Target = targetIndex,
            OrganisationId = organisation.Id,
            ClientAddress = clientAddress,
            Salt = salt,
            Hash = Hash(salt, code),
            CreatedAt = now,
            ExpiresAt = now + Validity,
        });
        var text = $"【进博会】您正在验证往届专业观众账号（{organisation.Name}），验证码 {code}，10分钟内有效。如非本人操作请忽略。" +
                   $" CIIE verification code: {code} (valid 10 minutes).";
        OutboxWriter.Add(db, channel, target, "进博会专业观众账号验证码 / CIIE verification code", text, "VerificationCode", organisation.Id, now);
        await db.SaveChangesAsync(ct);
        dispatcher.Wake();
        logger.LogInformation("Verification code sent by {Channel} for {Organisation}.", channel, organisation.Code);
        return new CodeSent(Mask(channel, target), now + Validity);
    }

    /// <summary>Checks the newest live code of the account on that channel; returns the organisation on success.</summary>
    public async Task<Guid> VerifyAsync(MessageChannel channel, string account, string code, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        code = (code ?? "").Trim();
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            throw new VerificationRefusedException("验证码为6位数字 (the code has 6 digits)");
        }
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (organisation, target) = await FindTargetAsync(db, channel, account, ct);
        var targetIndex = db.RecipientIndexOf(target);
        var record = await db.VerificationCodes
            .Where(c => c.Target == targetIndex && c.OrganisationId == organisation.Id && c.Channel == channel && c.ConsumedAt == null)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(ct)
            ?? throw new VerificationRefusedException("请先获取验证码 (request a code first)");
        if (record.ExpiresAt <= now)
        {
            throw new VerificationRefusedException("验证码已过期，请重新获取 (the code has expired; request a new one)");
        }
        if (record.FailedAttempts >= MaxWrongTries)
        {
            throw new VerificationRefusedException("验证码错误次数过多，请重新获取 (too many wrong tries; request a new code)");
        }
        if (!CryptographicOperations.FixedTimeEquals(Hash(record.Salt, code), record.Hash))
        {
            record.FailedAttempts++;
            record.Version = Guid.NewGuid();
            await db.SaveChangesAsync(ct);
            var left = MaxWrongTries - record.FailedAttempts;
            throw new VerificationRefusedException(left > 0
                ? $"验证码错误，还可尝试{left}次 (wrong code; {left} tries left)"
                : "验证码错误次数过多，请重新获取 (too many wrong tries; request a new code)");
        }
        record.ConsumedAt = now;
        record.Version = Guid.NewGuid();
        await db.SaveChangesAsync(ct);
        return organisation.Id;
    }

    private static byte[] Hash(byte[] salt, string code) => SHA256.HashData([.. salt, .. Encoding.ASCII.GetBytes(code)]);

    /// <summary>The phone or email on file: the contact of the organisation's newest registration.</summary>
    private static async Task<(Organisation Organisation, string Target)> FindTargetAsync(AppDbContext db, MessageChannel channel, string account, CancellationToken ct)
    {
        var code = Organisation.NormaliseCode(account);
        if (code.Length == 0) throw new VerificationRefusedException("请输入往届专业观众账号 (enter your previous account)");
        var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Code == code, ct)
            ?? throw new VerificationRefusedException("未找到该往届专业观众账号 (no previous account with this code)");
        var contacts = await (
            from r in db.Registrations.AsNoTracking()
            join e in db.Editions.AsNoTracking() on r.EditionId equals e.Id
            where r.OrganisationId == organisation.Id
            orderby e.Number descending
            select new { r.ContactMobile, r.ContactEmail }).ToListAsync(ct);
        var target = channel == MessageChannel.Sms
            ? contacts.Select(c => c.ContactMobile).FirstOrDefault(m => !string.IsNullOrWhiteSpace(m))
            : contacts.Select(c => c.ContactEmail?.Trim().ToLowerInvariant()).FirstOrDefault(m => !string.IsNullOrWhiteSpace(m));
        return target is null
            ? throw new VerificationRefusedException(channel == MessageChannel.Sms
                ? "该账号没有登记手机号，请使用其他验证方式 (no mobile on file; use another way)"
                : "该账号没有登记邮箱，请使用其他验证方式 (no email on file; use another way)")
            : (organisation, target);
    }

    public static string Mask(MessageChannel channel, string target)
    {
        if (channel == MessageChannel.Sms) return Masking.Phone(target);
        var at = target.IndexOf('@');
        return at <= 1 ? "***" + target[Math.Max(at, 0)..] : target[0] + "***" + target[(at - 1)..];
    }
}
