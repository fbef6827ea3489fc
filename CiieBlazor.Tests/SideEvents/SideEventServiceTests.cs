using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Features.SideEvents;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.SideEvents;
using CiieBlazor.Tests.TestSupport;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.SideEvents;

/// <summary>One app (migrated and seeded once) for the class; each test starts from no side events.</summary>
public sealed class SideEventsApp : IDisposable
{
    public TestApp App { get; } = new();
    public void Dispose() => App.Dispose();
}

/// <summary>配套活动 through the service on the real app and its SQLite database.</summary>
public sealed class SideEventServiceBehaviour(SideEventsApp fixture) : IClassFixture<SideEventsApp>
{
    private readonly TestApp _app = fixture.App;

    private SideEventService Service => _app.Get<SideEventService>();

    public static SideEventInput Input(string name = "医疗器械采购对接会", string host = "上海市商务委员会", int day = 6, string start = "09:30", string end = "11:30", bool open = true) => new()
    {
        Name = name, Date = new DateOnly(2027, 11, day), Start = TimeOnly.Parse(start), End = TimeOnly.Parse(end),
        Location = "国家会展中心（上海）4.1馆会议室", Host = host, ContactPerson = "赵六", ContactDetails = "021-67008888",
        OpenToVisitors = open, Description = "采购商与展商一对一洽谈",
    };

    private async Task<(Actor Operator, Actor Visitor)> CleanAsync()
    {
        await using (var db = _app.Db()) await db.SideEvents.ExecuteDeleteAsync();
        return (await _app.ActorAsync("operator"), await _app.ActorAsync(DemoSeeder.VisitorCode));
    }

    private async Task<SideEventRow> PublishedAsync(Actor op, SideEventInput input) =>
        await Service.PublishAsync(op, (await Service.CreateAsync(op, input)).Id);

    [Fact]
    public async Task CreatedAsADraftThatVisitorsDoNotSeeUntilPublished()
    {
        var (op, visitor) = await CleanAsync();

        var created = await Service.CreateAsync(op, Input());

        Assert.Equal((SideEventStatus.Draft, true, false), (created.Status, created.CanPublish, created.CanUnpublish));
        Assert.Equal(0, (await Service.SearchPublishedAsync(visitor, new())).Total);
        var published = await Service.PublishAsync(op, created.Id);
        Assert.Equal(SideEventStatus.Published, published.Status);
        var row = Assert.Single((await Service.SearchPublishedAsync(visitor, new())).Rows);
        Assert.Equal(("医疗器械采购对接会", "上海市商务委员会", "赵六", "021-67008888", new TimeOnly(9, 30)), (row.Name, row.Host, row.ContactPerson, row.ContactDetails, row.Start));

        await Service.UnpublishAsync(op, created.Id);
        Assert.Empty((await Service.SearchPublishedAsync(visitor, new())).Rows);
        Assert.Equal(SideEventStatus.Unpublished, Assert.Single((await Service.SearchAllAsync(op, new())).Rows).Status);
    }

    [Fact]
    public async Task EveryChangeIsAuditedWithWhoAndWhat()
    {
        var (op, _) = await CleanAsync();
        var created = await Service.CreateAsync(op, Input());
        var edited = await Service.UpdateAsync(op, created.Id, created.Version, Input(host: "进博局", end: "12:00"));
        await Service.PublishAsync(op, created.Id);
        await Service.UnpublishAsync(op, created.Id);

        Assert.Equal(("进博局", new TimeOnly(12, 0)), (edited.Host, edited.End));
        await using var db = _app.Db();
        var audit = await db.AuditRecords.Where(a => a.EntityId == created.Id).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(new[] { ("Create", "Draft", "Draft"), ("Edit", "Draft", "Draft"), ("Publish", "Draft", "Published"), ("Unpublish", "Published", "Unpublished") },
            audit.Select(a => (a.Trigger, a.From, a.To)));
        Assert.All(audit, a => Assert.Equal((op.UserId, "SideEvent"), (a.ActorId, a.Machine)));
        Assert.Equal("End, Host", audit[1].Reason);
    }

    [Fact]
    public async Task VisitorsSearchByNameDateAndHostAndPageInSql()
    {
        var (op, visitor) = await CleanAsync();
        for (var i = 1; i <= 12; i++)
        {
            await PublishedAsync(op, Input($"进口食品品鉴会{i:00}", host: i % 2 == 0 ? "上海市商务委员会" : "广东省贸促会", day: 5 + i % 3));
        }
        await PublishedAsync(op, Input("不对专业观众开放的闭门会", open: false));
        await Service.CreateAsync(op, Input("尚未发布的草稿活动"));

        var all = await Service.SearchPublishedAsync(visitor, new(PageSize: 5));
        Assert.Equal((12, 5), (all.Total, all.Rows.Count));
        var third = await Service.SearchPublishedAsync(visitor, new(Page: 2, PageSize: 5));
        Assert.Equal(2, third.Rows.Count);
        Assert.Empty(all.Rows.Select(r => r.Id).Intersect(third.Rows.Select(r => r.Id)));
        Assert.Equal(all.Rows.OrderBy(r => r.Date).ThenBy(r => r.Name).Select(r => r.Id), all.Rows.Select(r => r.Id));

        Assert.Equal("进口食品品鉴会07", Assert.Single((await Service.SearchPublishedAsync(visitor, new(Name: " 品鉴会07 "))).Rows).Name);
        Assert.Equal(6, (await Service.SearchPublishedAsync(visitor, new(Host: "贸促会"))).Total);
        var onTheSixth = await Service.SearchPublishedAsync(visitor, new(Date: new DateOnly(2027, 11, 6)));
        Assert.Equal(4, onTheSixth.Total);
        Assert.All(onTheSixth.Rows, r => Assert.Equal(new DateOnly(2027, 11, 6), r.Date));
        Assert.Equal(2, (await Service.SearchPublishedAsync(visitor, new(Name: "品鉴会", Host: "商务委员会", Date: new DateOnly(2027, 11, 6)))).Total);
        // Operators see drafts and events closed to visitors too, and may filter by status.
        Assert.Equal(14, (await Service.SearchAllAsync(op, new())).Total);
        Assert.Equal("尚未发布的草稿活动", Assert.Single((await Service.SearchAllAsync(op, new(Status: SideEventStatus.Draft))).Rows).Name);
    }

    [Fact]
    public async Task AVisitorCannotCreateChangeOrListUnpublishedEvents()
    {
        var (op, visitor) = await CleanAsync();
        var draft = await Service.CreateAsync(op, Input("内部草稿"));

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.CreateAsync(visitor, Input("观众自建活动")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.UpdateAsync(visitor, draft.Id, draft.Version, Input("观众改名")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.PublishAsync(visitor, draft.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.SearchAllAsync(visitor, new()));
        var finance = await _app.ActorAsync("finance");
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.SearchAllAsync(finance, new()));

        Assert.Empty((await Service.SearchPublishedAsync(visitor, new(Name: "草稿"))).Rows);
        var stored = Assert.Single((await Service.SearchAllAsync(op, new())).Rows);
        Assert.Equal(("内部草稿", SideEventStatus.Draft), (stored.Name, stored.Status));
    }

    [Fact]
    public async Task AnUnknownEventIsRefusedAndLogged()
    {
        var (op, _) = await CleanAsync();
        var missing = Guid.NewGuid();

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.PublishAsync(op, missing));

        await using var db = _app.Db();
        Assert.Equal(op.UserId, Assert.Single(await db.AuditRecords.Where(a => a.Machine == "Access" && a.EntityId == missing).ToListAsync()).ActorId);
    }

    [Theory]
    [InlineData("Name", "请填写活动名称")]
    [InlineData("End", "结束时间须晚于开始时间")]
    [InlineData("Host", "主办单位不能超过200个字符")]
    [InlineData("ContactDetails", "请填写联系方式")]
    public async Task BadInputIsRefusedOnItsFieldAndChangesNothing(string field, string message)
    {
        var (op, _) = await CleanAsync();
        var original = await Service.CreateAsync(op, Input());
        var bad = Input();
        switch (field)
        {
            case "Name": bad.Name = "  "; break;
            case "End": bad.End = new TimeOnly(8, 0); break;
            case "Host": bad.Host = new string('主', 201); break;
            case "ContactDetails": bad.ContactDetails = null; break;
        }

        var created = await Assert.ThrowsAsync<ValidationException>(() => Service.CreateAsync(op, bad));
        var edited = await Assert.ThrowsAsync<ValidationException>(() => Service.UpdateAsync(op, original.Id, original.Version, bad));

        foreach (var refusal in new[] { created, edited })
        {
            var failure = Assert.Single(refusal.Errors);
            Assert.Equal(field, failure.PropertyName);
            Assert.Contains(message, failure.ErrorMessage);
        }
        Assert.Equal(original, Assert.Single((await Service.SearchAllAsync(op, new())).Rows));
    }

    [Fact]
    public async Task AStaleEditIsRefusedSoAnotherOperatorsChangeIsNotLost()
    {
        var (op, _) = await CleanAsync();
        var opened = await Service.CreateAsync(op, Input());
        await Service.UpdateAsync(op, opened.Id, opened.Version, Input(host: "另一位业务人员改的主办单位"));

        await Assert.ThrowsAsync<SideEventConflictException>(() => Service.UpdateAsync(op, opened.Id, opened.Version, Input(host: "旧窗口")));

        Assert.Equal("另一位业务人员改的主办单位", Assert.Single((await Service.SearchAllAsync(op, new())).Rows).Host);
    }

    [Fact]
    public async Task PublishingTellsTheSubscribers()
    {
        var (op, _) = await CleanAsync();
        var created = await Service.CreateAsync(op, Input());
        var told = new TaskCompletionSource();
        using var subscription = _app.Get<ChangeNotifier>().Subscribe(Topics.SideEvents, () => { told.TrySetResult(); return Task.CompletedTask; });

        await Service.PublishAsync(op, created.Id);

        await told.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
