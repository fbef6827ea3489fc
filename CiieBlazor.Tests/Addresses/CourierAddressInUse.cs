using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Addresses;
using CiieBlazor.App.Features.Persons;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Tests.TestSupport;

namespace CiieBlazor.Tests.Addresses;

/// <summary>A person's badge is sent to a saved address: that address cannot disappear underneath it.</summary>
public sealed class CourierAddressInUse : IDisposable
{
    private readonly TestApp _app = new();

    [Fact]
    public async Task AnAddressChosenByAPersonCannotBeDeleted()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.OtherVisitorCode);
        var addresses = _app.Get<CourierAddressService>();
        var address = await addresses.AddAsync(visitor, new CourierAddressInput
        {
            ProvinceCode = "44", CityCode = "4401", DistrictCode = "440106", Street = "天河路385号", Recipient = "张三", Mobile = "13800138000",
        });
        await _app.Get<PersonService>().SaveAsync(visitor, null, new PersonInput
        {
            PersonType = PersonType.Mainland, Name = "快递收件人", DocumentType = DocumentType.ResidentId, Nationality = "CN",
            PickupMethod = PickupMethod.Courier, CourierAddressId = address.Id,
        }, null);

        var error = await Assert.ThrowsAsync<DomainException>(() => addresses.DeleteAsync(visitor, address.Id));

        Assert.Equal("NotInUse", error.Guard);
        Assert.Contains("快递收件人", error.Message);
        Assert.Single(await addresses.ListAsync(visitor));
    }

    public void Dispose() => _app.Dispose();
}
