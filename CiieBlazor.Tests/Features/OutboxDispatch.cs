using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Accounts;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CiieBlazor.Tests.Features;

/// <summary>
/// The outbox dispatcher, driven by hand: the app is started without its background loop so that each
/// <see cref="OutboxDispatcher.DispatchDueAsync"/> call is the only sender.
/// </summary>
public sealed class OutboxDispatch : IDisposable
{
    private readonly FakeTimeProvider _clock = new(VerificationCodeRules.Start);
    private readonly TestApp _app;
    private readonly WebApplicationFactory<Program> _host;

    public OutboxDispatch()
    {
        _app = new TestApp(_clock);
        var removed = 0;
        _host = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            removed = AppBackgroundServices.Remove(services, _ => true);
        }));
        _ = _host.Services; // start it
        // The app's own background services (outbox, payment applier, gate scan log, draft writer, Redis backplane,
        // personal-data rewrap, personal data retention, SQLite checkpointer) are off: this test drives the outbox by hand.
        Assert.Equal(8, removed);
    }

    private AppDbContext Db() => _host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    private OutboxDispatcher Dispatcher(ISmsSender sms, IEmailSender email) =>
        new(_host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), sms, email, _clock, NullLogger<OutboxDispatcher>.Instance);

    private async Task<OutboxMessage> WriteAsync(MessageChannel channel, string recipient, string body)
    {
        await using var db = Db();
        var message = OutboxWriter.Add(db, channel, recipient, "进博会通知", body, "Test", null, _clock.GetUtcNow());
        await db.SaveChangesAsync();
        return message;
    }

    private sealed class FailingSender : ISmsSender, IEmailSender
    {
        public int Calls { get; private set; }

        public Task SendAsync(OutgoingMessage message, CancellationToken ct)
        {
            Calls++;
            throw new HttpRequestException("短信网关不可用 (gateway 503)");
        }
    }

    [Fact]
    public async Task DueMessagesAreDeliveredOnceThroughTheirChannel()
    {
        var sms = await WriteAsync(MessageChannel.Sms, DemoSeeder.PreviousVisitorMobile, "短信正文");
        var email = await WriteAsync(MessageChannel.Email, DemoSeeder.PreviousVisitorEmail, "邮件正文");
        _clock.Advance(TimeSpan.FromSeconds(1));

        var sent = await _host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();

        Assert.Equal(2, sent);
        await using (var db = Db())
        {
            var delivered = await db.DeliveredMessages.AsNoTracking().ToListAsync();
            Assert.Equal(2, delivered.Count);
            var deliveredSms = delivered.Single(d => d.OutboxMessageId == sms.Id);
            Assert.Equal((MessageChannel.Sms, DemoSeeder.PreviousVisitorMobile, "短信正文"), (deliveredSms.Channel, deliveredSms.Recipient, deliveredSms.Body));
            var deliveredEmail = delivered.Single(d => d.OutboxMessageId == email.Id);
            Assert.Equal((MessageChannel.Email, DemoSeeder.PreviousVisitorEmail, "邮件正文"), (deliveredEmail.Channel, deliveredEmail.Recipient, deliveredEmail.Body));
            var rows = await db.Outbox.AsNoTracking().ToListAsync();
            Assert.All(rows, m => Assert.Equal((VerificationCodeRules.Start + TimeSpan.FromSeconds(1), (string?)null), (m.SentAt, m.LastError)));
        }

        // Sent messages are not sent again.
        Assert.Equal(0, await _host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync());
        await using var after = Db();
        Assert.Equal(2, await after.DeliveredMessages.CountAsync());
    }

    [Fact]
    public async Task AVerificationCodeReachesTheRecordedMailbox()
    {
        await _host.Services.GetRequiredService<VerificationCodeService>().SendAsync(MessageChannel.Email, DemoSeeder.PreviousVisitorCode, "203.0.113.7");

        Assert.Equal(1, await _host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync());

        await using var db = Db();
        var delivered = await db.DeliveredMessages.SingleAsync();
        Assert.Equal(DemoSeeder.PreviousVisitorEmail, delivered.Recipient);
        Assert.Matches(@"验证码 [0-9]{6}", delivered.Body);
    }

    [Fact]
    public async Task AFailingSenderLeavesTheMessageUnsentAndRetriesLater()
    {
        var message = await WriteAsync(MessageChannel.Sms, DemoSeeder.PreviousVisitorMobile, "短信正文");
        var failing = new FailingSender();
        var dispatcher = Dispatcher(failing, failing);

        Assert.Equal(0, await dispatcher.DispatchDueAsync());

        await using (var db = Db())
        {
            var row = await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == message.Id);
            Assert.Null(row.SentAt);
            Assert.Equal(1, row.Attempts);
            Assert.Contains("gateway 503", row.LastError);
            Assert.True(row.NextAttemptAt > _clock.GetUtcNow(), "the retry waits");
            Assert.Empty(await db.DeliveredMessages.ToListAsync());
        }

        // Not retried before its time...
        Assert.Equal(0, await dispatcher.DispatchDueAsync());
        Assert.Equal(1, failing.Calls);

        // ...and delivered once the gateway is back and the pause is over; nothing was lost.
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await _host.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync());
        await using var after = Db();
        var sent = await after.Outbox.AsNoTracking().SingleAsync(m => m.Id == message.Id);
        Assert.NotNull(sent.SentAt);
        Assert.Null(sent.LastError);
        Assert.Equal("短信正文", (await after.DeliveredMessages.SingleAsync()).Body);
    }

    /// <summary>A gateway that takes the message (the recording one delivers it) and then times out before answering.</summary>
    private sealed class AnswerLostSender(RecordingSender gateway) : ISmsSender, IEmailSender
    {
        public int Calls { get; private set; }

        public async Task SendAsync(OutgoingMessage message, CancellationToken ct)
        {
            Calls++;
            await gateway.SendAsync(message, ct);
            throw new TimeoutException("网关无应答 (gateway timeout after accepting)");
        }
    }

    [Fact]
    public async Task AMessageWhoseAnswerWasLostIsSentAgainWithItsIdAndDeliveredOnlyOnce()
    {
        var message = await WriteAsync(MessageChannel.Sms, DemoSeeder.PreviousVisitorMobile, "只送一次");
        var gateway = _host.Services.GetRequiredService<RecordingSender>();
        var lost = new AnswerLostSender(gateway);

        // The gateway delivered it, but the dispatcher heard nothing: not marked sent, retried later (at least once).
        Assert.Equal(0, await Dispatcher(lost, lost).DispatchDueAsync());
        await using (var db = Db())
        {
            Assert.Null((await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == message.Id)).SentAt);
            Assert.Single(await db.DeliveredMessages.AsNoTracking().ToListAsync());
        }

        // The retry carries the same message id; the gateway recognises it and the phone gets it once (at most once).
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await Dispatcher(gateway, gateway).DispatchDueAsync());
        await using var after = Db();
        Assert.NotNull((await after.Outbox.AsNoTracking().SingleAsync(m => m.Id == message.Id)).SentAt);
        var delivered = Assert.Single(await after.DeliveredMessages.AsNoTracking().ToListAsync());
        Assert.Equal((message.Id, "只送一次"), (delivered.OutboxMessageId, delivered.Body));
    }

    [Fact]
    public async Task PausesGrowAndAMessageIsGivenUpAfterTenAttempts()
    {
        await WriteAsync(MessageChannel.Email, DemoSeeder.PreviousVisitorEmail, "邮件正文");
        var failing = new FailingSender();
        var dispatcher = Dispatcher(failing, failing);
        var pauses = new List<TimeSpan>();

        for (var attempt = 1; attempt <= OutboxDispatcher.MaxAttempts; attempt++)
        {
            await dispatcher.DispatchDueAsync();
            await using var db = Db();
            var row = await db.Outbox.AsNoTracking().SingleAsync();
            Assert.Equal(attempt, row.Attempts);
            pauses.Add(row.NextAttemptAt - _clock.GetUtcNow());
            _clock.Advance(TimeSpan.FromMinutes(11));
        }
        Assert.Equal(OutboxDispatcher.MaxAttempts, failing.Calls);
        Assert.True(pauses.Zip(pauses.Skip(1)).All(p => p.Second >= p.First), string.Join(", ", pauses));
        Assert.True(pauses[^1] > pauses[0]);

        // Given up: not tried an eleventh time.
        await dispatcher.DispatchDueAsync();
        Assert.Equal(OutboxDispatcher.MaxAttempts, failing.Calls);
    }

    public void Dispose() => _app.Dispose();
}
