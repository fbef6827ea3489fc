using Bunit;
using CiieBlazor.App.Components.Portal;
using CiieBlazor.App.Features.Addresses;
using CiieBlazor.Domain.Common;
using CiieBlazor.Tests.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CiieBlazor.Tests.Addresses;

/// <summary>The address dialog: province → city → district pickers that follow each other, and saving through the page's callback.</summary>
public sealed class CourierAddressDialogCascade : ComponentTest
{
    private readonly List<CourierAddressInput> _saved = [];

    /// <summary>Opens the dialog the way the page does (dialog and popover providers present).</summary>
    private async Task<IRenderedComponent<Bunit.Rendering.ContainerFragment>> OpenAsync(CourierAddressInput? input = null, Func<CourierAddressInput, Task>? save = null)
    {
        var host = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MudDialogProvider>(1);
            b.CloseComponent();
        });
        var parameters = new DialogParameters<CourierAddressDialog>
        {
            { d => d.Input, input },
            { d => d.Save, save ?? (i => { _saved.Add(i); return Task.CompletedTask; }) },
        };
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<CourierAddressDialog>("新增地址", parameters));
        return host;
    }

    private static MudSelect<string> Select(IRenderedComponent<Bunit.Rendering.ContainerFragment> host, string testId) =>
        host.FindComponents<MudSelect<string>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), testId)).Instance;

    private static Task ChooseAsync(IRenderedComponent<Bunit.Rendering.ContainerFragment> host, string testId, string code) =>
        host.InvokeAsync(() => Select(host, testId).SelectOption(code));

    private static string Shown(IRenderedComponent<Bunit.Rendering.ContainerFragment> host, string testId) =>
        host.Find($"input[data-testid={testId}]").GetAttribute("value") ?? "";

    private static bool IsDisabled(IRenderedComponent<Bunit.Rendering.ContainerFragment> host, string testId) =>
        host.Find($"input[data-testid={testId}]").HasAttribute("disabled");

    /// <summary>The names the opened drop-down of a picker offers.</summary>
    private static async Task<List<string>> OptionsAsync(IRenderedComponent<Bunit.Rendering.ContainerFragment> host, string testId)
    {
        var select = Select(host, testId);
        await host.InvokeAsync(() => select.OpenMenu());
        var options = host.FindAll(".mud-popover-open .mud-list-item").Select(li => li.TextContent.Trim()).ToList();
        await host.InvokeAsync(() => select.CloseMenu());
        return options;
    }

    [Fact]
    public async Task CityAndDistrictWaitForTheLevelAbove()
    {
        var host = await OpenAsync();

        Assert.Equal("", Shown(host, "province"));
        Assert.True(IsDisabled(host, "city"));
        Assert.True(IsDisabled(host, "district"));
        var provinces = await OptionsAsync(host, "province");
        Assert.True(provinces.Count >= 31);
        Assert.Contains("新疆维吾尔自治区", provinces);
    }

    [Fact]
    public async Task ChoosingAProvinceOffersItsCitiesAndACityItsDistricts()
    {
        var host = await OpenAsync();

        await ChooseAsync(host, "province", "44");
        Assert.Equal("广东省", Shown(host, "province"));
        Assert.False(IsDisabled(host, "city"));
        Assert.True(IsDisabled(host, "district"));
        var cities = await OptionsAsync(host, "city");
        Assert.Contains("广州市", cities);
        Assert.Contains("深圳市", cities);
        Assert.DoesNotContain("市辖区", cities);

        await ChooseAsync(host, "city", "4401");
        Assert.Equal("广州市", Shown(host, "city"));
        var districts = await OptionsAsync(host, "district");
        Assert.Contains("天河区", districts);
        Assert.DoesNotContain("南山区", districts); // 深圳市

        await ChooseAsync(host, "district", "440106");
        Assert.Equal("天河区", Shown(host, "district"));
    }

    [Fact]
    public async Task ChangingTheProvinceClearsCityAndDistrict()
    {
        var host = await OpenAsync();
        await ChooseAsync(host, "province", "44");
        await ChooseAsync(host, "city", "4401");
        await ChooseAsync(host, "district", "440106");

        await ChooseAsync(host, "province", "11");

        Assert.Equal("北京市", Shown(host, "province"));
        Assert.Equal("", Shown(host, "city"));
        Assert.Equal("", Shown(host, "district"));
        Assert.True(IsDisabled(host, "district"));
        Assert.Equal(["市辖区"], await OptionsAsync(host, "city"));
    }

    [Fact]
    public async Task EditingShowsTheSavedPathAndSavesTheChosenCodes()
    {
        var host = await OpenAsync(new CourierAddressInput
        {
            ProvinceCode = "44", CityCode = "4401", DistrictCode = "440106", Street = "天河路385号", Recipient = "张三", Mobile = "13800138000",
        });
        Assert.Equal(("广东省", "广州市", "天河区"), (Shown(host, "province"), Shown(host, "city"), Shown(host, "district")));

        await ChooseAsync(host, "city", "4403");
        await ChooseAsync(host, "district", "440305");
        host.Find("input[data-testid=recipient]").Input("李四");
        await host.Find("[data-testid=save-address]").ClickAsync();

        var saved = Assert.Single(_saved);
        Assert.Equal(("44", "4403", "440305", "李四", "13800138000"), (saved.ProvinceCode, saved.CityCode, saved.DistrictCode, saved.Recipient, saved.Mobile));
        Assert.Empty(host.FindAll("[data-testid=address-dialog]"));
    }

    [Fact]
    public async Task AnIncompleteFormIsNotSaved()
    {
        var host = await OpenAsync();
        await ChooseAsync(host, "province", "44");
        host.Find("input[data-testid=mobile]").Input("1380013");

        await host.Find("[data-testid=save-address]").ClickAsync();

        Assert.Empty(_saved);
        Assert.Contains("请选择城市 (choose a city)", host.Markup);
        Assert.Contains("手机号应为11位中国大陆手机号码", host.Markup);
        Assert.NotEmpty(host.FindAll("[data-testid=address-dialog]"));
    }

    [Fact]
    public async Task ARefusalFromTheServiceIsShownAndTheDialogStaysOpen()
    {
        var host = await OpenAsync(
            new CourierAddressInput { ProvinceCode = "11", CityCode = "1101", DistrictCode = "110105", Street = "建国门外大街1号", Recipient = "王五", Mobile = "13900139000" },
            _ => throw DomainException.Rule("CourierAddress", "Add", "AtMostFive", "常用地址最多可保存五个 (at most five saved addresses)"));

        await host.Find("[data-testid=save-address]").ClickAsync();

        Assert.Contains("常用地址最多可保存五个", host.Find("[data-testid=address-error]").TextContent);
        Assert.NotEmpty(host.FindAll("[data-testid=address-dialog]"));
    }
}
