using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Files;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Privacy;
using CiieBlazor.Domain.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CiieBlazor.App.Features.Privacy;

/// <summary>What one erasure removed (counts only: the audit record and the log carry nothing else).</summary>
public sealed record ErasureReport(Guid EditionId, int EditionNumber, int Persons, int Files, int Contacts, int Drafts, int Shipments, int VerificationCodes,
    int OrderLines)
{
    public string Summary =>
        $"人员 {Persons}，文件 {Files}，联系人 {Contacts}，草稿 {Drafts}，快递单 {Shipments}，验证码 {VerificationCodes}，订单人员姓名 {OrderLines} " +
        $"(persons, files, contacts, drafts, shipments, verification codes, order-line names)";
}

/// <summary>What <see cref="PersonalDataRetentionService.PurgeAgedAsync"/> removed (counts only).</summary>
public sealed record PurgeReport(int OutboxMessages, int DeliveredMessages, int SignInRecords, int UnusedPhotos)
{
    public int Total => OutboxMessages + DeliveredMessages + SignInRecords + UnusedPhotos;

    public string Summary => $"outbox {OutboxMessages}, delivered {DeliveredMessages}, sign-in records {SignInRecords}, unused photos {UnusedPhotos}";
}

/// <summary>
/// Erases the personal data of every edition whose retention period (Privacy:RetentionDays after its last day) has passed
/// (<see cref="PersonalDataRetention"/>): persons' names (→ 已删除), document numbers, mobiles, emails and photos; the
/// registrations' contact persons; qualification documents; form drafts; shipment recipients; verification codes; the
/// orders' copies of person names. Rows and files on disk both go. Statuses, counts, badges, order amounts, payments,
/// invoices and refunds stay (statistics and finance).
/// Persons and files go in batches, one transaction each; every step only ever matches rows of the edition being erased,
/// so a run stopped half way is finished by the next. The edition is then marked erased (once) with an audit record.
/// </summary>
public sealed class PersonalDataRetentionService(
    IDbContextFactory<AppDbContext> dbs,
    FileStore files,
    IOptions<PrivacyOptions> options,
    TimeProvider clock,
    ILogger<PersonalDataRetentionService> logger)
{
    private readonly SemaphoreSlim _running = new(1, 1);

    /// <summary>Erases every edition that is due today; returns what was erased (nothing when none is due).</summary>
    public async Task<IReadOnlyList<ErasureReport>> EraseDueAsync(CancellationToken ct = default)
    {
        await _running.WaitAsync(ct);
        try
        {
            var settings = options.Value;
            var today = PersonalDataRetention.ChinaDay(clock.GetUtcNow());
            List<Domain.Editions.Edition> candidates;
            await using (var db = await dbs.CreateDbContextAsync(ct))
            {
                candidates = await db.Editions.AsNoTracking().Where(e => !e.IsCurrent && e.PersonalDataErasedAt == null).ToListAsync(ct);
            }
            var reports = new List<ErasureReport>();
            foreach (var edition in candidates.Where(e => PersonalDataRetention.IsDue(e, today, settings.RetentionDays)).OrderBy(e => e.Number))
            {
                if (await EraseAsync(edition.Id, edition.Number, today, settings, ct) is { } report) reports.Add(report);
            }
            return reports;
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task<ErasureReport?> EraseAsync(Guid editionId, int number, DateOnly today, PrivacyOptions settings, CancellationToken ct)
    {
        // Asked again right before erasing: an edition made current again in the meantime is left alone.
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var fresh = await db.Editions.AsNoTracking().SingleAsync(e => e.Id == editionId, ct);
            if (PersonalDataRetention.WhyNot(fresh, today, settings.RetentionDays) is { } reason)
            {
                logger.LogInformation("Edition {Edition}: personal data not erased: {Reason}", number, reason);
                return null;
            }
        }
        logger.LogInformation("Edition {Edition}: erasing personal data (retention {Days} days).", number, settings.RetentionDays);
        var (persons, photos) = await ErasePersonsAsync(editionId, settings.RetentionBatchSize, ct);
        var documents = await EraseQualificationDocumentsAsync(editionId, settings.RetentionBatchSize, ct);
        var orderLines = await EraseOrderLineNamesAsync(editionId, settings.RetentionBatchSize, ct);
        int contacts, drafts, shipments, codes;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var edition = await db.Editions.AsNoTracking().SingleAsync(e => e.Id == editionId, ct);
            var version = Guid.NewGuid();
            contacts = await db.Registrations
                .Where(r => r.EditionId == editionId && (r.ContactName != null || r.ContactMobile != null || r.ContactEmail != null || r.ContactPhone != null))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.ContactName, r => r.ContactName == null ? null : PersonalDataRetention.Placeholder)
                    .SetProperty(r => r.ContactMobile, (string?)null)
                    .SetProperty(r => r.ContactEmail, (string?)null)
                    .SetProperty(r => r.ContactPhone, (string?)null)
                    .SetProperty(r => r.Version, version), ct);
            drafts = await db.FormDrafts
                .Where(d => db.Registrations.Any(r => r.Id == d.RegistrationId && r.EditionId == editionId))
                .ExecuteDeleteAsync(ct);
            shipments = await db.BadgeShipments
                .Where(s => s.EditionId == editionId && (s.Recipient != null || s.RecipientPhone != null))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.Recipient, x => x.Recipient == null ? null : PersonalDataRetention.Placeholder)
                    .SetProperty(x => x.RecipientPhone, (string?)null)
                    .SetProperty(x => x.Version, version), ct);
            // Codes sent up to the end of the edition's last day (China time): every code of its registration season.
            var end = new DateTimeOffset(edition.LastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), OrderNumber.ChinaOffset);
            codes = await db.VerificationCodes.Where(v => v.CreatedAt < end).ExecuteDeleteAsync(ct);
        }

        var report = new ErasureReport(editionId, number, persons, photos + documents, contacts, drafts, shipments, codes, orderLines);
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var edition = await db.Editions.SingleAsync(e => e.Id == editionId, ct);
            edition.MarkPersonalDataErased(today, settings.RetentionDays, Actor.System, clock.GetUtcNow(), report.Summary);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another instance marked it at the same moment: the erasure is done either way.
                logger.LogInformation("Edition {Edition}: marked erased by another instance.", number);
                return null;
            }
        }
        logger.LogInformation("Edition {Edition}: personal data erased: {Summary}", number, report.Summary);
        return report;
    }

    /// <summary>The edition's persons in key order, one transaction per batch; returns persons changed and photos deleted.</summary>
    private async Task<(int Persons, int Photos)> ErasePersonsAsync(Guid editionId, int batchSize, CancellationToken ct)
    {
        var placeholderGrams = NameGrams.Of(PersonalDataRetention.Placeholder);
        var folded = NameGrams.Fold(PersonalDataRetention.Placeholder);
        int persons = 0, photos = 0;
        Guid? after = null;
        while (true)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var query = db.Persons.AsNoTracking().Where(p => p.EditionId == editionId);
            if (after is { } last) query = query.Where(p => p.Id.CompareTo(last) > 0);
            var batch = await query.OrderBy(p => p.Id).Select(p => new { p.Id, p.PhotoFileId }).Take(batchSize).ToListAsync(ct);
            if (batch.Count == 0) return (persons, photos);
            after = batch[^1].Id;
            var ids = batch.Select(p => p.Id).ToList();
            var photoIds = batch.Select(p => p.PhotoFileId).OfType<Guid>().Distinct().ToList();
            // A photo carried into another edition (证件复用 keeps the card face) stays for that edition's person.
            var kept = await db.Persons.AsNoTracking()
                .Where(p => p.EditionId != editionId && p.PhotoFileId != null && photoIds.Contains(p.PhotoFileId.Value))
                .Select(p => p.PhotoFileId!.Value).Distinct().ToListAsync(ct);
            var ownPhotoIds = photoIds.Except(kept).ToList();
            var doomed = await db.Files.AsNoTracking().Where(f => ownPhotoIds.Contains(f.Id)).ToListAsync(ct);

            // One transaction per batch, retried whole by the provider's execution strategy (PostgreSQL, SQL Server) on a fresh context.
            persons += await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var write = await dbs.CreateDbContextAsync(ct);
                await using var tx = await write.Database.BeginTransactionAsync(ct);
                var version = Guid.NewGuid();
                var changed = await write.Persons.Where(p => ids.Contains(p.Id)).ExecuteUpdateAsync(s => s
                    .SetProperty(p => p.Name, PersonalDataRetention.Placeholder)
                    .SetProperty(p => EF.Property<string>(p, AppDbContext.SearchName), folded)
                    .SetProperty(p => p.DocumentNumber, "")
                    .SetProperty(p => EF.Property<string>(p, AppDbContext.DocumentIndex), "") // nor found by it any more
                    .SetProperty(p => p.Mobile, "")
                    .SetProperty(p => p.Email, "")
                    .SetProperty(p => p.PhotoFileId, (Guid?)null)
                    .SetProperty(p => p.Version, version), ct);
                // The fuzzy name index follows the name, as on every save (AppDbContext.IndexName).
                await write.PersonNameGrams.Where(g => ids.Contains(g.PersonId)).ExecuteDeleteAsync(ct);
                write.PersonNameGrams.AddRange(ids.SelectMany(id => placeholderGrams.Select(g => new PersonNameGram { EditionId = editionId, Gram = g, PersonId = id })));
                await write.SaveChangesAsync(ct);
                await write.Files.Where(f => ownPhotoIds.Contains(f.Id)).ExecuteDeleteAsync(ct);
                await tx.CommitAsync(ct);
                return changed;
            });
            photos += DeleteFromDisk(doomed);
        }
    }

    /// <summary>The orders' copies of the persons' names, a batch of orders per save; amounts and statuses stay.</summary>
    private async Task<int> EraseOrderLineNamesAsync(Guid editionId, int batchSize, CancellationToken ct)
    {
        var changed = 0;
        Guid? after = null;
        while (true)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var query = db.Orders.Where(o => o.EditionId == editionId);
            if (after is { } last) query = query.Where(o => o.Id.CompareTo(last) > 0);
            var orders = await query.OrderBy(o => o.Id).Take(batchSize).ToListAsync(ct);
            if (orders.Count == 0) return changed;
            after = orders[^1].Id;
            changed += orders.Sum(o => o.ErasePersonNames(PersonalDataRetention.Placeholder));
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>资质材料 of the edition's registrations (not vouchers or invoices: those are finance's records).</summary>
    private async Task<int> EraseQualificationDocumentsAsync(Guid editionId, int batchSize, CancellationToken ct)
    {
        var deleted = 0;
        while (true)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var batch = await db.Files.AsNoTracking()
                .Where(f => f.Purpose == FilePurpose.Qualification && db.Registrations.Any(r => r.Id == f.RegistrationId && r.EditionId == editionId))
                .OrderBy(f => f.Id).Take(batchSize).ToListAsync(ct);
            if (batch.Count == 0) return deleted;
            var ids = batch.Select(f => f.Id).ToList();
            await db.Files.Where(f => ids.Contains(f.Id)).ExecuteDeleteAsync(ct);
            deleted += DeleteFromDisk(batch);
        }
    }

    /// <summary>
    /// What belongs to no edition goes by age: outbox messages sent (or given up) and delivered messages older than
    /// Privacy:MessageRetentionDays, sign-in records as old, and ID photos uploaded more than Privacy:UnusedPhotoDays ago
    /// that no person holds (a form left before saving). Returns the counts, also logged.
    /// </summary>
    public async Task<PurgeReport> PurgeAgedAsync(CancellationToken ct = default)
    {
        await _running.WaitAsync(ct);
        try
        {
            var settings = options.Value;
            var now = clock.GetUtcNow();
            var cutoff = now - TimeSpan.FromDays(settings.MessageRetentionDays);
            await using var db = await dbs.CreateDbContextAsync(ct);
            var outbox = await db.Outbox.Where(Notifications.OutboxDispatcher.FinishedBefore(cutoff)).ExecuteDeleteAsync(ct);
            var delivered = await db.DeliveredMessages.Where(m => m.DeliveredAt < cutoff).ExecuteDeleteAsync(ct);
            var signIns = await db.SignInRecords.Where(r => r.At < cutoff).ExecuteDeleteAsync(ct);
            var photos = 0;
            var dayAgo = now - TimeSpan.FromDays(settings.UnusedPhotoDays);
            while (true)
            {
                var batch = await db.Files.AsNoTracking()
                    .Where(f => f.Purpose == FilePurpose.PersonPhoto && f.CreatedAt < dayAgo && !db.Persons.Any(p => p.PhotoFileId == f.Id))
                    .OrderBy(f => f.Id).Take(settings.RetentionBatchSize).ToListAsync(ct);
                if (batch.Count == 0) break;
                var ids = batch.Select(f => f.Id).ToList();
                // Only those still unheld at the delete (a person may have taken one since it was read).
                await db.Files.Where(f => ids.Contains(f.Id) && !db.Persons.Any(p => p.PhotoFileId == f.Id)).ExecuteDeleteAsync(ct);
                var gone = await db.Files.AsNoTracking().Where(f => ids.Contains(f.Id)).Select(f => f.Id).ToListAsync(ct);
                photos += DeleteFromDisk(batch.Where(f => !gone.Contains(f.Id)).ToList());
                if (batch.Count < settings.RetentionBatchSize) break;
            }
            var report = new PurgeReport(outbox, delivered, signIns, photos);
            if (report.Total > 0) logger.LogInformation("Aged personal data removed: {Summary}", report.Summary);
            return report;
        }
        finally
        {
            _running.Release();
        }
    }

    /// <summary>Removes the files whose rows are gone; one that cannot be removed is logged (by id) and left for an operator.</summary>
    private int DeleteFromDisk(IReadOnlyList<StoredFile> stored)
    {
        var deleted = 0;
        foreach (var file in stored)
        {
            try
            {
                files.Delete(file);
                deleted++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(ex, "Stored file {FileId} could not be removed from disk after its row was deleted.", file.Id);
            }
        }
        return deleted;
    }
}

/// <summary>Runs <see cref="PersonalDataRetentionService"/> when the app starts and then once a day (on the app's clock).</summary>
public sealed class PersonalDataRetentionJob(PersonalDataRetentionService retention, TimeProvider clock, ILogger<PersonalDataRetentionJob> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // start-up does not wait for the first run
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await retention.EraseDueAsync(stoppingToken);
                await retention.PurgeAgedAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Personal data retention run failed; it runs again tomorrow.");
            }
            await Task.Delay(Interval, clock, stoppingToken);
        }
    }
}
