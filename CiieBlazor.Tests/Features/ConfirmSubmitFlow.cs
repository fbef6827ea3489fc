using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Organisations;
using CiieBlazor.App.Features.Progress;
using CiieBlazor.App.Features.Review;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Progress;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Features;

/// <summary>确认提交 after the delegation returned the organisation: through the domain, and the flowchart follows.</summary>
public sealed class ConfirmSubmitFlow : IDisposable
{
    private readonly TestApp _app = new();

    [Fact]
    public async Task ReturnedOrganisationIsCorrectedAndSubmittedAgain()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        var service = _app.Get<OrganisationInfoService>();
        var form = (await service.LoadAsync(visitor))!;
        Assert.False(form.Editable); // submitted: read-only while the delegation reviews

        await _app.Get<RegistrationReviewService>().ReturnAsync(await _app.ActorAsync("sh.reviewer"), form.RegistrationId, "请补充座机号码");
        form = (await service.LoadAsync(visitor))!;
        Assert.True(form.Editable);
        Assert.Equal("请补充座机号码", form.ReturnReason);
        var steps = (await _app.Get<ProgressService>().GetAsync(visitor, visitor.OrganisationId!.Value)).Steps;
        Assert.Equal(StepState.ActionRequired, steps[1].State);

        var input = form.Input;
        input.ContactPhone = "021-50001234";
        var saved = await service.SaveDraftAsync(visitor, form.RegistrationId, input, form.DraftVersion);
        await service.SubmitAsync(visitor, form.RegistrationId, input);

        await using var db = _app.Db();
        var registration = await db.Registrations.SingleAsync(r => r.Id == form.RegistrationId);
        Assert.Equal((RegistrationStatus.Submitted, "021-50001234", null), (registration.Status, registration.ContactPhone, registration.ReturnReason));
        Assert.False(await db.FormDrafts.AnyAsync(d => d.RegistrationId == form.RegistrationId)); // the draft became the registration
        steps = (await _app.Get<ProgressService>().GetAsync(visitor, visitor.OrganisationId!.Value)).Steps;
        Assert.Equal((StepState.Done, StepState.InProgress, StepDetail.AwaitingOrganisationReview), (steps[1].State, steps[3].State, steps[3].Detail));
        Assert.NotEqual(default, saved.Version);
    }

    [Fact]
    public async Task InvalidInputIsRefusedAtSubmitAndNothingIsChanged()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        var service = _app.Get<OrganisationInfoService>();
        var form = (await service.LoadAsync(visitor))!;
        await _app.Get<RegistrationReviewService>().ReturnAsync(await _app.ActorAsync("sh.reviewer"), form.RegistrationId, "请核对邮箱");
        form = (await service.LoadAsync(visitor))!;
        var input = form.Input;
        input.ContactEmail = "<script>alert(1)</script>";

        var error = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => service.SubmitAsync(visitor, form.RegistrationId, input));

        Assert.Contains(error.Errors, e => e.PropertyName == nameof(OrganisationInfoInput.ContactEmail));
        await using var db = _app.Db();
        var registration = await db.Registrations.SingleAsync(r => r.Id == form.RegistrationId);
        Assert.Equal((RegistrationStatus.Returned, "zhangwh@example.com"), (registration.Status, registration.ContactEmail));
    }

    public void Dispose() => _app.Dispose();
}

public sealed class ReferralCodesReport : IDisposable
{
    private readonly TestApp _app = new();

    [Fact]
    public async Task CountsRegistrationsPerPartnerCode()
    {
        var rows = await _app.Get<CiieBlazor.App.Features.Reports.ReferralReport>().ListAsync(await _app.ActorAsync("operator"));

        var row = Assert.Single(rows);
        Assert.Equal(("CIIE-PARTNER-01", 1, 1, 0), (row.ReferralCode, row.Registrations, row.Submitted, row.Approved));
        Assert.Equal(["上海进博演示贸易有限公司"], row.Organisations);
    }

    [Fact]
    public async Task IsForOperatorsOnly() =>
        await Assert.ThrowsAsync<CiieBlazor.App.Features.Security.AccessDeniedException>(async () =>
            await _app.Get<CiieBlazor.App.Features.Reports.ReferralReport>().ListAsync(await _app.ActorAsync(DemoSeeder.VisitorCode)));

    public void Dispose() => _app.Dispose();
}
