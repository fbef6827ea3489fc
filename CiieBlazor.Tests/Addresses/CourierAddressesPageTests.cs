using System.Security.Claims;
using Bunit;
using CiieBlazor.App.Components.Portal;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Addresses;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Common;
using CiieBlazor.Tests.Components;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CiieBlazor.Tests.Addresses;

/// <summary>/portal/addresses for a signed-in visitor: the list, the default chip and the five-address limit.</summary>
public sealed class CourierAddressesPageBehaviour : ComponentTest
{
    private readonly TestApp _app = new();

    private CourierAddressService Service => _app.Get<CourierAddressService>();

    private static CourierAddressInput Address(string recipient) => new()
    {
        ProvinceCode = "44", CityCode = "4401", DistrictCode = "440106", Street = "天河路385号", Recipient = recipient, Mobile = "13800138000",
    };

    public CourierAddressesPageBehaviour()
    {
        Services.AddSingleton(Service);
        Services.AddSingleton(_app.Get<ChangeNotifier>());
        Services.AddScoped<CurrentActor>();
    }

    private async Task<Actor> SignedInVisitorWithoutAddressesAsync()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        await using (var db = _app.Db())
        {
            await db.CourierAddresses.Where(a => a.OrganisationId == visitor.OrganisationId).ExecuteDeleteAsync();
        }
        var auth = AddAuthorization();
        auth.SetAuthorized(visitor.Name);
        auth.SetRoles(Roles.Visitor);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, visitor.UserId), new Claim(CiieClaims.OrganisationId, visitor.OrganisationId!.Value.ToString()));
        return visitor;
    }

    private IRenderedComponent<Bunit.Rendering.ContainerFragment> RenderPage() => this.RenderPage<CourierAddressesPage>();

    [Fact]
    public async Task ListsTheAddressesWithTheDefaultMarked()
    {
        var visitor = await SignedInVisitorWithoutAddressesAsync();
        await Service.AddAsync(visitor, Address("张三"));
        await Service.AddAsync(visitor, Address("李四"));

        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=address-row]").Count));
        Assert.Contains("广东省广州市天河区天河路385号", cut.Find("[data-testid=address-row]").TextContent);
        Assert.Single(cut.FindAll("[data-testid=default-chip]"));
        Assert.Single(cut.FindAll("[data-testid=set-default]"));
        Assert.False(cut.Find("[data-testid=add-address]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task AtFiveTheAddButtonIsDisabledWithTheMessageUntilOneIsDeleted()
    {
        var visitor = await SignedInVisitorWithoutAddressesAsync();
        for (var i = 1; i <= 5; i++) await Service.AddAsync(visitor, Address($"收件人{i}"));

        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=address-row]").Count));
        Assert.True(cut.Find("[data-testid=add-address]").HasAttribute("disabled"));
        Assert.Contains("常用地址最多可保存五个", cut.Find("[data-testid=addresses-full]").TextContent);

        // Deleted in another window: the notifier brings the list and the button back.
        var last = (await Service.ListAsync(visitor))[^1];
        await Service.DeleteAsync(visitor, last.Id);

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=address-row]").Count));
        Assert.False(cut.Find("[data-testid=add-address]").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=addresses-full]"));
    }

    [Fact]
    public async Task SetDefaultFromTheListMovesTheChip()
    {
        var visitor = await SignedInVisitorWithoutAddressesAsync();
        await Service.AddAsync(visitor, Address("张三"));
        var second = await Service.AddAsync(visitor, Address("李四"));
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=address-row]").Count));

        await cut.Find("[data-testid=set-default]").ClickAsync();

        cut.WaitForAssertion(() => Assert.Contains("李四", cut.Find("[data-testid=default-chip]").Closest("tr")!.TextContent));
        Assert.Single(cut.FindAll("[data-testid=default-chip]"));
        Assert.Contains("张三", cut.Find("[data-testid=set-default]").Closest("tr")!.TextContent);
        Assert.Equal(second.Id, Assert.Single(await Service.ListAsync(visitor), r => r.IsDefault).Id);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _app.Dispose();
    }
}
