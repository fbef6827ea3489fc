using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Persons;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Tests.TestSupport;

namespace CiieBlazor.Tests.Features;

public sealed class PersonListMasking : IDisposable
{
    private readonly TestApp _app = new();

    private static PersonInput Complete(string document, string name = "赵敏") => new()
    {
        PersonType = PersonType.Mainland, Name = name, Gender = Gender.Female, DocumentType = DocumentType.ResidentId, DocumentNumber = document,
        Nationality = "CN", Position = "采购经理", Mobile = "13812345678", Email = "zhaomin@example.com",
        EntryFrom = new DateOnly(2027, 11, 5), EntryTo = new DateOnly(2027, 11, 6), PickupMethod = PickupMethod.DelegationCollects, CommitmentTicked = true,
    };

    [Fact]
    public async Task TheFullDocumentNumberNeverLeavesTheServerInAListRow()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        var service = _app.Get<PersonService>();
        await service.SaveAsync(visitor, null, Complete("320505198808081238"), null);

        var list = await service.ListAsync(visitor, new PersonFilter());

        Assert.Contains(list.Rows, r => r.MaskedDocumentNumber == "320*****238");
        var strings = list.Rows.SelectMany(r => typeof(PersonListRow).GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => (string?)p.GetValue(r)));
        Assert.DoesNotContain(strings, s => s is not null && (s.Contains("320505198808081238") || s.Contains("310115198503122018")));
        Assert.Equal(1, list.PendingCount);
    }

    [Fact]
    public async Task OnlyThePersonsOwnDetailViewShowsTheFullNumber()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        var service = _app.Get<PersonService>();
        var saved = await service.SaveAsync(visitor, null, Complete("320505198808081238"), null);

        Assert.Equal("320505198808081238", (await service.GetAsync(visitor, saved.Id)).Input.DocumentNumber);
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await service.GetAsync(await _app.ActorAsync(DemoSeeder.OtherVisitorCode), saved.Id));
    }

    [Fact]
    public async Task TheSameDocumentNumberCannotBeRegisteredTwiceInOneEdition()
    {
        var other = await _app.ActorAsync(DemoSeeder.OtherVisitorCode);

        // 张伟华 of 上海进博演示贸易有限公司 already holds this number in the current edition.
        var error = await Assert.ThrowsAsync<DomainException>(() => _app.Get<PersonService>().SaveAsync(other, null, Complete("310115198503122018"), null));

        Assert.Equal("DocumentUnique", error.Guard);
        Assert.Contains("上海进博演示贸易有限公司", error.Message);
    }

    [Fact]
    public async Task SubmitNeedsCompleteDataAndThenLocksThePerson()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.OtherVisitorCode);
        var service = _app.Get<PersonService>();
        var incomplete = Complete("320505198808081238");
        var saved = await service.SaveAsync(visitor, null, incomplete, null);

        var refused = await Assert.ThrowsAsync<DomainException>(() => service.SubmitAsync(visitor, saved.Id, incomplete, saved.Version)); // no photo
        Assert.Equal("DataValid", refused.Guard);

        var photo = await service.UploadPhotoAsync(visitor, "me.png", new MemoryStream(DemoPhoto.Png(358, 441)), 1);
        incomplete.PhotoFileId = photo;
        var submitted = await service.SubmitAsync(visitor, saved.Id, incomplete, saved.Version);

        var details = await service.GetAsync(visitor, submitted.Id);
        Assert.Equal((PersonStatus.AwaitingTag, false), (details.Status, details.Editable));
        await Assert.ThrowsAsync<DomainException>(() => service.SaveAsync(visitor, saved.Id, incomplete, details.Version));
        await Assert.ThrowsAsync<DomainException>(() => service.DeleteAsync(visitor, [saved.Id])); // submitted: never deleted
    }

    [Fact]
    public async Task PhotosAreCheckedByContentSizeAndPixels()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        var service = _app.Get<PersonService>();
        var pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();

        await Assert.ThrowsAsync<CiieBlazor.App.Features.Files.UploadRefusedException>(() => service.UploadPhotoAsync(visitor, "photo.png", new MemoryStream(pdf), pdf.Length));
        await Assert.ThrowsAsync<CiieBlazor.App.Features.Files.UploadRefusedException>(() => service.UploadPhotoAsync(visitor, "tiny.png", new MemoryStream(DemoPhoto.Png(10, 10)), 100));
        await Assert.ThrowsAsync<CiieBlazor.App.Features.Files.UploadRefusedException>(() => service.UploadPhotoAsync(visitor, "huge.png", new MemoryStream([1]), 30L * 1024 * 1024));
        Assert.NotEqual(Guid.Empty, await service.UploadPhotoAsync(visitor, "ok.png", new MemoryStream(DemoPhoto.Png(358, 441)), 1));
    }

    [Fact]
    public async Task BatchDeleteIsAllOrNothing()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        var service = _app.Get<PersonService>();
        var draft = await service.SaveAsync(visitor, null, Complete("320505198808081238"), null);
        var submittedId = (await service.ListAsync(visitor, new PersonFilter())).Rows.Single(r => r.Name == "张伟华").Id;

        await Assert.ThrowsAsync<DomainException>(() => service.DeleteAsync(visitor, [draft.Id, submittedId]));
        Assert.Equal(2, (await service.ListAsync(visitor, new PersonFilter())).Rows.Count);

        await service.DeleteAsync(visitor, [draft.Id]);
        Assert.Single((await service.ListAsync(visitor, new PersonFilter())).Rows);
    }

    public void Dispose() => _app.Dispose();
}
