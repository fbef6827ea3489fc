using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Organisations;
using CiieBlazor.App.Features.Persons;
using CiieBlazor.App.Features.Progress;
using CiieBlazor.App.Features.Review;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;
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

    [Fact]
    public async Task ConfirmSubmitOnThePersonListSendsTheOrganisationFormAsLastSaved()
    {
        // 广州示范进出口有限公司 has typed its organisation form (kept as the autosaved draft only) and saved one person.
        var visitor = await _app.ActorAsync(DemoSeeder.OtherVisitorCode);
        var registrationId = await TypeOrganisationFormAsync(visitor, input =>
        {
            (input.ContactName, input.ContactMobile, input.ContactEmail) = ("陈广州", "13912345678", "chen@example.com");
            (input.NextYearMin, input.NextYearMax, input.FiveYearsMin, input.FiveYearsMax) = (10, 50, 100, 300);
            input.CatalogueCodes.Add("MED.PHARMA.DRUGS");
        });
        var persons = _app.Get<PersonService>();
        await TestData.SaveCompletePersonAsync(persons, visitor);

        Assert.Equal(1, await persons.SubmitAllAsync(visitor, policyAccepted: true));

        await using var db = _app.Db();
        var registration = await db.Registrations.SingleAsync(r => r.Id == registrationId);
        Assert.Equal((RegistrationStatus.Submitted, "陈广州", "chen@example.com"), (registration.Status, registration.ContactName, registration.ContactEmail));
        Assert.Equal(["MED.PHARMA.DRUGS"], registration.Intent.CatalogueCodes);
        Assert.False(await db.FormDrafts.AnyAsync(d => d.RegistrationId == registrationId)); // the draft became the registration
    }

    [Fact]
    public async Task ConfirmSubmitOnThePersonListRefusesAnIncompleteOrganisationFormAndSubmitsNothing()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.OtherVisitorCode);
        var registrationId = await TypeOrganisationFormAsync(visitor, input => input.ContactName = "陈广州"); // no mobile, email, amounts or industry yet

        var refused = await Assert.ThrowsAsync<DomainException>(() => _app.Get<PersonService>().SubmitAllAsync(visitor, policyAccepted: true));

        Assert.Equal("RequiredFieldsValid", refused.Guard);
        Assert.Contains("手机号", refused.Message);
        await using var db = _app.Db();
        Assert.Equal(RegistrationStatus.Draft, (await db.Registrations.SingleAsync(r => r.Id == registrationId)).Status);
        Assert.True(await db.FormDrafts.AnyAsync(d => d.RegistrationId == registrationId));
    }

    /// <summary>What the organisation form's autosave does with what was typed: a draft, the registration itself untouched.</summary>
    private async Task<Guid> TypeOrganisationFormAsync(Actor visitor, Action<OrganisationInfoInput> type)
    {
        var service = _app.Get<OrganisationInfoService>();
        var form = (await service.LoadAsync(visitor))!;
        type(form.Input);
        await service.SaveDraftAsync(visitor, form.RegistrationId, form.Input, form.DraftVersion);
        return form.RegistrationId;
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
