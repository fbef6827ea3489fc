using System.Text;
using System.Text.RegularExpressions;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Accounts;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CiieBlazor.Tests.Features;

/// <summary>
/// 手机验证码 / 邮箱验证码 for previous-edition visitors on a test-driven clock: 6 digits, 10 minutes, 5 wrong tries,
/// one send a minute and 10 a day per phone/email and per client address, hashed, sent through the outbox.
/// </summary>
public sealed partial class VerificationCodeRules : IDisposable
{
    /// <summary>09:00 China time on 1 Oct 2027.</summary>
    internal static readonly DateTimeOffset Start = new(2027, 10, 1, 1, 0, 0, TimeSpan.Zero);
    private const string Client = "203.0.113.7";

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly TestApp _app;

    public VerificationCodeRules() => _app = new TestApp(_clock);

    private VerificationCodeService Codes => _app.Get<VerificationCodeService>();

    private Task<CodeSent> SendAsync(MessageChannel channel = MessageChannel.Email, string account = DemoSeeder.PreviousVisitorCode, string client = Client) =>
        Codes.SendAsync(channel, account, client);

    /// <summary>The code in the newest outbox message to that recipient (what the visitor reads on the phone or in the mailbox).</summary>
    internal static async Task<string> CodeFromOutboxAsync(TestApp app, string recipient)
    {
        await using var db = app.Db();
        // Recipients are encrypted at rest: the outbox finds one through its blind index.
        var index = db.RecipientIndexOf(recipient);
        var bodies = await db.Outbox.AsNoTracking().Where(m => EF.Property<string>(m, AppDbContext.RecipientIndex) == index && m.Kind == "VerificationCode").Select(m => new { m.Body, m.CreatedAt, m.Id }).ToListAsync();
        var newest = bodies.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Last();
        var match = CodePattern().Match(newest.Body);
        Assert.True(match.Success, "no 6-digit code in: " + newest.Body);
        return match.Groups[1].Value;
    }

    private static string Wrong(string code) => ((int.Parse(code) + 1) % 1_000_000).ToString("D6");

    [Fact]
    [Trait("Database", "SqliteOnly")] // reads the stored row straight from the SQLite file
    public async Task AnEmailCodeWritesOneOutboxMessageAndOnlyAHashInTheSameSave()
    {
        var sent = await SendAsync();

        Assert.Equal(Start + TimeSpan.FromMinutes(10), sent.ExpiresAt);
        Assert.NotEqual(DemoSeeder.PreviousVisitorEmail, sent.MaskedTarget);
        Assert.EndsWith("@example.com", sent.MaskedTarget);
        Assert.Contains("***", sent.MaskedTarget);

        await using var db = _app.Db();
        var message = Assert.Single(await db.Outbox.AsNoTracking().Where(m => m.Kind == "VerificationCode").ToListAsync());
        Assert.Equal((MessageChannel.Email, DemoSeeder.PreviousVisitorEmail), (message.Channel, message.Recipient));
        var code = await CodeFromOutboxAsync(_app, DemoSeeder.PreviousVisitorEmail);
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Contains("10分钟", message.Body);

        var record = Assert.Single(await db.VerificationCodes.AsNoTracking().ToListAsync());
        // The record keeps the blind index of the address, not the address.
        Assert.Equal((MessageChannel.Email, db.RecipientIndexOf(DemoSeeder.PreviousVisitorEmail), Client), (record.Channel, record.Target, record.ClientAddress));
        Assert.DoesNotContain("@", record.Target);
        Assert.Equal(message.OrganisationId, record.OrganisationId);
        Assert.Equal(message.CreatedAt, record.CreatedAt); // written together
        Assert.Equal(Start + TimeSpan.FromMinutes(10), record.ExpiresAt);
        Assert.NotEmpty(record.Salt);
        Assert.True(record.Hash.Length >= 32, "a real hash, not the code");
        Assert.False(record.Hash.AsSpan().IndexOf(Encoding.ASCII.GetBytes(code)) >= 0, "the hash contains the code's bytes");
        Assert.NotEqual(Encoding.ASCII.GetBytes(code), record.Hash);
        Assert.NotEqual(Encoding.UTF8.GetBytes(code), record.Hash);

        // Nowhere in the stored row, in any column, as text or bytes.
        var table = db.Model.FindEntityType(typeof(VerificationCodeRecord))!.GetTableName();
        await using var connection = new SqliteConnection($"Data Source={_app.DatabaseFile}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\"";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var value = reader.GetValue(i);
                if (value is string s) Assert.DoesNotContain(code, s);
                if (value is byte[] b)
                {
                    Assert.True(b.AsSpan().IndexOf(Encoding.ASCII.GetBytes(code)) < 0, $"column {reader.GetName(i)} holds the code");
                    Assert.True(b.AsSpan().IndexOf(Encoding.Unicode.GetBytes(code)) < 0, $"column {reader.GetName(i)} holds the code");
                }
            }
        }
        Assert.Equal(1, rows);
    }

    [Fact]
    public async Task AnSmsCodeGoesToThePreviousEditionsMobileAndWorksOnlyOnThatChannel()
    {
        var sent = await SendAsync(MessageChannel.Sms);

        Assert.Equal("139****9001", sent.MaskedTarget);
        await using (var db = _app.Db())
        {
            var message = Assert.Single(await db.Outbox.AsNoTracking().Where(m => m.Kind == "VerificationCode").ToListAsync());
            Assert.Equal((MessageChannel.Sms, DemoSeeder.PreviousVisitorMobile), (message.Channel, message.Recipient));
        }
        var code = await CodeFromOutboxAsync(_app, DemoSeeder.PreviousVisitorMobile);

        await Assert.ThrowsAsync<VerificationRefusedException>(() => Codes.VerifyAsync(MessageChannel.Email, DemoSeeder.PreviousVisitorCode, code));
        var organisationId = await Codes.VerifyAsync(MessageChannel.Sms, DemoSeeder.PreviousVisitorCode.ToLowerInvariant(), code);

        await using var check = _app.Db();
        Assert.Equal(DemoSeeder.PreviousVisitorCode, (await check.Organisations.SingleAsync(o => o.Id == organisationId)).Code);
    }

    [Fact]
    public async Task ASecondSendWithinAMinuteIsRefusedAndAllowedAfter61Seconds()
    {
        await SendAsync();
        _clock.Advance(TimeSpan.FromSeconds(59));

        var refused = await Assert.ThrowsAsync<VerificationRefusedException>(() => SendAsync());
        Assert.Contains("1分钟", refused.Message);
        // Not on the other channel of the same account from the same address either.
        await Assert.ThrowsAsync<VerificationRefusedException>(() => SendAsync(MessageChannel.Sms));

        _clock.Advance(TimeSpan.FromSeconds(2));
        await SendAsync();

        await using var db = _app.Db();
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.Kind == "VerificationCode"));
        Assert.Equal(2, await db.VerificationCodes.CountAsync());
    }

    [Fact]
    public async Task TheEleventhSendInADayIsRefusedAndTheNextDayItIsAllowed()
    {
        for (var i = 0; i < 10; i++)
        {
            await SendAsync();
            _clock.Advance(TimeSpan.FromSeconds(61));
        }

        var refused = await Assert.ThrowsAsync<VerificationRefusedException>(() => SendAsync());
        Assert.Contains("10", refused.Message);
        await using (var db = _app.Db())
        {
            Assert.Equal(10, await db.Outbox.CountAsync(m => m.Kind == "VerificationCode"));
        }

        // Still refused a second before the first send is a day old; allowed once it is.
        _clock.SetUtcNow(Start + TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<VerificationRefusedException>(() => SendAsync());
        _clock.SetUtcNow(Start + TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        await SendAsync();
    }

    [Fact]
    public async Task ClientAddressesAreLimitedIndependentlyAndOneAddressIsLimitedAcrossAccounts()
    {
        const string other = "198.51.100.20";
        await SendAsync(client: Client);

        // Same phone/email from another address within the minute: the target's limit applies.
        await Assert.ThrowsAsync<VerificationRefusedException>(() => SendAsync(client: other));
        // Another account from the same address within the minute: the address's limit applies.
        await Assert.ThrowsAsync<VerificationRefusedException>(() => SendAsync(MessageChannel.Email, DemoSeeder.VisitorCode, Client));
        // Another account from another address: nothing limits it.
        await SendAsync(MessageChannel.Email, DemoSeeder.VisitorCode, other);

        _clock.Advance(TimeSpan.FromSeconds(61));
        for (var i = 1; i < 10; i++)
        {
            await SendAsync(client: Client);
            _clock.Advance(TimeSpan.FromSeconds(61));
        }
        // The address has had 10 today: refused for a different account too.
        var refused = await Assert.ThrowsAsync<VerificationRefusedException>(() => SendAsync(MessageChannel.Sms, DemoSeeder.VisitorCode, Client));
        Assert.Contains("10", refused.Message);
        // A fresh address is not limited by the first one...
        await SendAsync(MessageChannel.Sms, DemoSeeder.VisitorCode, "192.0.2.99");
        _clock.Advance(TimeSpan.FromSeconds(61));
        // ...but the previous visitor's email has had 10 today, whatever the address.
        await Assert.ThrowsAsync<VerificationRefusedException>(() => SendAsync(client: "192.0.2.100"));
    }

    [Fact]
    public async Task ACodeIsValidForJustUnderTenMinutes()
    {
        await SendAsync();
        var code = await CodeFromOutboxAsync(_app, DemoSeeder.PreviousVisitorEmail);
        _clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));

        await Codes.VerifyAsync(MessageChannel.Email, DemoSeeder.PreviousVisitorCode, code);
    }

    [Fact]
    public async Task ACodeHasExpiredAfterTenMinutes()
    {
        await SendAsync();
        var code = await CodeFromOutboxAsync(_app, DemoSeeder.PreviousVisitorEmail);
        _clock.Advance(TimeSpan.FromMinutes(10));

        var refused = await Assert.ThrowsAsync<VerificationRefusedException>(() => Codes.VerifyAsync(MessageChannel.Email, DemoSeeder.PreviousVisitorCode, code));
        Assert.Contains("过期", refused.Message);
    }

    [Fact]
    public async Task AfterFiveWrongTriesEvenTheRightCodeIsRefused()
    {
        await SendAsync();
        var code = await CodeFromOutboxAsync(_app, DemoSeeder.PreviousVisitorEmail);

        for (var i = 1; i <= 5; i++)
        {
            var wrong = await Assert.ThrowsAsync<VerificationRefusedException>(() => Codes.VerifyAsync(MessageChannel.Email, DemoSeeder.PreviousVisitorCode, Wrong(code)));
            if (i < 5) Assert.Contains($"还可尝试{5 - i}次", wrong.Message);
        }

        var refused = await Assert.ThrowsAsync<VerificationRefusedException>(() => Codes.VerifyAsync(MessageChannel.Email, DemoSeeder.PreviousVisitorCode, code));
        Assert.Contains("错误次数过多", refused.Message);
        await using var db = _app.Db();
        var record = await db.VerificationCodes.SingleAsync();
        Assert.Equal((5, null), (record.FailedAttempts, record.ConsumedAt));
    }

    [Fact]
    public async Task FourWrongTriesStillLeaveTheRightCodeUsable()
    {
        await SendAsync();
        var code = await CodeFromOutboxAsync(_app, DemoSeeder.PreviousVisitorEmail);
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<VerificationRefusedException>(() => Codes.VerifyAsync(MessageChannel.Email, DemoSeeder.PreviousVisitorCode, Wrong(code)));
        }

        await Codes.VerifyAsync(MessageChannel.Email, DemoSeeder.PreviousVisitorCode, code);
    }

    [Fact]
    public async Task TheRightCodeWorksOnce()
    {
        await SendAsync();
        var code = await CodeFromOutboxAsync(_app, DemoSeeder.PreviousVisitorEmail);

        await Codes.VerifyAsync(MessageChannel.Email, DemoSeeder.PreviousVisitorCode, $" {code} ");
        _clock.Advance(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<VerificationRefusedException>(() => Codes.VerifyAsync(MessageChannel.Email, DemoSeeder.PreviousVisitorCode, code));
        await using var db = _app.Db();
        Assert.Equal(Start, (await db.VerificationCodes.SingleAsync()).ConsumedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("abcdef")]
    [InlineData("１２３４５６")] // full-width digits
    [InlineData("<script>")]
    public async Task AMalformedCodeIsRefusedWithoutUsingATry(string code)
    {
        await SendAsync();

        var refused = await Assert.ThrowsAsync<VerificationRefusedException>(() => Codes.VerifyAsync(MessageChannel.Email, DemoSeeder.PreviousVisitorCode, code));

        Assert.Contains("6位数字", refused.Message);
        await using var db = _app.Db();
        Assert.Equal(0, (await db.VerificationCodes.SingleAsync()).FailedAttempts);
    }

    [Fact]
    public async Task VerifyingWithoutAnyCodeSentIsRefused()
    {
        var refused = await Assert.ThrowsAsync<VerificationRefusedException>(() => Codes.VerifyAsync(MessageChannel.Email, DemoSeeder.PreviousVisitorCode, "123456"));

        Assert.Contains("请先获取验证码", refused.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("91999999MA00000000")]
    public async Task AnUnknownAccountGetsNoCode(string account)
    {
        await Assert.ThrowsAsync<VerificationRefusedException>(() => SendAsync(account: account));

        await using var db = _app.Db();
        Assert.Equal(0, await db.Outbox.CountAsync(m => m.Kind == "VerificationCode"));
        Assert.Equal(0, await db.VerificationCodes.CountAsync());
    }

    [GeneratedRegex(@"验证码\s*([0-9]{6})")]
    private static partial Regex CodePattern();

    public void Dispose() => _app.Dispose();
}
