using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Files;
using CiieBlazor.App.Features.Organisations;
using CiieBlazor.App.Features.Progress;
using CiieBlazor.App.Features.Review;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Catalogue;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Progress;
using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CiieBlazor.Tests.Features;

/// <summary>Shared set-up for the organisation form of 广州示范进出口有限公司 (Draft, Guangdong sub-delegation).</summary>
public abstract class OrganisationInfoTest : IAsyncLifetime
{
    protected TestApp App { get; } = new();
    protected OrganisationInfoService Service => App.Get<OrganisationInfoService>();
    protected Actor Owner { get; private set; } = default!;
    protected Guid RegistrationId { get; private set; }

    public async Task InitializeAsync()
    {
        Owner = await App.ActorAsync(DemoSeeder.OtherVisitorCode);
        var form = (await Service.LoadAsync(Owner))!;
        Assert.Equal(RegistrationStatus.Draft, form.Status);
        RegistrationId = form.RegistrationId;
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Everything the guide requires, valid.</summary>
    internal static OrganisationInfoInput Complete() => new()
    {
        ContactName = "王晓明",
        ContactPosition = "采购经理",
        ContactMobile = "13912345678",
        ContactPhone = "020-83001234",
        ContactEmail = "wangxm@example.com",
        Address = "广州市天河区珠江新城华夏路10号",
        NextYearMin = 100,
        NextYearMax = 500,
        FiveYearsMin = 1000,
        FiveYearsMax = 3000,
        Countries = [new CountryRow { CountryCode = "DE", Stage = ProcurementStage.DemandForecast }],
        CatalogueCodes = ["MED.PHARMA.DRUGS"],
    };

    protected async Task<OrganisationRegistration> RegistrationAsync()
    {
        await using var db = App.Db();
        return await db.Registrations.AsNoTracking().SingleAsync(r => r.Id == RegistrationId);
    }

    protected async Task<FormDraft?> DraftAsync()
    {
        await using var db = App.Db();
        return await db.FormDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.RegistrationId == RegistrationId);
    }

    /// <summary>A person of this registration, submitted (what 确认提交 needs).</summary>
    protected Task AddSubmittedPersonAsync() => AddSubmittedPersonAsync(App, RegistrationId, Owner);

    internal static async Task AddSubmittedPersonAsync(TestApp app, Guid registrationId, Actor owner)
    {
        await using var db = app.Db();
        var registration = await db.Registrations.SingleAsync(r => r.Id == registrationId);
        var edition = await db.Editions.SingleAsync(e => e.Id == registration.EditionId);
        var now = app.Get<TimeProvider>().GetUtcNow();
        var photo = await app.Get<FileStore>().SaveAsync(registration.OrganisationId, "wang.png", "image/png", TestFiles.Png(358, 441), now);
        db.Files.Add(photo);
        var person = new Person(registration.Id, registration.OrganisationId, edition.Id, registration.DelegationId, new PersonData
        {
            PersonType = PersonType.Mainland,
            Name = "王晓明",
            Gender = Gender.Male,
            DocumentType = DocumentType.ResidentId,
            DocumentNumber = "440101199001011866",
            Nationality = "CN",
            Position = "采购经理",
            Mobile = "13912345678",
            Email = "wangxm@example.com",
            PhotoFileId = photo.Id,
            EntryFrom = edition.FirstDay,
            EntryTo = edition.LastDay,
            PickupMethod = PickupMethod.DelegationCollects,
            CommitmentTicked = true,
        });
        person.Submit(edition.FirstDay, edition.LastDay, owner, now);
        db.Persons.Add(person);
        await db.SaveChangesAsync();
    }

    protected string[] StoredFiles() =>
        Directory.Exists(App.Get<FileStore>().Root) ? Directory.GetFiles(App.Get<FileStore>().Root, "*", SearchOption.AllDirectories) : [];
}

/// <summary>Autosaved drafts: what was typed is kept, valid or not, and two windows never silently overwrite each other.</summary>
public sealed class OrganisationInfoDrafts : OrganisationInfoTest
{
    [Fact]
    public async Task ADraftIsLoadedAgainAsTypedEvenIncomplete()
    {
        var typed = new OrganisationInfoInput { ContactName = "王晓明", ContactMobile = "139", ContactEmail = "wangxm@", NextYearMin = 5 };

        var saved = await Service.SaveDraftAsync(Owner, RegistrationId, typed, expectedVersion: null);

        var form = (await Service.LoadAsync(Owner))!;
        Assert.Equal(saved.Version, form.DraftVersion);
        Assert.Equal(saved.SavedAt, form.DraftSavedAt!.Value, TimeSpan.FromMilliseconds(1)); // stored to 0.1 ms
        Assert.Equal(("王晓明", "139", "wangxm@", 5m, (decimal?)null), (form.Input.ContactName, form.Input.ContactMobile, form.Input.ContactEmail, form.Input.NextYearMin, form.Input.NextYearMax));
        // Only a draft: the registration itself is untouched until 确认提交.
        var registration = await RegistrationAsync();
        Assert.Equal((RegistrationStatus.Draft, (string?)null), (registration.Status, registration.ContactName));
        Assert.Equal(Owner.UserId, (await DraftAsync())!.SavedBy);
    }

    [Fact]
    public async Task ChineseEnglishAndMarkupAreKeptExactlyAsTyped()
    {
        var typed = Complete();
        typed.ContactName = "Wang Xiaoming 王晓明";
        typed.Address = "<script>alert(1)</script> Room 1201, 广州 \"Tower\" & Co.";
        typed.FreeTextInterests = ["高端医疗器械 high-end devices"];

        var first = await Service.SaveDraftAsync(Owner, RegistrationId, typed, null);
        typed.ContactPosition = "Purchasing manager 采购经理";
        await Service.SaveDraftAsync(Owner, RegistrationId, typed, first.Version);

        var input = (await Service.LoadAsync(Owner))!.Input;
        Assert.Equal(("Wang Xiaoming 王晓明", "Purchasing manager 采购经理", typed.Address), (input.ContactName, input.ContactPosition, input.Address));
        Assert.Equal(["高端医疗器械 high-end devices"], input.FreeTextInterests);
        Assert.Equal("DE", Assert.Single(input.Countries).CountryCode);
    }

    [Fact]
    public async Task AStaleWindowGetsAConflictCarryingTheOtherInputAndNothingIsOverwritten()
    {
        var tabA = (await Service.LoadAsync(Owner))!;
        var tabB = (await Service.LoadAsync(Owner))!;
        Assert.Null(tabA.DraftVersion);

        var mine = Complete();
        mine.ContactName = "窗口甲";
        var savedA = await Service.SaveDraftAsync(Owner, RegistrationId, mine, tabA.DraftVersion);

        var theirs = Complete();
        theirs.ContactName = "窗口乙";
        var conflict = await Assert.ThrowsAsync<DraftConflictException>(() => Service.SaveDraftAsync(Owner, RegistrationId, theirs, tabB.DraftVersion));

        Assert.Equal("窗口甲", conflict.Theirs.ContactName);
        Assert.Equal(savedA.Version, conflict.Version);
        Assert.Equal(savedA.SavedAt, conflict.SavedAt, TimeSpan.FromMilliseconds(1));
        var stored = (await Service.LoadAsync(Owner))!;
        Assert.Equal(("窗口甲", savedA.Version), (stored.Input.ContactName, stored.DraftVersion));

        // The stale window again, with a made-up version: still refused.
        await Assert.ThrowsAsync<DraftConflictException>(() => Service.SaveDraftAsync(Owner, RegistrationId, theirs, Guid.NewGuid()));

        // Window B chooses to keep its own input: that wins, and window A is now the stale one.
        var savedB = await Service.SaveDraftAsync(Owner, RegistrationId, theirs, conflict.Version, overwrite: true);
        Assert.Equal("窗口乙", (await Service.LoadAsync(Owner))!.Input.ContactName);
        var back = await Assert.ThrowsAsync<DraftConflictException>(() => Service.SaveDraftAsync(Owner, RegistrationId, mine, savedA.Version));
        Assert.Equal(("窗口乙", savedB.Version), (back.Theirs.ContactName, back.Version));
    }

    [Fact]
    public async Task AWindowOpenSinceBeforeASubmitCannotSilentlyReplaceTheSubmittedData()
    {
        // Window A typed a first version.
        var windowA = Complete();
        windowA.ContactName = "旧窗口";
        var savedA = await Service.SaveDraftAsync(Owner, RegistrationId, windowA, null);
        // Window B corrected it and submitted (the draft became the registration).
        var windowB = Complete();
        windowB.ContactName = "新窗口";
        await Service.SaveDraftAsync(Owner, RegistrationId, windowB, savedA.Version);
        await AddSubmittedPersonAsync();
        await Service.SubmitAsync(Owner, RegistrationId, windowB);
        // The delegation returned it for a correction: the form is editable again.
        await App.Get<RegistrationReviewService>().ReturnAsync(await App.ActorAsync("gdmc.reviewer"), RegistrationId, "请补充座机号码");
        Assert.Equal("新窗口", (await Service.LoadAsync(Owner))!.Input.ContactName);

        // Window A, still open with what it saw before, autosaves: it must not silently win.
        windowA.Address = "改了地址";
        var conflict = await Assert.ThrowsAsync<DraftConflictException>(() => Service.SaveDraftAsync(Owner, RegistrationId, windowA, savedA.Version));

        Assert.Equal("新窗口", conflict.Theirs.ContactName);
        Assert.Equal("新窗口", (await Service.LoadAsync(Owner))!.Input.ContactName);
    }

    [Fact]
    public async Task SavingWithTheVersionJustSavedIsNoConflict()
    {
        var input = Complete();
        var first = await Service.SaveDraftAsync(Owner, RegistrationId, input, null);
        input.ContactName = "王晓明二";

        var second = await Service.SaveDraftAsync(Owner, RegistrationId, input, first.Version);

        Assert.NotEqual(first.Version, second.Version);
        Assert.Equal("王晓明二", (await Service.LoadAsync(Owner))!.Input.ContactName);
    }

    [Theory]
    [InlineData("ContactName", "联系人不能超过50个字符")]
    [InlineData("ContactEmail", "邮箱不能超过100个字符")]
    [InlineData("Address", "单位地址不能超过200个字符")]
    [InlineData("ContactMobile", "手机号不能超过30个字符")]
    public async Task ATenThousandCharacterFieldIsRefusedAndThePreviousDraftStays(string field, string message)
    {
        var kept = Complete();
        var saved = await Service.SaveDraftAsync(Owner, RegistrationId, kept, null);
        var huge = Complete();
        typeof(OrganisationInfoInput).GetProperty(field)!.SetValue(huge, new string('长', 10_000));

        var refused = await Assert.ThrowsAsync<DomainException>(() => Service.SaveDraftAsync(Owner, RegistrationId, huge, saved.Version));

        Assert.Contains(message, refused.Message);
        var draft = (await DraftAsync())!;
        Assert.Equal(saved.Version, draft.Version);
        var input = (await Service.LoadAsync(Owner))!.Input;
        Assert.Equal(("王晓明", "wangxm@example.com"), (input.ContactName, input.ContactEmail));
    }

    [Fact]
    public async Task NegativeOrHugeAmountsAreRefusedAsADraft()
    {
        var input = Complete();
        input.NextYearMin = -1;

        await Assert.ThrowsAsync<DomainException>(() => Service.SaveDraftAsync(Owner, RegistrationId, input, null));

        Assert.Null(await DraftAsync());
    }

    [Fact]
    public async Task AnotherOrganisationOrAReviewerCannotSaveThisDraft()
    {
        var mine = await Service.SaveDraftAsync(Owner, RegistrationId, Complete(), null);
        var stranger = await App.ActorAsync(DemoSeeder.VisitorCode);
        var reviewer = await App.ActorAsync("gdmc.reviewer");
        var hostile = Complete();
        hostile.ContactName = "攻击者";

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.SaveDraftAsync(stranger, RegistrationId, hostile, mine.Version));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.SaveDraftAsync(stranger, RegistrationId, hostile, null, overwrite: true));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.SaveDraftAsync(reviewer, RegistrationId, hostile, mine.Version, overwrite: true));

        Assert.Equal(mine.Version, (await DraftAsync())!.Version);
        await using var db = App.Db();
        Assert.Equal(3, await db.AuditRecords.CountAsync(a => a.Machine == "Access" && a.EntityId == RegistrationId));
    }

    [Fact]
    public async Task ASubmittedRegistrationCannotBeDrafted()
    {
        var visitor = await App.ActorAsync(DemoSeeder.VisitorCode);
        var form = (await Service.LoadAsync(visitor))!;
        Assert.False(form.Editable);

        var refused = await Assert.ThrowsAsync<DomainException>(() => Service.SaveDraftAsync(visitor, form.RegistrationId, Complete(), null));

        Assert.Equal("Editable", refused.Guard);
    }
}

/// <summary>确认提交: refused with the guide's reason without a submitted person, otherwise Submitted and the flowchart moves.</summary>
public sealed class OrganisationInfoSubmit : OrganisationInfoTest
{
    [Fact]
    public async Task SubmittingWithoutASubmittedPersonIsRefusedWithTheGuidesReasonAndTheDraftStays()
    {
        var input = Complete();
        var saved = await Service.SaveDraftAsync(Owner, RegistrationId, input, null);

        var refused = await Assert.ThrowsAsync<DomainException>(() => Service.SubmitAsync(Owner, RegistrationId, input));

        Assert.Equal("HasSubmittedPerson", refused.Guard);
        Assert.Contains("须至少同时或提前提交一名人员信息", refused.Message);
        var registration = await RegistrationAsync();
        Assert.Equal((RegistrationStatus.Draft, (string?)null), (registration.Status, registration.ContactName));
        Assert.Equal(saved.Version, (await DraftAsync())!.Version);
        var form = (await Service.LoadAsync(Owner))!;
        Assert.False(form.HasSubmittedPerson);
        Assert.Equal("王晓明", form.Input.ContactName);
    }

    [Fact]
    public async Task WithASubmittedPersonItIsSubmittedTheDraftBecomesTheRegistrationAndTheFlowchartMoves()
    {
        var input = Complete();
        await Service.SaveDraftAsync(Owner, RegistrationId, input, null);
        await AddSubmittedPersonAsync();
        var progress = App.Get<ProgressService>();
        var before = (await progress.GetAsync(Owner, Owner.OrganisationId!.Value)).Steps;
        Assert.NotEqual(StepState.Done, before[1].State);
        Assert.True((await Service.LoadAsync(Owner))!.HasSubmittedPerson);

        await Service.SubmitAsync(Owner, RegistrationId, input);

        var registration = await RegistrationAsync();
        Assert.Equal(RegistrationStatus.Submitted, registration.Status);
        Assert.Equal(("王晓明", "13912345678", "wangxm@example.com"), (registration.ContactName, registration.ContactMobile, registration.ContactEmail));
        Assert.Equal(new AmountRange(100, 500), registration.Intent.NextYear);
        Assert.Equal(["MED.PHARMA.DRUGS"], registration.Intent.CatalogueCodes);
        Assert.Null(await DraftAsync());
        var after = (await progress.GetAsync(Owner, Owner.OrganisationId!.Value)).Steps;
        Assert.Equal((StepState.Done, StepState.InProgress, StepDetail.AwaitingOrganisationReview), (after[1].State, after[3].State, after[3].Detail));
        var form = (await Service.LoadAsync(Owner))!;
        Assert.False(form.Editable);
        // Submitted: no more drafts or uploads until the delegation returns it.
        await Assert.ThrowsAsync<DomainException>(() => Service.SaveDraftAsync(Owner, RegistrationId, input, null));
    }

    [Theory]
    [InlineData("ContactName", "", "请填写联系人")]
    [InlineData("ContactMobile", "12345", "手机号应为11位中国大陆手机号码")]
    [InlineData("ContactEmail", "<script>alert(1)</script>", "邮箱格式不正确")]
    [InlineData("ContactPhone", "电话", "联系电话格式不正确")]
    public async Task InvalidInputIsRefusedAtSubmitWithTheFieldAndNothingChanges(string field, string value, string message)
    {
        await AddSubmittedPersonAsync();
        var input = Complete();
        typeof(OrganisationInfoInput).GetProperty(field)!.SetValue(input, value);

        var refused = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => Service.SubmitAsync(Owner, RegistrationId, input));

        Assert.Contains(refused.Errors, e => e.PropertyName == field && e.ErrorMessage.Contains(message));
        Assert.Equal(RegistrationStatus.Draft, (await RegistrationAsync()).Status);
    }

    [Fact]
    public async Task AnotherOrganisationCannotSubmitThisRegistration()
    {
        await AddSubmittedPersonAsync();
        var stranger = await App.ActorAsync(DemoSeeder.VisitorCode);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.SubmitAsync(stranger, RegistrationId, Complete()));

        var registration = await RegistrationAsync();
        Assert.Equal((RegistrationStatus.Draft, (string?)null), (registration.Status, registration.ContactName));
    }
}

/// <summary>Qualification documents: PDF, JPEG or PNG by content, at most 10 MB and 10 files, kept outside the web root.</summary>
public sealed class OrganisationInfoUploads : OrganisationInfoTest
{
    private Task<DocumentRow> UploadAsync(string name, byte[] bytes, Actor? actor = null, long? declared = null) =>
        Service.UploadDocumentAsync(actor ?? Owner, RegistrationId, name, new MemoryStream(bytes), declared ?? bytes.LongLength);

    private async Task<List<StoredFile>> DocumentsAsync()
    {
        await using var db = App.Db();
        return await db.Files.AsNoTracking().Where(f => f.RegistrationId == RegistrationId).ToListAsync();
    }

    public static TheoryData<string, string, string, string> Accepted() => new()
    {
        { "营业执照.pdf", "pdf", FileSignatures.Pdf, "营业执照.pdf" },
        { "licence scan.PNG", "png", FileSignatures.Png, "licence scan.png" },
        { "photo.jpeg", "jpeg", FileSignatures.Jpeg, "photo.jpg" },
        { "no-extension", "pdf", FileSignatures.Pdf, "no-extension.pdf" },
        { "really-a-png.pdf", "png", FileSignatures.Png, "really-a-png.png" },
    };

    private static byte[] Content(string kind) => kind switch
    {
        "pdf" => TestFiles.Pdf(),
        "png" => TestFiles.Png(),
        _ => TestFiles.Jpeg(),
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task PdfPngAndJpegAreAcceptedByContentAndStoredOutsideTheWebRoot(string name, string kind, string contentType, string storedName)
    {
        var bytes = Content(kind);

        var row = await UploadAsync(name, bytes);

        Assert.Equal((storedName, contentType, bytes.LongLength), (row.Name, row.ContentType, row.Size));
        var stored = Assert.Single(await DocumentsAsync());
        Assert.Equal((row.Id, FilePurpose.Qualification, Owner.OrganisationId), (stored.Id, stored.Purpose, stored.OrganisationId));
        var store = App.Get<FileStore>();
        var path = Path.GetFullPath(Path.Combine(store.Root, stored.StoragePath));
        Assert.StartsWith(store.Root, path);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.DoesNotContain(Path.GetFileNameWithoutExtension(name), stored.StoragePath); // a random name on disk
        var env = App.Services.GetRequiredService<IWebHostEnvironment>();
        Assert.False(IsUnder(path, env.WebRootPath), $"{path} is under the web root {env.WebRootPath}");
        Assert.False(IsUnder(path, Path.Combine(env.ContentRootPath, "wwwroot")));
        Assert.Equal(row.Id, Assert.Single((await Service.LoadAsync(Owner))!.Documents).Id);
    }

    private static bool IsUnder(string path, string? root) =>
        !string.IsNullOrEmpty(root) && Path.GetFullPath(path).StartsWith(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    [Theory]
    [InlineData("licence.pdf")]
    [InlineData("licence.PDF")]
    [InlineData("licence.png")]
    [InlineData("licence.jpg")]
    public async Task AWindowsProgramRenamedAsADocumentIsRefused(string name)
    {
        var files = StoredFiles().Length;

        var refused = await Assert.ThrowsAsync<UploadRefusedException>(() => UploadAsync(name, TestFiles.WindowsExe()));

        Assert.Contains("PDF", refused.Message);
        Assert.Empty(await DocumentsAsync());
        Assert.Equal(files, StoredFiles().Length);
    }

    [Fact]
    public async Task TextAndHtmlPretendingToBePdfAreRefused()
    {
        await Assert.ThrowsAsync<UploadRefusedException>(() => UploadAsync("a.pdf", "<script>alert(1)</script>"u8.ToArray()));
        await Assert.ThrowsAsync<UploadRefusedException>(() => UploadAsync("a.pdf", " %PDF-1.4 leading space"u8.ToArray()));
        Assert.Empty(await DocumentsAsync());
    }

    [Fact]
    public async Task AnEmptyFileIsRefused()
    {
        var refused = await Assert.ThrowsAsync<UploadRefusedException>(() => UploadAsync("empty.pdf", []));
        Assert.Contains("文件为空", refused.Message);

        // A client that claims a size but sends nothing is refused too.
        await Assert.ThrowsAsync<UploadRefusedException>(() => UploadAsync("empty.pdf", [], declared: 1234));
        Assert.Empty(await DocumentsAsync());
    }

    [Fact]
    public async Task TenMegabytesIsAcceptedAndOneByteMoreIsRefused()
    {
        var limit = OrganisationInfoService.MaxDocumentBytes;
        Assert.Equal(10 * 1024 * 1024, limit);

        await UploadAsync("exactly-10mb.pdf", TestFiles.PdfOfSize(limit));
        var declared = await Assert.ThrowsAsync<UploadRefusedException>(() => UploadAsync("too-big.pdf", TestFiles.PdfOfSize(limit + 1)));
        Assert.Contains("10MB", declared.Message);
        // Under-declared size: the content itself is counted.
        await Assert.ThrowsAsync<UploadRefusedException>(() => UploadAsync("lying.pdf", TestFiles.PdfOfSize(limit + 1), declared: 1000));

        Assert.Equal("exactly-10mb.pdf", Assert.Single(await DocumentsAsync()).OriginalName);
    }

    [Theory]
    [InlineData("../../../evil.pdf", "evil.pdf")]
    [InlineData("/etc/passwd.pdf", "passwd.pdf")]
    [InlineData("", "document.pdf")]
    public async Task ANameWithAPathKeepsOnlyTheFileNameAndTheFileStaysInTheStore(string name, string kept)
    {
        var row = await UploadAsync(name, TestFiles.Pdf());

        Assert.Equal(kept, row.Name);
        var store = App.Get<FileStore>();
        var stored = Assert.Single(await DocumentsAsync());
        Assert.StartsWith(store.Root + Path.DirectorySeparatorChar, Path.GetFullPath(Path.Combine(store.Root, stored.StoragePath)));
    }

    [Fact]
    public async Task TheEleventhFileIsRefused()
    {
        for (var i = 1; i <= OrganisationInfoService.MaxDocuments; i++)
        {
            await UploadAsync($"doc{i}.png", TestFiles.Png(10 + i, 10));
        }
        var files = StoredFiles().Length;

        var refused = await Assert.ThrowsAsync<UploadRefusedException>(() => UploadAsync("doc11.pdf", TestFiles.Pdf()));

        Assert.Contains("10", refused.Message);
        Assert.Equal(10, (await DocumentsAsync()).Count);
        Assert.Equal(files, StoredFiles().Length);

        // Deleting one makes room again.
        var first = (await Service.LoadAsync(Owner))!.Documents[0];
        await Service.DeleteDocumentAsync(Owner, first.Id);
        await UploadAsync("doc11.pdf", TestFiles.Pdf());
        Assert.Equal(10, (await DocumentsAsync()).Count);
    }

    [Fact]
    public async Task AnotherOrganisationCannotUploadToOrDeleteFromThisRegistration()
    {
        var stranger = await App.ActorAsync(DemoSeeder.VisitorCode);
        var mine = await UploadAsync("营业执照.pdf", TestFiles.Pdf());
        var files = StoredFiles().Length;

        await Assert.ThrowsAsync<AccessDeniedException>(() => UploadAsync("evil.pdf", TestFiles.Pdf(), stranger));
        var reviewer = await App.ActorAsync("gd.reviewer");
        await Assert.ThrowsAsync<AccessDeniedException>(() => UploadAsync("evil.pdf", TestFiles.Pdf(), reviewer));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.DeleteDocumentAsync(stranger, mine.Id));

        Assert.Equal(mine.Id, Assert.Single(await DocumentsAsync()).Id);
        Assert.Equal(files, StoredFiles().Length);
    }

    [Fact]
    public async Task TheOwnerDeletesADocumentFromTheListAndTheDisk()
    {
        var row = await UploadAsync("营业执照.pdf", TestFiles.Pdf());
        var stored = Assert.Single(await DocumentsAsync());
        var path = Path.Combine(App.Get<FileStore>().Root, stored.StoragePath);
        Assert.True(File.Exists(path));

        await Service.DeleteDocumentAsync(Owner, row.Id);

        Assert.Empty(await DocumentsAsync());
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task ASubmittedRegistrationTakesNoUploads()
    {
        var visitor = await App.ActorAsync(DemoSeeder.VisitorCode);
        var form = (await Service.LoadAsync(visitor))!;

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            Service.UploadDocumentAsync(visitor, form.RegistrationId, "late.pdf", new MemoryStream(TestFiles.Pdf()), TestFiles.Pdf().Length));

        Assert.Equal("Editable", refused.Guard);
    }
}

/// <summary>Field messages of the organisation form (the page shows them at the field).</summary>
public sealed class OrganisationInfoInputValidation
{
    private static readonly string Long = new('长', 10_000);

    public static TheoryData<string, string?, string> BadInput() => new()
    {
        { "ContactName", null, "请填写联系人" },
        { "ContactName", "", "请填写联系人" },
        { "ContactName", Long, "联系人不能超过50个字符" },
        { "ContactPosition", Long, "职务不能超过50个字符" },
        { "ContactMobile", "", "请填写联系人手机号" },
        { "ContactMobile", "1391234567", "11位中国大陆手机号码" },
        { "ContactMobile", "23912345678", "11位中国大陆手机号码" },
        { "ContactMobile", "一三九一二三四五六七八", "11位中国大陆手机号码" },
        { "ContactMobile", "<script>alert(1)</script>", "11位中国大陆手机号码" },
        { "ContactPhone", "abc", "联系电话格式不正确" },
        { "ContactPhone", "<script>", "联系电话格式不正确" },
        { "ContactEmail", "", "请填写联系人邮箱" },
        { "ContactEmail", "wangxm", "邮箱格式不正确" },
        { "ContactEmail", "wangxm@example", "邮箱格式不正确" },
        { "ContactEmail", "a b@example.com", "邮箱格式不正确" },
        { "ContactEmail", "<script>alert(1)</script>@x.com", "邮箱格式不正确" },
        { "ContactEmail", Long + "@example.com", "邮箱不能超过100个字符" },
        { "Address", Long, "单位地址不能超过200个字符" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void BadInputGetsAMessageForItsField(string field, string? value, string message)
    {
        var input = OrganisationInfoTest.Complete();
        typeof(OrganisationInfoInput).GetProperty(field)!.SetValue(input, value);

        var result = new OrganisationInfoInputValidator(OrganisationRegion.Mainland).Validate(input);

        Assert.Contains(result.Errors, e => e.PropertyName == field && e.ErrorMessage.Contains(message));
        Assert.All(result.Errors, e => Assert.Equal(field, e.PropertyName));
    }

    [Fact]
    public void ACompleteChineseOrEnglishInputIsValid()
    {
        var chinese = OrganisationInfoTest.Complete();
        var english = OrganisationInfoTest.Complete();
        english.ContactName = "John Smith";
        english.ContactPosition = "Import Manager";
        english.Address = "Room 1201, 10 Huaxia Road, Guangzhou";
        english.CatalogueCodes = [];
        english.FreeTextInterests = ["Industrial robots"];

        Assert.True(new OrganisationInfoInputValidator(OrganisationRegion.Mainland).Validate(chinese).IsValid);
        Assert.True(new OrganisationInfoInputValidator(OrganisationRegion.Mainland).Validate(english).IsValid);
    }

    [Fact]
    public void AmountsNeedBothEndsInOrder()
    {
        var input = OrganisationInfoTest.Complete();
        input.NextYearMin = 600;
        input.FiveYearsMax = null;

        var errors = new OrganisationInfoInputValidator(OrganisationRegion.Mainland).Validate(input).Errors;

        Assert.Contains(errors, e => e.PropertyName == nameof(OrganisationInfoInput.NextYearMax) && e.ErrorMessage.Contains("最小值不能大于最大值"));
        Assert.Contains(errors, e => e.PropertyName == nameof(OrganisationInfoInput.FiveYearsMax) && e.ErrorMessage.Contains("最大值"));
    }

    [Fact]
    public void AtLeastOneIndustryOrProductIsRequired()
    {
        var input = OrganisationInfoTest.Complete();
        input.CatalogueCodes = [];

        var errors = new OrganisationInfoInputValidator(OrganisationRegion.Mainland).Validate(input).Errors;

        Assert.Contains(errors, e => e.PropertyName == nameof(OrganisationInfoInput.CatalogueCodes) && e.ErrorMessage.Contains("请选择您的行业和产品"));
    }

    [Fact]
    public void OverseasOrganisationsMayGiveAnInternationalMobile()
    {
        var input = OrganisationInfoTest.Complete();
        input.ContactMobile = "+44 20 7946 0958";

        Assert.True(new OrganisationInfoInputValidator(OrganisationRegion.Overseas).Validate(input).IsValid);
        Assert.False(new OrganisationInfoInputValidator(OrganisationRegion.Mainland).Validate(input).IsValid);
    }
}
