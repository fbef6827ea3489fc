using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Accounts;
using CiieBlazor.Tests.Features;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CiieBlazor.Tests.Security;

/// <summary>
/// The one-code-a-minute rule (VerificationCodeService) holds when a client fires many sends at once: the check and the
/// insert must not interleave, or every request of a burst would pass the check before any is saved.
/// </summary>
public sealed class VerificationCodeBurst : IDisposable
{
    private readonly FakeTimeProvider _clock = new(VerificationCodeRules.Start);
    private readonly TestApp _app;

    public VerificationCodeBurst() => _app = new TestApp(_clock);

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task TwentyConcurrentSendsForOneAccountSendExactlyOneCode()
    {
        var codes = _app.Get<VerificationCodeService>();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            try
            {
                await codes.SendAsync(MessageChannel.Email, DemoSeeder.PreviousVisitorCode, "203.0.113." + i);
                return true;
            }
            catch (VerificationRefusedException)
            {
                return false;
            }
        })));

        Assert.Equal(1, results.Count(sent => sent));
        await using var db = _app.Db();
        Assert.Equal(1, await db.VerificationCodes.CountAsync());
        Assert.Equal(1, await db.Outbox.CountAsync(m => m.Kind == "VerificationCode"));
    }
}
