using System.Text.Json;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Files;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Organisations;

public sealed record DocumentRow(Guid Id, string Name, string ContentType, long Size, DateTimeOffset UploadedAt);

public sealed record OrganisationForm(
    Guid RegistrationId,
    string OrganisationName,
    string OrganisationCode,
    OrganisationRegion Region,
    string DelegationName,
    RegistrationStatus Status,
    bool Editable,
    bool CarriedOver,
    string? ReturnReason,
    OrganisationInfoInput Input,
    Guid? DraftVersion,
    DateTimeOffset? DraftSavedAt,
    bool HasSubmittedPerson,
    IReadOnlyList<DocumentRow> Documents);

public sealed record DraftSaved(Guid Version, DateTimeOffset SavedAt);

/// <summary>Another tab or browser saved the draft since this one loaded it; nothing was overwritten.</summary>
public sealed class DraftConflictException(OrganisationInfoInput theirs, DateTimeOffset savedAt, Guid version)
    : Exception("该单位信息已在其他窗口中修改 (changed in another window)")
{
    public OrganisationInfoInput Theirs { get; } = theirs;
    public DateTimeOffset SavedAt { get; } = savedAt;
    public Guid Version { get; } = version;
}

/// <summary>
/// 填报单位信息: loads the form (draft first, else the registration), autosaves drafts with a version check,
/// uploads qualification documents, and confirm-submits through the domain.
/// </summary>
public sealed class OrganisationInfoService(
    IDbContextFactory<AppDbContext> dbs,
    AccessGuard access,
    FileStore files,
    ChangeNotifier notifier,
    DraftWriter drafts,
    TimeProvider clock)
{
    public const string FormName = "organisation";
    public const long MaxDocumentBytes = 10 * 1024 * 1024;
    public const int MaxDocuments = 10;

    public async Task<OrganisationForm?> LoadAsync(Actor actor, CancellationToken ct = default)
    {
        if (actor.OrganisationId is not { } orgId) throw new AccessDeniedException("仅专业观众单位可填报单位信息 (visitor organisations only)");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var registration = await db.Registrations.AsNoTracking()
            .SingleOrDefaultAsync(r => r.OrganisationId == orgId && db.Editions.Any(e => e.Id == r.EditionId && e.IsCurrent), ct);
        if (registration is null) return null;
        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == orgId, ct);
        var delegation = await db.Delegations.AsNoTracking().SingleAsync(d => d.Id == registration.DelegationId, ct);
        var draft = await db.FormDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.RegistrationId == registration.Id && d.Form == FormName, ct);
        var submitted = PersonMachine.SubmittedStatuses;
        var hasSubmittedPerson = await db.Persons.AnyAsync(p => p.RegistrationId == registration.Id && submitted.Contains(p.Status), ct);
        var documents = await DocumentsAsync(db, registration.Id, ct);
        var input = draft is not null && registration.IsEditable ? Deserialize(draft.Json) : OrganisationInfoInput.From(registration);
        return new OrganisationForm(registration.Id, organisation.Name, organisation.Code, organisation.Region, delegation.NameZh,
            registration.Status, registration.IsEditable, registration.CarriedFromRegistrationId is not null, registration.ReturnReason,
            input, draft?.Version, draft?.SavedAt, hasSubmittedPerson, documents);
    }

    /// <summary>
    /// Keeps what was typed as the draft. <paramref name="expectedVersion"/> is the draft version this form last
    /// saw (null: none yet); a different stored version raises <see cref="DraftConflictException"/> unless overwriting.
    /// </summary>
    public async Task<DraftSaved> SaveDraftAsync(Actor actor, Guid registrationId, OrganisationInfoInput input, Guid? expectedVersion,
        bool overwrite = false, CancellationToken ct = default)
    {
        if (input.DraftProblem() is { } problem) throw DomainException.Rule("OrganisationRegistration", "Autosave", "DraftWithinLimits", problem);
        var json = JsonSerializer.Serialize(input, AppDbContext.JsonOptions);
        // The writer checks, in its batch's read, that the registration is this visitor organisation's and still
        // editable: an autosave (every 5 s in every open form) costs no query of its own.
        var owner = actor.Role == ActorRole.Visitor ? actor.OrganisationId : null;
        var result = owner is null
            ? new DraftWriteResult.NotOwner()
            : await drafts.WriteAsync(new DraftWrite(registrationId, FormName, json, actor.UserId, expectedVersion, overwrite, owner), ct);
        switch (result)
        {
            case DraftWriteResult.Saved saved:
                return new DraftSaved(saved.Version, saved.SavedAt);
            case DraftWriteResult.Conflict theirs:
                throw new DraftConflictException(Deserialize(theirs.Json), theirs.SavedAt, theirs.Version);
            case DraftWriteResult.Gone:
                {
                    // This window saw a draft that is gone (submitted meanwhile, and perhaps returned): what it holds is stale.
                    await using var db = await dbs.CreateDbContextAsync(ct);
                    var registration = await EditableRegistrationAsync(db, actor, registrationId, ct);
                    throw new DraftConflictException(OrganisationInfoInput.From(registration),
                        registration.ReviewedAt ?? registration.SubmittedAt ?? clock.GetUtcNow(), Guid.Empty);
                }
            default:
                {
                    // Not theirs, or no longer editable: the same refusal (logged and audited) and message as any other edit.
                    await using var db = await dbs.CreateDbContextAsync(ct);
                    await EditableRegistrationAsync(db, actor, registrationId, ct);
                    // Editable again by now (returned between the two reads): the save goes through on this same tick.
                    var again = await drafts.WriteAsync(new DraftWrite(registrationId, FormName, json, actor.UserId, expectedVersion, overwrite, owner), ct);
                    return again is DraftWriteResult.Saved savedAgain
                        ? new DraftSaved(savedAgain.Version, savedAgain.SavedAt)
                        : throw DomainException.Rule("OrganisationRegistration", "Autosave", "Editable", "单位信息暂时无法保存，请稍后再试 (the form could not be saved just now; it is tried again)");
                }
        }
    }

    /// <summary>确认提交: applies the form to the registration and submits it through the domain.</summary>
    public async Task SubmitAsync(Actor actor, Guid registrationId, OrganisationInfoInput input, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var registration = await EditableRegistrationAsync(db, actor, registrationId, ct);
        await ApplyAsync(db, registration, input, ct);
        var submitted = PersonMachine.SubmittedStatuses;
        var hasSubmittedPerson = await db.Persons.AnyAsync(p => p.RegistrationId == registration.Id && submitted.Contains(p.Status), ct);
        registration.Submit(hasSubmittedPerson, actor, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        notifier.Publish(Topics.Organisation(registration.OrganisationId), Topics.Delegation(registration.DelegationId), Topics.Operations);
        var parent = await db.Delegations.Where(d => d.Id == registration.DelegationId).Select(d => d.ParentId).SingleAsync(ct);
        if (parent is { } p) notifier.Publish(Topics.Delegation(p));
    }

    public async Task<DocumentRow> UploadDocumentAsync(Actor actor, Guid registrationId, string fileName, Stream content, long declaredSize, CancellationToken ct = default)
    {
        var (bytes, type) = await UploadReader.ReadAsync(content, declaredSize, MaxDocumentBytes, ct);

        await using var db = await dbs.CreateDbContextAsync(ct);
        var registration = await EditableRegistrationAsync(db, actor, registrationId, ct);
        if (await db.Files.CountAsync(f => f.RegistrationId == registration.Id && f.Purpose == FilePurpose.Qualification, ct) >= MaxDocuments)
            throw new UploadRefusedException($"资质证明最多上传{MaxDocuments}个文件 (at most {MaxDocuments} files)");
        var stored = await files.SaveAsync(registration.OrganisationId, UploadReader.SafeName(fileName, "document", type), type, bytes, clock.GetUtcNow(), ct);
        stored.RegistrationId = registration.Id;
        stored.Purpose = FilePurpose.Qualification;
        db.Files.Add(stored);
        await files.SaveRowAsync(stored, () => db.SaveChangesAsync(ct));
        return new DocumentRow(stored.Id, stored.OriginalName, stored.ContentType, stored.Size, stored.CreatedAt);
    }

    public async Task DeleteDocumentAsync(Actor actor, Guid fileId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var file = await db.Files.SingleOrDefaultAsync(f => f.Id == fileId && f.Purpose == FilePurpose.Qualification, ct);
        if (file?.RegistrationId is not { } registrationId)
        {
            await access.DenyAsync(db, actor, fileId, "File", ct);
            return;
        }
        await EditableRegistrationAsync(db, actor, registrationId, ct);
        db.Files.Remove(file);
        await db.SaveChangesAsync(ct);
        files.Delete(file);
    }

    private async Task<OrganisationRegistration> EditableRegistrationAsync(AppDbContext db, Actor actor, Guid registrationId, CancellationToken ct)
    {
        var registration = await db.Registrations.SingleOrDefaultAsync(r => r.Id == registrationId, ct);
        if (registration is null || actor.Role != ActorRole.Visitor || actor.OrganisationId != registration.OrganisationId)
        {
            await access.DenyAsync(db, actor, registrationId, "Registration", ct);
        }
        if (!registration!.IsEditable)
        {
            throw DomainException.Rule("OrganisationRegistration", "Edit", "Editable", "单位信息已提交，审核期间无法修改 (submitted: it cannot be changed during review)");
        }
        return registration;
    }

    /// <summary>
    /// The organisation form onto its (tracked, editable) registration: validated (else <see cref="FluentValidation.ValidationException"/>),
    /// and the draft removed in the same save, so that what was typed becomes the registration.
    /// </summary>
    internal static async Task ApplyAsync(AppDbContext db, OrganisationRegistration registration, OrganisationInfoInput input, CancellationToken ct)
    {
        var region = await db.Organisations.AsNoTracking().Where(o => o.Id == registration.OrganisationId).Select(o => o.Region).SingleAsync(ct);
        var validation = await new OrganisationInfoInputValidator(region).ValidateAsync(input, ct);
        if (!validation.IsValid) throw new FluentValidation.ValidationException(validation.Errors);
        registration.UpdateDetails(input.ContactName, input.ContactPosition, input.ContactMobile, input.ContactPhone, input.ContactEmail,
            input.Address, input.ToIntent());
        var draft = await db.FormDrafts.SingleOrDefaultAsync(d => d.RegistrationId == registration.Id && d.Form == FormName, ct);
        if (draft is not null) db.FormDrafts.Remove(draft);
    }

    /// <summary>What the organisation form last autosaved for the registration, or null when nothing was typed since the last submit.</summary>
    internal static async Task<OrganisationInfoInput?> DraftAsync(AppDbContext db, Guid registrationId, CancellationToken ct) =>
        await db.FormDrafts.AsNoTracking().Where(d => d.RegistrationId == registrationId && d.Form == FormName).Select(d => d.Json).SingleOrDefaultAsync(ct)
            is { } json ? Deserialize(json) : null;

    /// <summary>A registration's qualification documents, oldest first.</summary>
    internal static async Task<IReadOnlyList<DocumentRow>> DocumentsAsync(AppDbContext db, Guid registrationId, CancellationToken ct) =>
        (await db.Files.AsNoTracking().Where(f => f.RegistrationId == registrationId && f.Purpose == FilePurpose.Qualification)
            .Select(f => new { f.Id, f.OriginalName, f.ContentType, f.Size, f.CreatedAt }).ToListAsync(ct))
        .OrderBy(f => f.CreatedAt).Select(f => new DocumentRow(f.Id, f.OriginalName, f.ContentType, f.Size, f.CreatedAt)).ToList();

    private static OrganisationInfoInput Deserialize(string json) =>
        JsonSerializer.Deserialize<OrganisationInfoInput>(json, AppDbContext.JsonOptions) ?? new OrganisationInfoInput();
}
