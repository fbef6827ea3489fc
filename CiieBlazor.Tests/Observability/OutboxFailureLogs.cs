using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Notifications;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CiieBlazor.Tests.Observability;

/// <summary>A gateway that refuses a message quoting its recipient: the warning names the message, masks the recipient.</summary>
public sealed class OutboxFailureLogs : IDisposable
{
    private readonly ObservedApp _app = new(b => b.ConfigureTestServices(s =>
    {
        s.AddSingleton<ISmsSender, RefusingGateway>();
        s.AddSingleton<IEmailSender, RefusingGateway>();
    }));

    [Theory]
    [InlineData(MessageChannel.Sms, "13644556677", "136****6677")]
    [InlineData(MessageChannel.Email, "lin.xiaoyu@example.com", "l***u@example.com")]
    public async Task TheFailureIsLoggedWithTheRecipientMasked(MessageChannel channel, string recipient, string masked)
    {
        OutboxMessage message;
        await using (var db = _app.Db())
        {
            message = OutboxWriter.Add(db, channel, recipient, "通知", "您的证件已办理", "Test", null, DateTimeOffset.UtcNow.AddMinutes(-1));
            await db.SaveChangesAsync();
        }

        Assert.Equal(0, await _app.Get<OutboxDispatcher>().DispatchDueAsync());

        var warning = Assert.Single(_app.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains(message.Id.ToString(), StringComparison.Ordinal));
        Assert.Contains(masked, warning.Message);
        Assert.DoesNotContain(_app.Logs.Lines, l => l.AllText.Contains(recipient, StringComparison.OrdinalIgnoreCase));
    }

    public void Dispose() => _app.Dispose();

    private sealed class RefusingGateway : ISmsSender, IEmailSender
    {
        public Task SendAsync(OutgoingMessage message, CancellationToken ct) =>
            throw new InvalidOperationException($"gateway refused {message.Recipient.ToUpperInvariant()}: recipient blocked");
    }
}
