using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Files;
using CiieBlazor.App.Features.Privacy;
using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Orders;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Privacy;
using CiieBlazor.Domain.Search;
using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CiieBlazor.Tests.Privacy;

/// <summary>
/// The retention job (issue 10, part 2) on the real app, database and upload folder, on a clock the test moves. The demo
/// has three editions: the 8th (ended 2025-11-10, no persons), the 9th (ended 2026-11-10: two organisations, three persons,
/// photos, contacts, a badge) and the current 10th (2027-11-05–10), whose person shares the 9th edition's photo of 张伟华.
/// With Privacy:RetentionDays = 365 the 9th edition's data may go from 2027-11-11 (China time).
/// </summary>
public sealed class PersonalDataRetentionTests : IDisposable
{
    private const int RetentionDays = 365;
    private static readonly TimeSpan China = OrderNumber.ChinaOffset;
    private FakeTimeProvider _clock = default!;
    private TestApp _app = default!;
    private WebApplicationFactory<Program> _host = default!;

    private void Start(DateTimeOffset at)
    {
        _clock = new FakeTimeProvider(at);
        _app = new TestApp(_clock);
        _host = _app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Privacy:RetentionDays", RetentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("Privacy:RetentionBatchSize", "2"); // several batches even with the demo's few persons
        });
        _ = _host.Services; // start it: the job's first run begins
    }

    private AppDbContext Db() => _host.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
    private T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();
    private string Disk(StoredFile file) => Path.Combine(Get<FileStore>().Root, file.StoragePath);

    [Fact]
    public async Task AnExpiredEditionIsErasedOnceInBatchesWithItsFilesAndTheCurrentEditionIsUntouched()
    {
        Start(new DateTimeOffset(2027, 10, 1, 9, 0, 0, China));
        // The run on start erases the 8th edition (due since 2026-11-11) and leaves the 9th (inside its period).
        await UntilErasedAsync(8);
        var setUp = await SetUpNinthEditionAsync();
        var currentBefore = await CurrentEditionSnapshotAsync();
        var ninthBefore = await NinthStatusesAsync();

        // The last day of the 9th edition's retention period (2027-11-10 in China): the job's daily run and a run by hand find nothing due.
        _clock.Advance(new DateTimeOffset(2027, 11, 10, 23, 59, 0, China) - _clock.GetUtcNow());
        var retention = Get<PersonalDataRetentionService>();
        Assert.Empty(await retention.EraseDueAsync());
        await using (var db = Db())
        {
            Assert.Null((await db.Editions.SingleAsync(e => e.Number == 9)).PersonalDataErasedAt);
            Assert.Equal(8, await db.Persons.CountAsync(p => p.EditionId == setUp.NinthId && p.Name != PersonalDataRetention.Placeholder));
        }

        // The first day after it.
        _clock.Advance(TimeSpan.FromMinutes(2));
        var erasedAt = _clock.GetUtcNow();
        var report = Assert.Single(await retention.EraseDueAsync());

        Assert.Equal((9, 8, 7, 2, 1, 1, 1, 2), (report.EditionNumber, report.Persons, report.Files, report.Contacts, report.Drafts, report.Shipments, report.VerificationCodes,
            report.OrderLines));
        await using (var db = Db())
        {
            // Persons: no name, document number, mobile, email or photo; statuses, tags and counts stay.
            var persons = await db.Persons.AsNoTracking().Where(p => p.EditionId == setUp.NinthId).ToListAsync();
            Assert.Equal(8, persons.Count);
            Assert.All(persons, p => Assert.Equal((PersonalDataRetention.Placeholder, "", "", "", (Guid?)null),
                (p.Name, p.DocumentNumber, p.Mobile, p.Email, p.PhotoFileId)));
            // Nor can they be found by their old document number: the blind index is gone with it.
            Assert.All(await db.Persons.AsNoTracking().Where(p => p.EditionId == setUp.NinthId).Select(p => EF.Property<string>(p, AppDbContext.DocumentIndex)).ToListAsync(),
                index => Assert.Equal("", index));
            Assert.Equal(ninthBefore.Statuses, persons.OrderBy(p => p.Id).Select(p => (p.Id, p.Status, p.Tag)).ToList());
            Assert.Equal(ninthBefore.Counts, await PersonCountsAsync(db, setUp.NinthId));
            Assert.Equal(ninthBefore.Badges, await db.Badges.CountAsync(b => b.EditionId == setUp.NinthId));
            // The fuzzy name index follows: only the placeholder's grams, no old name is findable.
            var ninthPersonIds = persons.Select(p => p.Id).ToList();
            var grams = await db.PersonNameGrams.Where(g => ninthPersonIds.Contains(g.PersonId)).Select(g => g.Gram).Distinct().ToListAsync();
            Assert.Equal(NameGrams.Of(PersonalDataRetention.Placeholder).Order(), grams.Order());
            Assert.Equal(persons.Count, await db.Persons.CountAsync(p => p.EditionId == setUp.NinthId
                && EF.Property<string>(p, AppDbContext.SearchName) == NameGrams.Fold(PersonalDataRetention.Placeholder)));

            // Photos and qualification documents: rows and files gone; the photo the current edition still uses, and finance's voucher, stay.
            foreach (var file in setUp.ErasedFiles)
            {
                Assert.False(await db.Files.AnyAsync(f => f.Id == file.Id), file.OriginalName);
                Assert.False(File.Exists(Disk(file)), file.OriginalName);
            }
            foreach (var file in setUp.KeptFiles)
            {
                Assert.True(await db.Files.AnyAsync(f => f.Id == file.Id), file.OriginalName);
                Assert.True(File.Exists(Disk(file)), file.OriginalName);
            }

            // Contacts, drafts, shipment recipients, verification codes of the 9th edition.
            var contacts = await db.Registrations.AsNoTracking().Where(r => r.EditionId == setUp.NinthId).ToListAsync();
            Assert.All(contacts, r => Assert.Equal((PersonalDataRetention.Placeholder, (string?)null, (string?)null, (string?)null),
                (r.ContactName, r.ContactMobile, r.ContactEmail, r.ContactPhone)));
            Assert.False(await db.FormDrafts.AnyAsync(d => d.RegistrationId == setUp.NinthDraftRegistrationId));
            var shipment = await db.BadgeShipments.AsNoTracking().SingleAsync(s => s.EditionId == setUp.NinthId);
            Assert.Equal((PersonalDataRetention.Placeholder, (string?)null, 1), (shipment.Recipient, shipment.RecipientPhone, shipment.BadgeCount));
            Assert.False(await db.VerificationCodes.AnyAsync(v => v.Id == setUp.NinthCodeId));
            // The order stays finance's record (amount, status, fees, tags) without the names.
            var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == setUp.OrderId);
            Assert.Equal((setUp.OrderTotal, OrderStatus.Unpaid, 2), (order.Total, order.Status, order.Lines.Count));
            Assert.All(order.Lines, l => Assert.Equal((PersonalDataRetention.Placeholder, PersonTag.ProfessionalVisitor), (l.PersonName, l.Tag)));

            // Marked once, with one audit record carrying the counts only.
            Assert.Equal(erasedAt, (await db.Editions.SingleAsync(e => e.Id == setUp.NinthId)).PersonalDataErasedAt);
            var audit = await db.AuditRecords.SingleAsync(a => a.EntityId == setUp.NinthId && a.Machine == "EditionPersonalData");
            Assert.Equal(("Retained", "Erased", "ErasePersonalData", "system", erasedAt), (audit.From, audit.To, audit.Trigger, audit.ActorId, audit.At));
            Assert.Equal(report.Summary, audit.Reason);
        }
        // The current edition is exactly as it was (persons, contacts, drafts, codes, photos on disk).
        Assert.Equal(currentBefore, await CurrentEditionSnapshotAsync());

        // Runs once: the next run by hand and the next daily run find nothing to do, and write nothing.
        Assert.Empty(await retention.EraseDueAsync());
        _clock.Advance(PersonalDataRetentionJob.Interval);
        Assert.Empty(await retention.EraseDueAsync());
        await using (var db = Db())
        {
            Assert.Equal(1, await db.AuditRecords.CountAsync(a => a.EntityId == setUp.NinthId && a.Machine == "EditionPersonalData"));
            Assert.Equal(erasedAt, (await db.Editions.SingleAsync(e => e.Id == setUp.NinthId)).PersonalDataErasedAt);
        }
        Assert.Equal(currentBefore, await CurrentEditionSnapshotAsync());
    }

    [Fact]
    public async Task TheCurrentEditionIsNeverErasedHoweverLongAgoItEnded()
    {
        // Decades later every past edition is due, the current one included if the job looked only at dates.
        Start(new DateTimeOffset(2045, 1, 1, 9, 0, 0, China));
        var currentBefore = await CurrentEditionSnapshotAsync();

        await UntilErasedAsync(9);

        await using var db = Db();
        var editions = await db.Editions.AsNoTracking().OrderBy(e => e.Number).ToListAsync();
        Assert.Equal([(8, true), (9, true), (10, false)], editions.Select(e => (e.Number, e.PersonalDataErasedAt is not null)));
        Assert.Equal(currentBefore, await CurrentEditionSnapshotAsync());
        var current = editions.Single(e => e.IsCurrent);
        Assert.False(await db.AuditRecords.AnyAsync(a => a.EntityId == current.Id && a.Machine == "EditionPersonalData"));
        // The domain refuses it as well, whatever the caller.
        var tracked = await db.Editions.SingleAsync(e => e.Id == current.Id);
        var refused = Assert.Throws<DomainException>(() => tracked.MarkPersonalDataErased(new DateOnly(2045, 1, 1), RetentionDays, Actor.System, _clock.GetUtcNow(), "-"));
        Assert.Equal("Edition.-.ErasePersonalData.RetentionPassed", refused.Code);
    }

    private async Task UntilErasedAsync(int number)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using (var db = Db())
            {
                if (await db.Editions.AnyAsync(e => e.Number == number && e.PersonalDataErasedAt != null)) return;
            }
            if (DateTime.UtcNow > until) throw new TimeoutException($"edition {number} was not erased by the job");
            await Task.Delay(100);
        }
    }

    private sealed record NinthSetUp(Guid NinthId, Guid NinthDraftRegistrationId, Guid NinthCodeId, Guid OrderId, Money OrderTotal, IReadOnlyList<StoredFile> ErasedFiles, IReadOnlyList<StoredFile> KeptFiles);

    /// <summary>
    /// Adds to the demo's 9th edition five more persons with their own photos, a qualification document, a form draft,
    /// a courier parcel, an order of two of them, a verification code of its season, and a remittance voucher (finance's,
    /// kept); and to the current
    /// edition a draft and a code of its own season.
    /// </summary>
    private async Task<NinthSetUp> SetUpNinthEditionAsync()
    {
        var files = Get<FileStore>();
        var now = _clock.GetUtcNow();
        var actor = new Actor("seed", "test seed", ActorRole.Admin);
        await using var db = Db();
        var ninth = await db.Editions.SingleAsync(e => e.Number == 9);
        var current = await db.Editions.SingleAsync(e => e.IsCurrent);
        var former = await db.Organisations.SingleAsync(o => o.Code == DemoSeeder.PreviousVisitorCode);
        var formerRegistration = await db.Registrations.SingleAsync(r => r.OrganisationId == former.Id && r.EditionId == ninth.Id);
        var currentRegistration = await db.Registrations.FirstAsync(r => r.EditionId == current.Id);

        var erased = new List<StoredFile>();
        var ninthPhotoIds = await db.Persons.Where(p => p.EditionId == ninth.Id).Select(p => p.PhotoFileId!.Value).Distinct().ToListAsync();
        var currentPhotoIds = await db.Persons.Where(p => p.EditionId == current.Id && p.PhotoFileId != null).Select(p => p.PhotoFileId!.Value).ToListAsync();
        erased.AddRange(await db.Files.AsNoTracking().Where(f => ninthPhotoIds.Contains(f.Id) && !currentPhotoIds.Contains(f.Id)).ToListAsync());
        var kept = await db.Files.AsNoTracking().Where(f => ninthPhotoIds.Contains(f.Id) && currentPhotoIds.Contains(f.Id)).ToListAsync();
        Assert.Single(kept); // 张伟华's photo, carried into the current edition
        Assert.Single(erased); // 李明's and 周洁's

        Person? parcelPerson = null;
        var ordered = new List<Person>();
        for (var i = 0; i < 5; i++)
        {
            var photo = await files.SaveAsync(former.Id, $"person-{i}.png", "image/png", DemoPhoto.Png(358, 441), now);
            photo.Purpose = FilePurpose.PersonPhoto;
            db.Files.Add(photo);
            erased.Add(photo);
            var first17 = $"44010119900101{i:000}";
            var person = new Person(formerRegistration.Id, former.Id, ninth.Id, formerRegistration.DelegationId, DemoSeeder.ZhangWeihua(photo.Id, ninth) with
            {
                Name = $"保留期测试{i}", DocumentNumber = first17 + ResidentIdNumber.CheckCharacter(first17), Mobile = $"1390013{i:0000}", Email = $"p{i}@example.com",
            });
            db.Persons.Add(person);
            parcelPerson ??= person;
            ordered.Add(person);
        }
        // Two of them tagged and in an order: its lines carry their names.
        var quota = await db.DelegationQuotas.SingleAsync(q => q.DelegationId == formerRegistration.DelegationId && q.EditionId == ninth.Id);
        ordered = ordered.Take(2).ToList();
        foreach (var person in ordered)
        {
            person.Submit(ninth.FirstDay, ninth.LastDay, actor, now);
            person.TagAs(PersonTag.ProfessionalVisitor, true, quota, actor, now);
        }
        var order = Order.Create(OrderNumber.Create(now, 9_001), former.Id, ninth, ordered, new HashSet<Guid>(), actor, now);
        db.Orders.Add(order);
        var document = await files.SaveAsync(former.Id, "licence.pdf", "application/pdf", "%PDF-1.4 test"u8.ToArray(), now);
        (document.Purpose, document.RegistrationId) = (FilePurpose.Qualification, formerRegistration.Id);
        db.Files.Add(document);
        erased.Add(document);
        var voucher = await files.SaveAsync(former.Id, "voucher.pdf", "application/pdf", "%PDF-1.4 voucher"u8.ToArray(), now);
        voucher.Purpose = FilePurpose.RemittanceVoucher;
        db.Files.Add(voucher);
        kept.Add(voucher);

        db.FormDrafts.Add(new FormDraft { RegistrationId = formerRegistration.Id, Form = "organisation", Json = "{\"ContactName\":\"李明\"}", SavedAt = now, SavedBy = "test" });
        db.FormDrafts.Add(new FormDraft { RegistrationId = currentRegistration.Id, Form = "organisation", Json = "{\"ContactName\":\"张伟华\"}", SavedAt = now, SavedBy = "test" });
        var badge = new Badge(parcelPerson!.Id, ninth.Id);
        badge.Queue(true, false, actor, now);
        badge.Produce("CIIE9-SH-000201", actor, now);
        db.Badges.Add(badge);
        db.BadgeShipments.Add(BadgeShipment.Parcel(ninth.Id, "SHIP9-T-0001", "顺丰速运", "SF1234567890", "李明", "13900139000", "江苏省苏州市工业园区星湖街328号", [badge], actor, now));
        var ninthCode = new VerificationCodeRecord
        {
            Channel = MessageChannel.Sms, Target = DemoSeeder.PreviousVisitorMobile, OrganisationId = former.Id, ClientAddress = "203.0.113.1",
            CreatedAt = new DateTimeOffset(2026, 10, 20, 10, 0, 0, China), ExpiresAt = new DateTimeOffset(2026, 10, 20, 10, 10, 0, China),
        };
        db.VerificationCodes.Add(ninthCode);
        db.VerificationCodes.Add(new VerificationCodeRecord
        {
            Channel = MessageChannel.Sms, Target = "13800138000", OrganisationId = currentRegistration.OrganisationId, ClientAddress = "203.0.113.2",
            CreatedAt = now.AddDays(-1), ExpiresAt = now.AddDays(-1).AddMinutes(10),
        });
        await db.SaveChangesAsync();
        return new NinthSetUp(ninth.Id, formerRegistration.Id, ninthCode.Id, order.Id, order.Total, erased, kept);
    }

    private sealed record NinthState(IReadOnlyList<(Guid, PersonStatus, PersonTag?)> Statuses, string Counts, int Badges);

    private async Task<NinthState> NinthStatusesAsync()
    {
        await using var db = Db();
        var ninth = await db.Editions.SingleAsync(e => e.Number == 9);
        var statuses = (await db.Persons.AsNoTracking().Where(p => p.EditionId == ninth.Id).ToListAsync())
            .OrderBy(p => p.Id).Select(p => (p.Id, p.Status, p.Tag)).ToList();
        return new NinthState(statuses, await PersonCountsAsync(db, ninth.Id), await db.Badges.CountAsync(b => b.EditionId == ninth.Id));
    }

    private static async Task<string> PersonCountsAsync(AppDbContext db, Guid editionId) =>
        string.Join(";", (await db.PersonCounts.AsNoTracking().Where(c => c.EditionId == editionId).ToListAsync())
            .Select(c => $"{c.DelegationId}/{c.Status}/{c.Tag}/{c.PersonType}/{c.PickupMethod}/{c.IsReuse}/{c.BadgeStatus}={c.Count}").Order());

    /// <summary>Everything personal the current edition holds, as text: equal before and after means untouched.</summary>
    private async Task<string> CurrentEditionSnapshotAsync()
    {
        await using var db = Db();
        var current = await db.Editions.AsNoTracking().SingleAsync(e => e.IsCurrent);
        var persons = (await db.Persons.AsNoTracking().Where(p => p.EditionId == current.Id).ToListAsync()).OrderBy(p => p.Id)
            .Select(p => $"{p.Id}:{p.Name}|{p.DocumentNumber}|{p.Mobile}|{p.Email}|{p.PhotoFileId}|{p.Status}|{p.Version}").ToList();
        Assert.NotEmpty(persons);
        Assert.DoesNotContain(persons, p => p.Contains(PersonalDataRetention.Placeholder));
        var registrations = (await db.Registrations.AsNoTracking().Where(r => r.EditionId == current.Id).ToListAsync()).OrderBy(r => r.Id)
            .Select(r => $"{r.Id}:{r.ContactName}|{r.ContactMobile}|{r.ContactEmail}|{r.ContactPhone}|{r.Version}");
        var registrationIds = await db.Registrations.Where(r => r.EditionId == current.Id).Select(r => r.Id).ToListAsync();
        var drafts = (await db.FormDrafts.AsNoTracking().Where(d => registrationIds.Contains(d.RegistrationId)).ToListAsync()).Select(d => $"{d.RegistrationId}:{d.Json}").Order();
        var photoIds = await db.Persons.Where(p => p.EditionId == current.Id && p.PhotoFileId != null).Select(p => p.PhotoFileId!.Value).ToListAsync();
        var photos = (await db.Files.AsNoTracking().Where(f => photoIds.Contains(f.Id)).ToListAsync())
            .Select(f => $"{f.Id}:{File.Exists(Disk(f))}").Order();
        var codes = await db.VerificationCodes.CountAsync(v => v.CreatedAt > new DateTimeOffset(current.FirstDay.AddYears(-1).ToDateTime(TimeOnly.MinValue), China));
        return string.Join("\n", [.. persons, .. registrations, .. drafts, .. photos, $"codes {codes}", $"erased {current.PersonalDataErasedAt}"]);
    }

    public void Dispose()
    {
        _host?.Dispose();
        _app?.Dispose();
    }
}
