using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Accounts;
using CiieBlazor.App.Features.Organisations;
using CiieBlazor.App.Features.Persons;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Tests.Features;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.TestSupport;

/// <summary>Inputs several tests need as the pages would send them.</summary>
public static class TestData
{
    /// <summary>The organisation form as the autosave last stored it for a registration; null before its first save.</summary>
    public static async Task<OrganisationInfoInput?> OrganisationDraftAsync(this AppDbContext db, Guid registrationId)
    {
        var draft = await db.FormDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.RegistrationId == registrationId);
        return draft is null ? null : System.Text.Json.JsonSerializer.Deserialize<OrganisationInfoInput>(draft.Json, AppDbContext.JsonOptions);
    }

    /// <summary>新用户注册 under 上海交易团 for a code nobody has registered (check character added), privacy terms ticked.</summary>
    public static async Task<NewRegistrationInput> RegistrationAsync(AppDbContext db, string first17, string organisationName, string password)
    {
        var shanghai = await db.Delegations.SingleAsync(d => d.Code == "SH");
        return new NewRegistrationInput
        {
            DelegationId = shanghai.Id,
            OrganisationName = organisationName,
            Code = NewRegistrationRules.NewCode(first17),
            Password = password,
            ConfirmPassword = password,
            PrivacyAccepted = true,
        };
    }

    /// <summary>Uploads a photo and saves 陈敏, a complete mainland person of the current edition, ready to submit; returns her id.</summary>
    public static async Task<Guid> SaveCompletePersonAsync(PersonService persons, Actor visitor)
    {
        var photo = await persons.UploadPhotoAsync(visitor, "me.png", new MemoryStream(DemoPhoto.Png(358, 441)), 1);
        var saved = await persons.SaveAsync(visitor, null, new PersonInput
        {
            PersonType = PersonType.Mainland, Name = "陈敏", Gender = Gender.Female, DocumentType = DocumentType.ResidentId, DocumentNumber = "320505198808081238",
            Nationality = "CN", Position = "采购经理", Mobile = "13812345678", Email = "chenmin@example.com", PhotoFileId = photo,
            EntryFrom = new DateOnly(2027, 11, 5), EntryTo = new DateOnly(2027, 11, 6), PickupMethod = PickupMethod.DelegationCollects, CommitmentTicked = true,
        }, null);
        return saved.Id;
    }
}
