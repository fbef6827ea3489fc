using CiieBlazor.App.Data;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Persons;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Persons;

public sealed record PreviousEditionOption(int Number, Guid Id);

/// <summary>A person of an earlier edition; 申办状态 tells whether they were applied for again in this edition.</summary>
public sealed record PreviousPersonRow(
    Guid Id, string Name, Gender Gender, string MaskedDocumentNumber, Guid? PhotoFileId, PersonStatus PreviousStatus, PersonTag? PreviousTag,
    bool AppliedAgain, bool CanReapply, string? ReuseRefusal);

/// <summary>往届专业观众人员: list, 重新申办 and 证件复用, per person or in batch (all or nothing).</summary>
public sealed class PreviousPersonService(IDbContextFactory<AppDbContext> dbs, PersonService persons, ChangeNotifier notifier)
{
    public async Task<(IReadOnlyList<PreviousEditionOption> Editions, IReadOnlyList<PreviousPersonRow> Rows, decimal ReusePercent)> ListAsync(
        Actor actor, int? editionNumber, string? documentNumber = null, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (registration, current) = await persons.CurrentAsync(db, actor, ct);
        var editions = await db.Registrations.AsNoTracking()
            .Where(r => r.OrganisationId == registration.OrganisationId)
            .Join(db.Editions.AsNoTracking(), r => r.EditionId, e => e.Id, (r, e) => new { e.Id, e.Number })
            .Where(e => e.Number < current.Number).OrderByDescending(e => e.Number).ToListAsync(ct);
        var options = editions.Select(e => new PreviousEditionOption(e.Number, e.Id)).ToList();
        var chosen = options.FirstOrDefault(o => o.Number == editionNumber) ?? options.FirstOrDefault();
        if (chosen is null) return (options, [], current.ReuseFeePercent);

        var query = db.Persons.AsNoTracking().Where(p => p.OrganisationId == registration.OrganisationId && p.EditionId == chosen.Id && PersonMachine.SubmittedStatuses.Contains(p.Status));
        if (!string.IsNullOrWhiteSpace(documentNumber))
        {
            var document = db.DocumentIndexOf(documentNumber);
            query = query.Where(p => EF.Property<string>(p, AppDbContext.DocumentIndex) == document);
        }
        var previous = await query.OrderBy(p => p.Name).ToListAsync(ct);
        var ids = previous.Select(p => p.Id).ToList();
        var badges = await db.Badges.AsNoTracking().Where(b => ids.Contains(b.PersonId)).ToDictionaryAsync(b => b.PersonId, b => b.Status, ct);
        var applied = await db.Persons.AsNoTracking()
            .Where(p => p.EditionId == current.Id && p.PreviousPersonId != null && ids.Contains(p.PreviousPersonId.Value) && p.Status != PersonStatus.Deleted && p.Status != PersonStatus.Cancelled)
            .Select(p => p.PreviousPersonId!.Value).ToListAsync(ct);
        var rows = previous.Select(p => new PreviousPersonRow(p.Id, p.Name, p.Gender, p.MaskedDocumentNumber, p.PhotoFileId, p.Status, p.Tag,
            applied.Contains(p.Id), !applied.Contains(p.Id),
            applied.Contains(p.Id) ? "已申办 (already applied)" : ReuseEligibility.Check(p, badges.GetValueOrDefault(p.Id, BadgeStatus.None), chosen.Number, current.Number)))
            .ToList();
        return (options, rows, current.ReuseFeePercent);
    }

    /// <summary>重新申办: copies each as a new, editable application (a new badge).</summary>
    public Task<IReadOnlyList<Guid>> ReapplyAsync(Actor actor, IReadOnlyCollection<Guid> previousIds, CancellationToken ct = default) =>
        CopyAsync(actor, previousIds, reuse: false, badgeIntactConfirmed: false, ct);

    /// <summary>证件复用: copies each with its card face locked and its previous tag; the visitor confirmed the badge is intact.</summary>
    public Task<IReadOnlyList<Guid>> ReuseAsync(Actor actor, IReadOnlyCollection<Guid> previousIds, bool badgeIntactConfirmed, CancellationToken ct = default) =>
        CopyAsync(actor, previousIds, reuse: true, badgeIntactConfirmed, ct);

    private async Task<IReadOnlyList<Guid>> CopyAsync(Actor actor, IReadOnlyCollection<Guid> previousIds, bool reuse, bool badgeIntactConfirmed, CancellationToken ct)
    {
        // Who asks is settled first (a visitor organisation with a current registration), then the request itself.
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (registration, current) = await persons.CurrentAsync(db, actor, ct);
        if (reuse && !badgeIntactConfirmed)
            throw DomainException.Rule("Person", "Reuse", "BadgeIntactConfirmed", "请确认欲复用的证件没有遗失或损坏 (confirm the badge is neither lost nor damaged)");
        if (previousIds.Count == 0) throw DomainException.Rule("Person", reuse ? "Reuse" : "Reapply", "PersonsChosen", "请勾选人员 (choose persons)");
        if (previousIds.Count > 500) throw DomainException.Rule("Person", reuse ? "Reuse" : "Reapply", "BatchSize", "一次最多500人 (at most 500 at a time)");
        var previous = await db.Persons.AsNoTracking().Where(p => previousIds.Contains(p.Id)).ToListAsync(ct);
        if (previous.Count != previousIds.Distinct().Count() || previous.Any(p => p.OrganisationId != registration.OrganisationId || p.EditionId == current.Id))
            throw new Security.AccessDeniedException("只能选择本单位往届人员 (only your organisation's previous persons)");
        var editionIds = previous.Select(p => p.EditionId).Distinct().ToList();
        var editions = await db.Editions.AsNoTracking().Where(e => editionIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var ids = previous.Select(p => p.Id).ToList();
        var badges = await db.Badges.AsNoTracking().Where(b => ids.Contains(b.PersonId)).ToDictionaryAsync(b => b.PersonId, b => b.Status, ct);
        // Who of the current edition is already one of them (copied from them, or holding the same document): found through
        // the copies' link and the documents' blind index, not by reading the edition.
        var documents = previous.Select(p => db.DocumentIndexOf(p.DocumentNumber)).Where(d => d.Length > 0).Distinct().ToList();
        var taken = await db.Persons.AsNoTracking().Where(p => p.EditionId == current.Id && p.Status != PersonStatus.Deleted && p.Status != PersonStatus.Cancelled)
            .Where(p => (p.PreviousPersonId != null && ids.Contains(p.PreviousPersonId.Value)) || documents.Contains(EF.Property<string>(p, AppDbContext.DocumentIndex)))
            .Select(p => new { p.PreviousPersonId, Document = EF.Property<string>(p, AppDbContext.DocumentIndex), p.DocumentType }).ToListAsync(ct);

        var created = new List<Guid>();
        foreach (var old in previous)
        {
            var document = db.DocumentIndexOf(old.DocumentNumber);
            if (taken.Any(t => t.PreviousPersonId == old.Id || (t.Document == document && t.DocumentType == old.DocumentType)))
                throw DomainException.Rule("Person", reuse ? "Reuse" : "Reapply", "DocumentUnique", $"{old.Name} 本届已登记，不能重复申办 ({old.Name} is already registered in this edition)");
            var edition = editions[old.EditionId];
            if (reuse && ReuseEligibility.Check(old, badges.GetValueOrDefault(old.Id, BadgeStatus.None), edition.Number, current.Number) is { } refusal)
                throw DomainException.Rule("Person", "Reuse", "ReuseEligible", $"{old.Name}：{refusal}");
            var (from, to) = Person.MapEntryDates(old.EntryFrom, old.EntryTo, edition.FirstDay, current.FirstDay, current.LastDay);
            var data = old.Data with { EntryFrom = from, EntryTo = to, CommitmentTicked = false, CourierAddressId = null, PickupMethod = PickupMethod.DelegationCollects };
            var person = new Person(registration.Id, registration.OrganisationId, current.Id, registration.DelegationId, data);
            if (reuse) person.PrepareReuse(old.Id, old.Tag!.Value);
            else person.MarkReapplication(old.Id);
            db.Persons.Add(person);
            created.Add(person.Id);
        }
        await db.SaveChangesAsync(ct);
        notifier.Publish(Topics.Organisation(registration.OrganisationId));
        return created;
    }
}
