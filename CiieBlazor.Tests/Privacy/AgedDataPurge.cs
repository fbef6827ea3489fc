using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Files;
using CiieBlazor.App.Features.Notifications;
using CiieBlazor.App.Features.Privacy;
using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CiieBlazor.Tests.Privacy;

/// <summary>
/// What belongs to no edition goes by age (Privacy:MessageRetentionDays, 180 here; Privacy:UnusedPhotoDays, 1): sent or
/// given-up outbox messages, delivered messages and sign-in records older than that; ID photos no person holds. What is
/// younger, still waiting to be sent, or held by a person stays.
/// </summary>
public sealed class AgedDataPurge : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 6, 1, 9, 0, 0, TimeSpan.FromHours(8)));
    private readonly TestApp _app;
    private readonly WebApplicationFactory<Program> _host;
    private int _jobsRemoved;

    public AgedDataPurge()
    {
        _app = new TestApp(_clock);
        _host = _app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Privacy:MessageRetentionDays", "180");
            b.UseSetting("Privacy:UnusedPhotoDays", "1");
            // The test runs the purge by hand: the app's daily job (which also runs at start) would race it for the rows.
            b.ConfigureTestServices(services =>
            {
                _jobsRemoved = AppBackgroundServices.Remove(services, type => type == typeof(PersonalDataRetentionJob));
            });
        });
    }

    private AppDbContext Db() => _host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();

    [Fact]
    public async Task OldMessagesSignInsAndUnheldPhotosGoWhatIsYoungPendingOrHeldStays()
    {
        var now = _clock.GetUtcNow();
        await using (Db()) { } // starts the host
        Assert.Equal(1, _jobsRemoved);
        var old = now - TimeSpan.FromDays(181);
        var young = now - TimeSpan.FromDays(179);
        var store = _host.Services.GetRequiredService<FileStore>();
        StoredFile unheldOld, unheldNew;
        Guid sentOld, givenUpOld, pendingOld, sentYoung;
        await using (var db = Db())
        {
            OutboxMessage Message(DateTimeOffset created, DateTimeOffset? sent, int attempts)
            {
                var m = OutboxWriter.Add(db, MessageChannel.Sms, "13900001111", "通知", "正文", "Test", null, created);
                m.SentAt = sent;
                m.Attempts = attempts;
                return m;
            }
            sentOld = Message(old, old, 1).Id;
            givenUpOld = Message(old, null, OutboxDispatcher.MaxAttempts).Id;
            pendingOld = Message(old, null, 3).Id; // still being retried: never dropped unsent
            sentYoung = Message(young, young, 1).Id;
            db.DeliveredMessages.Add(new DeliveredMessage { OutboxMessageId = sentOld, Channel = MessageChannel.Sms, Recipient = "13900001111", DeliveredAt = old });
            db.DeliveredMessages.Add(new DeliveredMessage { OutboxMessageId = sentYoung, Channel = MessageChannel.Sms, Recipient = "13900001111", DeliveredAt = young });
            db.SignInRecords.Add(new SignInRecord { UserName = "old", At = old, ClientAddress = "203.0.113.9", Outcome = SignInOutcome.Succeeded });
            db.SignInRecords.Add(new SignInRecord { UserName = "young", At = young, ClientAddress = "203.0.113.9", Outcome = SignInOutcome.Succeeded });
            await db.SaveChangesAsync();
        }
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10];
        unheldOld = await store.SaveAsync(null, "left.jpg", "image/jpeg", jpeg, now - TimeSpan.FromDays(2));
        unheldNew = await store.SaveAsync(null, "typing.jpg", "image/jpeg", jpeg, now - TimeSpan.FromHours(2));
        unheldOld.Purpose = unheldNew.Purpose = FilePurpose.PersonPhoto;
        await using (var db = Db())
        {
            db.Files.AddRange(unheldOld, unheldNew);
            await db.SaveChangesAsync();
        }
        Guid heldPhoto;
        int photosBefore, signInsBefore;
        await using (var db = Db())
        {
            heldPhoto = await db.Persons.AsNoTracking().Where(p => p.PhotoFileId != null).Select(p => p.PhotoFileId!.Value).FirstAsync();
            photosBefore = await db.Files.CountAsync(f => f.Purpose == FilePurpose.PersonPhoto);
            signInsBefore = await db.SignInRecords.CountAsync();
        }

        var report = await _host.Services.GetRequiredService<PersonalDataRetentionService>().PurgeAgedAsync();

        Assert.Equal((2, 1, 1, 1), (report.OutboxMessages, report.DeliveredMessages, report.SignInRecords, report.UnusedPhotos));
        await using (var db = Db())
        {
            var outbox = await db.Outbox.AsNoTracking().Select(m => m.Id).ToListAsync();
            Assert.DoesNotContain(sentOld, outbox);
            Assert.DoesNotContain(givenUpOld, outbox);
            Assert.Contains(pendingOld, outbox);
            Assert.Contains(sentYoung, outbox);
            // The old delivery went, the young one stayed. (The app's outbox dispatcher still runs here and may deliver the
            // pending message meanwhile: a fresh delivery of its own, which stays.)
            var delivered = await db.DeliveredMessages.AsNoTracking().Select(d => d.OutboxMessageId).ToListAsync();
            Assert.DoesNotContain(sentOld, delivered);
            Assert.Contains(sentYoung, delivered);
            Assert.Empty(delivered.Except([sentYoung, pendingOld]));
            Assert.Equal(signInsBefore - 1, await db.SignInRecords.CountAsync());
            Assert.False(await db.SignInRecords.AnyAsync(r => r.UserName == "old"));
            Assert.Equal(photosBefore - 1, await db.Files.CountAsync(f => f.Purpose == FilePurpose.PersonPhoto));
            Assert.False(await db.Files.AnyAsync(f => f.Id == unheldOld.Id));
            Assert.True(await db.Files.AnyAsync(f => f.Id == unheldNew.Id)); // maybe still being typed into a form
            Assert.True(await db.Files.AnyAsync(f => f.Id == heldPhoto));
        }
        Assert.False(File.Exists(Path.Combine(store.Root, unheldOld.StoragePath)));
        Assert.True(File.Exists(Path.Combine(store.Root, unheldNew.StoragePath)));

        // Run again: nothing more to do.
        Assert.Equal(0, (await _host.Services.GetRequiredService<PersonalDataRetentionService>().PurgeAgedAsync()).Total);
    }

    public void Dispose()
    {
        _host.Dispose();
        _app.Dispose();
    }
}
