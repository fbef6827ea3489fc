using Bunit;
using CiieBlazor.App.Components.Portal.Persons;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Persons;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Tests.Components;
using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace CiieBlazor.Tests.Security;

/// <summary>
/// Uploads travel through the circuit (InputFile over the hub), so their limit is the server's check of each file: a photo
/// over 5 MB is refused before a byte is read, with the message next to the field and nothing stored.
/// </summary>
public sealed class UploadTooLargeMessage : ComponentTest
{
    private readonly TestApp _app = new();

    [Fact]
    public async Task APhotoOverFiveMegabytesGetsTheMessageNextToTheFieldAndIsNotStored()
    {
        Services.AddSingleton(_app.Get<PersonService>());
        Services.AddScoped<CurrentActor>();
        this.SignInAs(await _app.ActorAsync(DemoSeeder.VisitorCode), "visitor");
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"portal/persons/new?type={PersonType.Mainland}");
        var cut = Render<PersonEditPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=p-document]")), TimeSpan.FromSeconds(10));
        await using var db = _app.Db();
        var filesBefore = db.Files.Count();

        var photo = cut.FindComponents<MudBlazor.MudFileUpload<IBrowserFile>>().Single();
        photo.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[PhotoRules.MaxBytes + 1], "big.jpg", contentType: "image/jpeg"));

        cut.WaitForAssertion(() => Assert.Contains("证件照片不能超过5MB", cut.Find("[data-testid=p-photo-error]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal(filesBefore, db.Files.Count());
    }
}
