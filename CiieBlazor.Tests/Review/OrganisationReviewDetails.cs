using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Organisations;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Review;

/// <summary>Before approving, the delegation reads the organisation's data and its qualification files; other delegations cannot.</summary>
public sealed class OrganisationReviewDetails : IDisposable
{
    private readonly TestApp _app = new();

    [Fact]
    public async Task TheOrganisationsOwnDelegationSeesDataIntentAndDocuments()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.OtherVisitorCode);
        var form = (await _app.Get<OrganisationInfoService>().LoadAsync(visitor))!;
        var pdf = TestFiles.Pdf();
        await _app.Get<OrganisationInfoService>().UploadDocumentAsync(visitor, form.RegistrationId, "营业执照.pdf", new MemoryStream(pdf), pdf.Length);

        var details = await _app.Get<RegistrationQueries>().GetForReviewAsync(await _app.ActorAsync("gdmc.reviewer"), form.RegistrationId);

        Assert.Equal("广州示范进出口有限公司", details.Registration.OrganisationName);
        Assert.Equal("营业执照.pdf", Assert.Single(details.Documents).Name);
        await Assert.ThrowsAsync<AccessDeniedException>(async () =>
            await _app.Get<RegistrationQueries>().GetForReviewAsync(await _app.ActorAsync("sh.reviewer"), form.RegistrationId));
    }

    [Fact]
    public async Task TheSubmittedPurchasingIntentIsShown()
    {
        await using var db = _app.Db();
        var registration = await db.Registrations.SingleAsync(r => r.ReferralCode == "CIIE-PARTNER-01");

        var details = await _app.Get<RegistrationQueries>().GetForReviewAsync(await _app.ActorAsync("sh.reviewer"), registration.Id);

        Assert.Equal("1000-1000", details.Intent.NextYear!.ToString());
        Assert.Contains("MED.PHARMA.DRUGS", details.Intent.CatalogueCodes);
        Assert.Equal("CIIE-PARTNER-01", details.ReferralCode);
    }

    public void Dispose() => _app.Dispose();
}
