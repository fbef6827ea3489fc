using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Files;
using CiieBlazor.App.Features.Organisations;
using CiieBlazor.App.Features.Privacy;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Editions;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Persons;

public sealed record PersonFilter(string? Name = null, string? DocumentNumber = null, PersonType? Type = null, DateOnly? EntryDate = null, bool? Reuse = null);

/// <summary>A person in a list: the document number is masked here and never leaves the server in full.</summary>
public sealed record PersonListRow(
    Guid Id, string Name, Gender Gender, PersonType Type, string MaskedDocumentNumber, string Position, Guid? PhotoFileId,
    DateOnly? EntryFrom, DateOnly? EntryTo, PersonStatus Status, PersonTag? Tag, bool IsReuse,
    bool CanEdit, bool CanSubmit, bool CanDelete);

public sealed record PersonList(IReadOnlyList<PersonListRow> Rows, int PendingCount, bool OrganisationEditable, RegistrationStatus? RegistrationStatus);

public sealed record PersonDetails(
    Guid Id, PersonInput Input, PersonStatus Status, PersonTag? Tag, bool IsReuse, bool Editable, Guid Version,
    string? StatusReason, IReadOnlyList<PersonTrigger> Allowed);

public sealed record PersonFormContext(Guid RegistrationId, int EditionNumber, DateOnly FirstDay, DateOnly LastDay, IReadOnlyList<(Guid Id, string Label, bool IsDefault)> Addresses);

public sealed record PersonSaved(Guid Id, Guid Version, DateTimeOffset SavedAt);

public sealed class PersonConflictException() : Exception("该人员信息已在其他窗口中修改，请刷新后再编辑 (changed in another window; reload before editing)");

/// <summary>
/// 填报人员信息: the visitor organisation's persons of the current edition — list (masked), add, save (autosave),
/// submit, batch delete, ID photos, and confirm-submit of the organisation together with its persons.
/// </summary>
public sealed class PersonService(
    IDbContextFactory<AppDbContext> dbs,
    AccessGuard access,
    FileStore files,
    ChangeNotifier notifier,
    ConsentLog consents,
    TimeProvider clock)
{
    public async Task<PersonFormContext> FormContextAsync(Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (registration, edition) = await CurrentAsync(db, actor, ct);
        var addresses = await db.CourierAddresses.AsNoTracking().Where(a => a.OrganisationId == registration.OrganisationId).ToListAsync(ct);
        return new PersonFormContext(registration.Id, edition.Number, edition.FirstDay, edition.LastDay,
            addresses.OrderByDescending(a => a.IsDefault).Select(a => (a.Id, $"{a.Recipient} {a.Mobile} {a.OneLine}", a.IsDefault)).ToList());
    }

    public async Task<PersonList> ListAsync(Actor actor, PersonFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (registration, _) = await CurrentAsync(db, actor, ct);
        var query = db.Persons.AsNoTracking().Where(p => p.RegistrationId == registration.Id && p.Status != PersonStatus.Deleted);
        if (!string.IsNullOrWhiteSpace(filter.Name)) query = query.Where(p => p.Name.Contains(filter.Name.Trim()));
        if (!string.IsNullOrWhiteSpace(filter.DocumentNumber))
        {
            var document = db.DocumentIndexOf(filter.DocumentNumber);
            query = query.Where(p => EF.Property<string>(p, AppDbContext.DocumentIndex) == document);
        }
        if (filter.Type is { } type) query = query.Where(p => p.PersonType == type);
        if (filter.EntryDate is { } day) query = query.Where(p => p.EntryFrom <= day && p.EntryTo >= day);
        if (filter.Reuse is { } reuse) query = query.Where(p => p.IsReuse == reuse);
        var persons = await query.OrderBy(p => p.SubmittedAt == null ? 0 : 1).ThenBy(p => p.Name).Take(2000).ToListAsync(ct);
        var pending = await db.Persons.CountAsync(p => p.RegistrationId == registration.Id && p.Status == PersonStatus.Saved, ct);
        var context = new PersonContext();
        var rows = persons.Select(p =>
        {
            var allowed = p.PermittedTriggers(context with { CommitmentTicked = true, DataValid = true, ReuseEligible = true });
            return new PersonListRow(p.Id, p.Name, p.Gender, p.PersonType, p.MaskedDocumentNumber, p.Position, p.PhotoFileId, p.EntryFrom, p.EntryTo,
                p.Status, p.Tag, p.IsReuse, allowed.Contains(PersonTrigger.Edit), allowed.Contains(PersonTrigger.Submit) || allowed.Contains(PersonTrigger.SubmitReuse),
                allowed.Contains(PersonTrigger.Delete));
        }).ToList();
        return new PersonList(rows, pending, registration.IsEditable, registration.Status);
    }

    /// <summary>The person's own detail view: the only place the full document number is shown.</summary>
    public async Task<PersonDetails> GetAsync(Actor actor, Guid personId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var person = await OwnPersonAsync(db, actor, personId, ct);
        // The owner's form shows the document and mobile whole: the view is on record like any other.
        await access.RecordUnmaskedViewAsync(db, actor, "Person", person.Id, person.OrganisationId, "人员信息 person form", ct);
        return Details(person);
    }

    /// <summary>保存 (and autosave): creates the person when <paramref name="personId"/> is null; stays editable.</summary>
    public async Task<PersonSaved> SaveAsync(Actor actor, Guid? personId, PersonInput input, Guid? expectedVersion, CancellationToken ct = default)
    {
        if (input.SaveProblem() is { } problem) throw DomainException.Rule("Person", "Save", "WithinLimits", problem);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var person = await UpsertAsync(db, actor, personId, input, expectedVersion, ct);
        await SaveChangesAsync(db, ct);
        notifier.Publish(Topics.Organisation(person.OrganisationId));
        return new PersonSaved(person.Id, person.Version, clock.GetUtcNow());
    }

    /// <summary>提交: saves what is on the form, then submits through the domain; afterwards the person is read-only.</summary>
    public async Task<PersonSaved> SubmitAsync(Actor actor, Guid? personId, PersonInput input, Guid? expectedVersion, CancellationToken ct = default)
    {
        if (input.SaveProblem() is { } problem) throw DomainException.Rule("Person", "Save", "WithinLimits", problem);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var person = await UpsertAsync(db, actor, personId, input, expectedVersion, ct);
        var edition = await db.Editions.AsNoTracking().SingleAsync(e => e.Id == person.EditionId, ct);
        await SubmitOneAsync(db, person, edition, actor, ct);
        await SaveChangesAsync(db, ct);
        Publish(person);
        return new PersonSaved(person.Id, person.Version, clock.GetUtcNow());
    }

    /// <summary>批量删除: only unsubmitted persons; all or nothing.</summary>
    public async Task DeleteAsync(Actor actor, IReadOnlyCollection<Guid> personIds, CancellationToken ct = default)
    {
        if (personIds.Count == 0) throw DomainException.Rule("Person", "Delete", "PersonsChosen", "请选择要删除的人员 (choose persons to delete)");
        if (personIds.Count > 500) throw DomainException.Rule("Person", "Delete", "BatchSize", "一次最多删除500人 (at most 500 at a time)");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (registration, _) = await CurrentAsync(db, actor, ct);
        var persons = await db.Persons.Where(p => personIds.Contains(p.Id)).ToListAsync(ct);
        if (persons.Count != personIds.Distinct().Count() || persons.Any(p => p.RegistrationId != registration.Id))
        {
            await access.DenyAsync(db, actor, personIds.First(), "Person", ct);
        }
        var now = clock.GetUtcNow();
        foreach (var person in persons) person.Delete(actor, now); // a submitted one throws: nothing is saved
        await SaveChangesAsync(db, ct);
        notifier.Publish(Topics.Organisation(registration.OrganisationId));
    }

    /// <summary>
    /// 确认提交 from the person list: every saved person (all must be complete) and then the organisation, with the record of
    /// 本人已阅读并同意《个人信息及隐私保护政策》 (refused when <paramref name="policyAccepted"/> is false) in the same save.
    /// </summary>
    /// <param name="clientAddress">The circuit's remote address, kept with the consent when known.</param>
    public async Task<int> SubmitAllAsync(Actor actor, bool policyAccepted, string? clientAddress = null, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (registration, edition) = await CurrentAsync(db, actor, ct);
        consents.Add(db, policyAccepted, ConsentSubject.PersonalInformationPolicy, actor.UserId, registration.OrganisationId, clientAddress);
        var saved = await db.Persons.Where(p => p.RegistrationId == registration.Id && p.Status == PersonStatus.Saved).ToListAsync(ct);
        var incomplete = saved.Where(p => p.Data.Validate(edition.FirstDay, edition.LastDay, Today()).Count > 0 || !p.CommitmentTicked).Select(p => p.Name).ToList();
        if (incomplete.Count > 0)
        {
            throw DomainException.Rule("Person", "Submit", "DataValid",
                $"以下人员信息不完整，请先编辑完善或删除：{string.Join("、", incomplete.Select(n => n.Length == 0 ? "（未填姓名）" : n))} (complete or delete these persons first)");
        }
        foreach (var person in saved) await SubmitOneAsync(db, person, edition, actor, ct);
        var submitted = PersonMachine.SubmittedStatuses;
        var hasSubmitted = saved.Count > 0 || await db.Persons.AnyAsync(p => p.RegistrationId == registration.Id && submitted.Contains(p.Status), ct);
        var tracked = await db.Registrations.SingleAsync(r => r.Id == registration.Id, ct);
        if (tracked.IsEditable)
        {
            // The organisation form as the visitor left it (autosaved) is what goes to the delegation with the persons.
            if (await OrganisationInfoService.DraftAsync(db, tracked.Id, ct) is { } form)
            {
                try
                {
                    await OrganisationInfoService.ApplyAsync(db, tracked, form, ct);
                }
                catch (FluentValidation.ValidationException ex)
                {
                    throw DomainException.Rule("OrganisationRegistration", nameof(RegistrationTrigger.Submit), RegistrationMachine.RequiredFieldsValid.Name,
                        $"请先完整填写单位信息：{string.Join(" ", ex.Errors.Select(e => e.ErrorMessage).Distinct())}");
                }
            }
            tracked.Submit(hasSubmitted, actor, clock.GetUtcNow());
        }
        await SaveChangesAsync(db, ct);
        notifier.Publish(Topics.Organisation(registration.OrganisationId), Topics.Delegation(registration.DelegationId), Topics.Operations);
        return saved.Count;
    }

    /// <summary>证件照片: JPEG/PNG by content, at most 5 MB, large enough for a badge.</summary>
    public async Task<Guid> UploadPhotoAsync(Actor actor, string fileName, Stream content, long declaredSize, CancellationToken ct = default)
    {
        // Who asks is settled before the upload is read: a refused user learns nothing about the file's checks.
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (registration, _) = await CurrentAsync(db, actor, ct);
        if (declaredSize > PhotoRules.MaxBytes) throw new UploadRefusedException(PhotoRules.Check("image/jpeg", declaredSize, int.MaxValue, int.MaxValue)!);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        if (bytes.Length == 0) throw new UploadRefusedException("文件为空 (the file is empty)");
        var type = FileSignatures.Detect(bytes);
        var size = type is null ? null : ImageInfo.Dimensions(bytes, type);
        if (PhotoRules.Check(type, bytes.Length, size?.Width ?? 0, size?.Height ?? 0) is { } problem) throw new UploadRefusedException(problem);
        var stored = await files.SaveAsync(registration.OrganisationId, Path.GetFileNameWithoutExtension(fileName) + FileSignatures.Extension(type!), type!, bytes, clock.GetUtcNow(), ct);
        stored.Purpose = FilePurpose.PersonPhoto;
        db.Files.Add(stored);
        await files.SaveRowAsync(stored, () => db.SaveChangesAsync(ct));
        return stored.Id;
    }

    internal async Task SubmitOneAsync(AppDbContext db, Person person, Edition edition, Actor actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (person.IsReuse)
        {
            var previous = await db.Persons.AsNoTracking().SingleAsync(p => p.Id == person.PreviousPersonId, ct);
            var previousBadge = await db.Badges.AsNoTracking().Where(b => b.PersonId == previous.Id).Select(b => (BadgeStatus?)b.Status).SingleOrDefaultAsync(ct) ?? BadgeStatus.None;
            var previousEdition = await db.Editions.AsNoTracking().Where(e => e.Id == previous.EditionId).Select(e => e.Number).SingleAsync(ct);
            var reason = ReuseEligibility.Check(previous, previousBadge, previousEdition, edition.Number);
            if (reason is not null) throw DomainException.Rule("Person", nameof(PersonTrigger.SubmitReuse), "ReuseEligible", reason);
            person.SubmitReuse(true, edition.FirstDay, edition.LastDay, actor, now);
        }
        else
        {
            var errors = person.Data.Validate(edition.FirstDay, edition.LastDay, Today());
            if (errors.Count > 0) throw DomainException.Rule("Person", nameof(PersonTrigger.Submit), "DataValid", $"{person.Name}：{errors.Values.First()}");
            person.Submit(edition.FirstDay, edition.LastDay, actor, now);
        }
    }

    private async Task<Person> UpsertAsync(AppDbContext db, Actor actor, Guid? personId, PersonInput input, Guid? expectedVersion, CancellationToken ct)
    {
        var (registration, _) = await CurrentAsync(db, actor, ct);
        var data = input.ToData();
        Person person;
        if (personId is { } id)
        {
            person = await OwnPersonAsync(db, actor, id, ct);
            if (expectedVersion is { } v && person.Version != v) throw new PersonConflictException();
            person.Update(data, actor, clock.GetUtcNow());
        }
        else
        {
            person = new Person(registration.Id, registration.OrganisationId, registration.EditionId, registration.DelegationId, data);
            db.Persons.Add(person);
        }
        if (data.PhotoFileId is { } photo && !await db.Files.AnyAsync(f => f.Id == photo && f.OrganisationId == registration.OrganisationId && f.Purpose == FilePurpose.PersonPhoto, ct))
            throw DomainException.Rule("Person", "Save", "OwnPhoto", "证件照片无效，请重新上传 (upload the photo again)");
        if (data.CourierAddressId is { } address && !await db.CourierAddresses.AnyAsync(a => a.Id == address && a.OrganisationId == registration.OrganisationId, ct))
            throw DomainException.Rule("Person", "Save", "OwnAddress", "收件地址无效，请重新选择 (choose the address again)");
        if (person.DocumentNumber.Length > 0)
        {
            var document = db.DocumentIndexOf(person.DocumentNumber);
            var holders = await (
                from p in db.Persons.AsNoTracking()
                join o in db.Organisations.AsNoTracking() on p.OrganisationId equals o.Id
                where p.EditionId == person.EditionId && EF.Property<string>(p, AppDbContext.DocumentIndex) == document && p.DocumentType == person.DocumentType && p.Id != person.Id
                select new DocumentUniqueness.Holder(p.Id, p.OrganisationId, o.Name, p.Name, p.Status)).ToListAsync(ct);
            DocumentUniqueness.Ensure(person.Id, person.OrganisationId, holders);
        }
        return person;
    }

    private async Task<Person> OwnPersonAsync(AppDbContext db, Actor actor, Guid personId, CancellationToken ct)
    {
        var person = await db.Persons.SingleOrDefaultAsync(p => p.Id == personId && p.Status != PersonStatus.Deleted, ct);
        if (person is null || actor.Role != ActorRole.Visitor || person.OrganisationId != actor.OrganisationId)
        {
            await access.DenyAsync(db, actor, personId, "Person", ct);
        }
        return person!;
    }

    internal async Task<(OrganisationRegistration Registration, Edition Edition)> CurrentAsync(AppDbContext db, Actor actor, CancellationToken ct)
    {
        if (actor.Role != ActorRole.Visitor || actor.OrganisationId is not { } orgId)
            throw new AccessDeniedException("仅专业观众单位可填报人员信息 (visitor organisations only)");
        var edition = await db.Editions.AsNoTracking().SingleAsync(e => e.IsCurrent, ct);
        var registration = await db.Registrations.AsNoTracking().SingleOrDefaultAsync(r => r.OrganisationId == orgId && r.EditionId == edition.Id, ct)
            ?? throw new AccessDeniedException("本届尚未注册报名 (no registration for this edition)");
        return (registration, edition);
    }

    private static PersonDetails Details(Person p)
    {
        var allowed = p.PermittedTriggers(new PersonContext { CommitmentTicked = true, DataValid = true, ReuseEligible = true });
        return new PersonDetails(p.Id, PersonInput.From(p.Data), p.Status, p.Tag, p.IsReuse, allowed.Contains(PersonTrigger.Edit), p.Version, p.StatusReason, allowed);
    }

    private async Task SaveChangesAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new PersonConflictException();
        }
    }

    private void Publish(Person person) =>
        notifier.Publish(Topics.Organisation(person.OrganisationId), Topics.Delegation(person.DelegationId), Topics.Operations);

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(OrderNumber.ChinaOffset).DateTime);
}
