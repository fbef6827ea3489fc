using Bunit;
using CiieBlazor.App.Components.Portal;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Progress;
using CiieBlazor.App.Features.Review;
using CiieBlazor.App.Localization;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Progress;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor.Services;
using FlowchartComponent = CiieBlazor.App.Components.Shared.ProgressFlowchart;

namespace CiieBlazor.Tests.Components;

public abstract class ComponentTest : BunitContext, IAsyncLifetime
{
    protected ComponentTest()
    {
        Services.AddMudServices();
        Services.AddSingleton<IStringLocalizerFactory, JsonStringLocalizerFactory>();
        Services.AddTransient(typeof(IStringLocalizer<>), typeof(StringLocalizer<>));
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;
    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}

public sealed class ProgressFlowchartRendering : ComponentTest
{
    [Theory]
    [InlineData(StepState.NotStarted, "未开始")]
    [InlineData(StepState.InProgress, "进行中")]
    [InlineData(StepState.ActionRequired, "待处理")]
    [InlineData(StepState.Done, "已完成")]
    public void EachStateIsShownWithItsLabelAndStyle(StepState state, string label)
    {
        var steps = Enum.GetValues<ProgressStepKind>().Select(k => new ProgressStep(k, state, 0, 1)).ToArray();

        var cut = Render<FlowchartComponent>(p => p.Add(c => c.Steps, steps));

        var items = cut.FindAll("li.ciie-step");
        Assert.Equal(8, items.Count);
        Assert.All(items, li =>
        {
            Assert.Equal(state.ToString(), li.GetAttribute("data-state"));
            Assert.Contains("ciie-step-" + state.ToString().ToLowerInvariant(), li.ClassList);
            Assert.Contains(label, li.TextContent);
        });
    }

    [Fact]
    public void StepsSixToEightShowDoneOverTotalAndOnlyBuiltPagesAreLinked()
    {
        var steps = Enum.GetValues<ProgressStepKind>().Select(k => new ProgressStep(k, StepState.InProgress, 0, 1)).ToArray();
        var links = new Dictionary<ProgressStepKind, string> { [ProgressStepKind.OrganisationInfo] = "portal/registration" };

        var cut = Render<FlowchartComponent>(p => p.Add(c => c.Steps, steps).Add(c => c.Links, links));

        Assert.Equal("(0/1)", cut.Find("[data-testid=step-6-count]").TextContent);
        Assert.Equal("(0/1)", cut.Find("[data-testid=step-8-count]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=step-5-count]"));
        Assert.Contains("人员信息审核", cut.Find("[data-testid=step-6]").TextContent);
        var anchors = cut.FindAll("a.ciie-step-title");
        Assert.Equal("portal/registration", Assert.Single(anchors).GetAttribute("href"));
    }
}

/// <summary>The visitor's flowchart re-renders when the notifier fires (another user's action), without reload.</summary>
public sealed class VisitorProgressLiveUpdate : ComponentTest
{
    private readonly TestApp _app = new();

    public VisitorProgressLiveUpdate()
    {
        Services.AddSingleton(_app.Get<ProgressService>());
        Services.AddSingleton(_app.Get<ChangeNotifier>());
        Services.AddSingleton(_app.Get<CiieBlazor.App.Features.Accounts.PreviousEditionService>());
    }

    [Fact]
    public async Task StepFourChangesWhenTheReviewerApproves()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        var cut = Render<VisitorProgress>(p => p.Add(c => c.Actor, visitor).Add(c => c.OrganisationId, visitor.OrganisationId!.Value));
        cut.WaitForAssertion(() => Assert.Equal("AwaitingOrganisationReview", cut.Find("[data-testid=step-4]").GetAttribute("data-detail")));
        Assert.Equal(1, _app.Get<ChangeNotifier>().SubscriberCount(Topics.Organisation(visitor.OrganisationId!.Value)));

        await using (var db = _app.Db())
        {
            var registrationId = await db.Registrations.Where(r => r.OrganisationId == visitor.OrganisationId && db.Editions.Any(e => e.Id == r.EditionId && e.IsCurrent))
                .Select(r => r.Id).SingleAsync();
            await _app.Get<RegistrationReviewService>().ApproveAsync(await _app.ActorAsync("sh.reviewer"), registrationId);
        }

        // Approved, but its one person still waits for a tag: step 4 now waits for tags, and the status chip changes.
        cut.WaitForAssertion(() => Assert.Equal("AwaitingPersonTags", cut.Find("[data-testid=step-4]").GetAttribute("data-detail")));
        Assert.Equal("InProgress", cut.Find("[data-testid=step-4]").GetAttribute("data-state"));
        Assert.Equal("Approved", cut.Find("[data-testid=registration-status]").GetAttribute("data-status"));
    }

    [Fact]
    public async Task ReturnShowsActionRequiredAndTheReason()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        var cut = Render<VisitorProgress>(p => p.Add(c => c.Actor, visitor).Add(c => c.OrganisationId, visitor.OrganisationId!.Value));
        cut.WaitForAssertion(() => Assert.Equal("InProgress", cut.Find("[data-testid=step-4]").GetAttribute("data-state")));

        await using (var db = _app.Db())
        {
            var registrationId = await db.Registrations.Where(r => r.OrganisationId == visitor.OrganisationId && db.Editions.Any(e => e.Id == r.EditionId && e.IsCurrent))
                .Select(r => r.Id).SingleAsync();
            await _app.Get<RegistrationReviewService>().ReturnAsync(await _app.ActorAsync("sh.reviewer"), registrationId, "请补充单位资质证明");
        }

        cut.WaitForAssertion(() => Assert.Equal("ActionRequired", cut.Find("[data-testid=step-4]").GetAttribute("data-state")));
        Assert.Equal("ActionRequired", cut.Find("[data-testid=step-2]").GetAttribute("data-state"));
        Assert.Contains("请补充单位资质证明", cut.Find("[data-testid=return-reason]").TextContent);
    }

    [Fact]
    public async Task DisposingTheComponentEndsItsSubscription()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        var cut = Render<VisitorProgress>(p => p.Add(c => c.Actor, visitor).Add(c => c.OrganisationId, visitor.OrganisationId!.Value));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=step-1]")));

        await DisposeComponentsAsync();

        Assert.Equal(0, _app.Get<ChangeNotifier>().SubscriberCount(Topics.Organisation(visitor.OrganisationId!.Value)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _app.Dispose();
    }
}
