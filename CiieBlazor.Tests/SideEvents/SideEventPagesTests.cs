using Bunit;
using CiieBlazor.App.Components.Operations;
using CiieBlazor.App.Components.Portal;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Features.SideEvents;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Common;
using CiieBlazor.Tests.Components;
using CiieBlazor.Tests.TestSupport;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CiieBlazor.Tests.SideEvents;

/// <summary>The two side-event pages rendered with bUnit against the real service and database.</summary>
public sealed class SideEventPagesBehaviour : ComponentTest
{
    private readonly TestApp _app = new();
    private SideEventService Service => _app.Get<SideEventService>();

    public SideEventPagesBehaviour()
    {
        Services.AddSingleton(Service);
        Services.AddSingleton(_app.Get<ChangeNotifier>());
        Services.AddScoped<CurrentActor>();
    }

    private async Task<Actor> OperatorWithoutEventsAsync()
    {
        await using (var db = _app.Db()) await db.SideEvents.ExecuteDeleteAsync();
        return await _app.ActorAsync("operator");
    }

    [Fact]
    public async Task VisitorsListFollowsPublishAndUnpublishWithoutAReload()
    {
        var op = await OperatorWithoutEventsAsync();
        var first = await Service.PublishAsync(op, (await Service.CreateAsync(op, SideEventServiceBehaviour.Input("跨境电商论坛"))).Id);
        var second = await Service.CreateAsync(op, SideEventServiceBehaviour.Input("进口医药合作签约仪式", host: "国家卫生健康委"));
        await Service.CreateAsync(op, SideEventServiceBehaviour.Input("闭门会议", open: false));
        this.SignInAs(await _app.ActorAsync(DemoSeeder.VisitorCode), Roles.Visitor);

        var cut = this.RenderPage<SideEventsPage>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=side-event-name]")));
        Assert.Contains("跨境电商论坛", cut.Find("[data-testid=side-event-name]").TextContent);
        Assert.Contains("021-67008888", cut.Find("[data-testid=side-event-contact]").TextContent);
        Assert.Contains("您可通过主办单位的联系方式，联系主办方报名活动。", cut.Find("[data-testid=contact-host-hint]").TextContent);

        await Service.PublishAsync(op, second.Id);
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=side-event-name]").Count));
        Assert.Contains(cut.FindAll("[data-testid=side-event-host]"), td => td.TextContent.Contains("国家卫生健康委"));

        await Service.UnpublishAsync(op, first.Id);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=side-event-name]")));
        Assert.Contains("进口医药合作签约仪式", cut.Find("[data-testid=side-event-name]").TextContent);
        Assert.DoesNotContain("闭门会议", cut.Markup);
    }

    [Fact]
    public async Task VisitorsSearchByHostAndResetShowsAllAgain()
    {
        var op = await OperatorWithoutEventsAsync();
        await Service.PublishAsync(op, (await Service.CreateAsync(op, SideEventServiceBehaviour.Input("品鉴会", host: "广东省贸促会"))).Id);
        await Service.PublishAsync(op, (await Service.CreateAsync(op, SideEventServiceBehaviour.Input("对接会", host: "上海市商务委员会"))).Id);
        this.SignInAs(await _app.ActorAsync(DemoSeeder.VisitorCode), Roles.Visitor);
        var cut = this.RenderPage<SideEventsPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=side-event-name]").Count));

        await cut.Find("input[data-testid=filter-host]").ChangeAsync(new ChangeEventArgs { Value = "贸促" });
        await cut.Find("[data-testid=search-side-events]").ClickAsync();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=side-event-name]")));
        Assert.Contains("品鉴会", cut.Find("[data-testid=side-event-name]").TextContent);

        await cut.Find("input[data-testid=filter-host]").ChangeAsync(new ChangeEventArgs { Value = "没有这个主办单位" });
        await cut.Find("[data-testid=search-side-events]").ClickAsync();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=side-events-empty]")));

        await cut.Find("[data-testid=reset-side-events]").ClickAsync();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=side-event-name]").Count));
    }

    [Fact]
    public async Task AnOperatorAddsAnEventAndEmptyFieldsGetTheirMessagesFirst()
    {
        var op = await OperatorWithoutEventsAsync();
        this.SignInAs(op, Roles.Operator);
        var cut = this.RenderPage<SideEventsAdminPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=side-events-empty]")));

        // The page's handler waits for the dialog to close: not awaited here.
        var adding = cut.Find("[data-testid=add-side-event]").ClickAsync();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=side-event-dialog]")));
        await cut.Find("[data-testid=save-side-event]").ClickAsync();

        cut.WaitForAssertion(() => Assert.Contains("请填写活动名称", cut.FieldText("event-name")));
        Assert.Contains("请选择举办日期", cut.FieldText("event-date"));
        Assert.Contains("请填写主办单位", cut.FieldText("event-host"));
        Assert.Contains("请填写联系方式", cut.FieldText("event-contact-details"));
        Assert.Equal(0, (await Service.SearchAllAsync(op, new())).Total);
        Assert.False(adding.IsCompleted);
    }

    [Fact]
    public async Task PublishAndWithdrawFromTheOperationsList()
    {
        var op = await OperatorWithoutEventsAsync();
        await Service.CreateAsync(op, SideEventServiceBehaviour.Input("进口汽车新品发布会"));
        this.SignInAs(op, Roles.Operator);
        var cut = this.RenderPage<SideEventsAdminPage>();
        cut.WaitForAssertion(() => Assert.Equal("Draft", cut.Find("[data-testid=admin-event-status]").GetAttribute("data-status")));
        Assert.Empty(cut.FindAll("[data-testid=unpublish-side-event]"));

        await cut.Find("[data-testid=publish-side-event]").ClickAsync();
        cut.WaitForAssertion(() => Assert.Equal("Published", cut.Find("[data-testid=admin-event-status]").GetAttribute("data-status")));
        Assert.Empty(cut.FindAll("[data-testid=publish-side-event]"));

        await cut.Find("[data-testid=unpublish-side-event]").ClickAsync();
        cut.WaitForAssertion(() => Assert.Equal("Unpublished", cut.Find("[data-testid=admin-event-status]").GetAttribute("data-status")));
        Assert.Contains("已撤回", cut.Find("[data-testid=admin-event-status]").TextContent);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _app.Dispose();
    }
}

/// <summary>The side-event dialog on its own: bad input gets its message next to the field and nothing is saved.</summary>
public sealed class SideEventDialogValidation : ComponentTest
{
    private readonly List<SideEventInput> _saved = [];

    private async Task<IRenderedComponent<Bunit.Rendering.ContainerFragment>> OpenAsync(SideEventInput input, Func<SideEventInput, Task>? save = null)
    {
        var host = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MudDialogProvider>(1);
            b.CloseComponent();
        });
        var parameters = new DialogParameters<SideEventDialog>
        {
            { d => d.Input, input },
            { d => d.Save, save ?? (i => { _saved.Add(i); return Task.CompletedTask; }) },
        };
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<SideEventDialog>("编辑活动", parameters));
        return host;
    }

    [Fact]
    public async Task AnEndBeforeTheStartAndOverLongTextAreShownOnTheirFields()
    {
        var input = SideEventServiceBehaviour.Input(start: "14:00", end: "10:00");
        input.ContactPerson = new string('联', 51);
        var host = await OpenAsync(input);

        await host.Find("[data-testid=save-side-event]").ClickAsync();

        host.WaitForAssertion(() => Assert.Contains("结束时间须晚于开始时间", host.FieldText("event-end")));
        Assert.Contains("联系人不能超过50个字符", host.FieldText("event-contact-person"));
        Assert.DoesNotContain("结束时间须晚于开始时间", host.FieldText("event-start"));
        Assert.Empty(_saved);
        Assert.NotNull(host.Find("[data-testid=side-event-dialog]"));
    }

    [Fact]
    public async Task ARefusalFromTheServiceStaysInTheOpenDialog()
    {
        var host = await OpenAsync(SideEventServiceBehaviour.Input(), _ => throw new SideEventConflictException());

        await host.Find("[data-testid=save-side-event]").ClickAsync();

        host.WaitForAssertion(() => Assert.Contains("该活动已被其他人修改", host.Find("[data-testid=side-event-error]").TextContent));
        Assert.NotNull(host.Find("[data-testid=side-event-dialog]"));
    }

    [Fact]
    public async Task AGoodEventIsSavedAndTheDialogCloses()
    {
        var host = await OpenAsync(SideEventServiceBehaviour.Input("改名后的活动"));

        await host.Find("[data-testid=save-side-event]").ClickAsync();

        host.WaitForAssertion(() => Assert.Empty(host.FindAll("[data-testid=side-event-dialog]")));
        Assert.Equal("改名后的活动", Assert.Single(_saved).Name);
    }
}
