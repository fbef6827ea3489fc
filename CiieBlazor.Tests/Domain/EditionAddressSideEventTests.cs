using CiieBlazor.Domain.Addresses;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Editions;
using CiieBlazor.Domain.SideEvents;

namespace CiieBlazor.Tests.Domain;

public class EditionRules
{
    [Theory]
    [InlineData(1, "第一届中国国际进口博览会", "1st CIIE")]
    [InlineData(2, "第二届中国国际进口博览会", "2nd CIIE")]
    [InlineData(3, "第三届中国国际进口博览会", "3rd CIIE")]
    [InlineData(8, "第八届中国国际进口博览会", "8th CIIE")]
    [InlineData(10, "第十届中国国际进口博览会", "10th CIIE")]
    [InlineData(11, "第十一届中国国际进口博览会", "11th CIIE")]
    [InlineData(12, "第十二届中国国际进口博览会", "12th CIIE")]
    [InlineData(20, "第二十届中国国际进口博览会", "20th CIIE")]
    [InlineData(21, "第二十一届中国国际进口博览会", "21st CIIE")]
    [InlineData(23, "第二十三届中国国际进口博览会", "23rd CIIE")]
    public void Names_in_both_languages(int number, string zh, string en)
    {
        var edition = new Edition(number, Build.FirstDay, Build.LastDay, Money.Cny(200m), 50m, true);
        Assert.Equal((zh, en), (edition.NameZh, edition.NameEn));
    }

    [Fact]
    public void Reuse_fee_is_the_configured_percentage_of_the_badge_fee()
    {
        Assert.Equal(Money.Cny(100m), Build.Edition(200m, 50m).ReuseFee);
        Assert.Equal(Money.Cny(60m), Build.Edition(200m, 30m).ReuseFee);
    }

    [Fact]
    public void Covers_only_ranges_within_the_expo_days()
    {
        var edition = Build.Edition();
        Assert.True(edition.Covers(Build.FirstDay, Build.LastDay));
        Assert.True(edition.Covers(Build.LastDay, Build.LastDay));
        Assert.False(edition.Covers(Build.FirstDay.AddDays(-1), Build.LastDay));
        Assert.False(edition.Covers(Build.FirstDay, Build.LastDay.AddDays(1)));
        Assert.False(edition.Covers(Build.LastDay, Build.FirstDay));
    }

    [Fact]
    public void Invalid_editions_are_refused_and_a_current_one_can_become_previous()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Edition(0, Build.FirstDay, Build.LastDay, Money.Zero, 50m, true));
        Assert.Throws<ArgumentException>(() => new Edition(8, Build.LastDay, Build.FirstDay, Money.Zero, 50m, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Edition(8, Build.FirstDay, Build.LastDay, Money.Zero, 100.5m, true));
        var edition = Build.Edition();
        Assert.True(edition.IsCurrent);
        edition.MarkPrevious();
        Assert.False(edition.IsCurrent);
    }
}

public class CourierAddressRules
{
    private static CourierAddress Address(string mobile = "13800138000") =>
        new(Guid.NewGuid(), "上海市", "上海市", "青浦区", " 崧泽大道333号 ", "王五", mobile);

    [Fact]
    public void Valid_address_is_trimmed_and_shown_on_one_line()
    {
        var address = Address();
        Assert.Equal("上海市上海市青浦区崧泽大道333号", address.OneLine);
        Assert.False(address.IsDefault);
    }

    [Theory]
    [InlineData("12345678901")]
    [InlineData("1380013800")]
    [InlineData("+8613800138000")]
    public void Recipient_mobile_must_be_a_mainland_number(string mobile) =>
        Assert.Equal("ValidData", Assert.Throws<DomainException>(() => Address(mobile)).Guard);

    [Fact]
    public void Missing_or_overlong_fields_are_refused()
    {
        Assert.Throws<DomainException>(() => new CourierAddress(Guid.NewGuid(), " ", "上海市", "青浦区", "路", "王五", "13800138000"));
        Assert.Throws<DomainException>(() => new CourierAddress(Guid.NewGuid(), "上海市", "上海市", "青浦区", new string('路', 201), "王五", "13800138000"));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    public void At_most_five_addresses(int existing, bool room)
    {
        if (room)
        {
            CourierAddress.EnsureRoomFor(existing);
        }
        else
        {
            Assert.Equal("AtMostFive", Assert.Throws<DomainException>(() => CourierAddress.EnsureRoomFor(existing)).Guard);
        }
    }

    [Fact]
    public void Exactly_one_default()
    {
        var addresses = Enumerable.Range(0, 3).Select(_ => Address()).ToArray();
        CourierAddress.SetDefault(addresses, addresses[1].Id);
        Assert.Equal(new[] { false, true, false }, addresses.Select(a => a.IsDefault));
        CourierAddress.SetDefault(addresses, addresses[2].Id);
        Assert.Equal(new[] { false, false, true }, addresses.Select(a => a.IsDefault));
    }
}

public class SideEventRules
{
    private static readonly Actor Operator = new("op", "进博局业务人员", ActorRole.Operator);
    private static readonly DateTimeOffset Now = new(2027, 9, 1, 8, 0, 0, TimeSpan.Zero);

    private static SideEventDetails Details(string? name = " 医疗器械对接会 ", string start = "09:30", string end = "11:30", string? host = "进博局",
        string? description = null, bool open = true) =>
        new(name, new DateOnly(2027, 11, 6), TimeOnly.Parse(start), TimeOnly.Parse(end), "国家会展中心（上海）4.1馆", host, "赵六", "021-1234",
            open, description);

    private static SideEvent Created(SideEventDetails? details = null) => SideEvent.Create(Guid.NewGuid(), details ?? Details(), Operator, Now);

    [Fact]
    public void A_new_event_is_a_trimmed_draft_that_visitors_do_not_see()
    {
        var sideEvent = Created();

        Assert.Equal(("医疗器械对接会", SideEventStatus.Draft, false), (sideEvent.Name, sideEvent.Status, sideEvent.VisibleToVisitors));
        Assert.Equal((new TimeOnly(9, 30), new TimeOnly(11, 30)), (sideEvent.Start, sideEvent.End));
        Assert.Null(sideEvent.Description);
        var created = Assert.Single(sideEvent.PendingAudit);
        Assert.Equal(("SideEvent", "Draft", "Draft", "Create", "op"), (created.Machine, created.From, created.To, created.Trigger, created.ActorId));
    }

    [Fact]
    public void Publish_and_unpublish_follow_the_table_and_are_audited()
    {
        var sideEvent = Created();
        Assert.True(sideEvent.CanPublish);
        Assert.False(sideEvent.CanUnpublish);

        sideEvent.Publish(Operator, Now);
        Assert.True(sideEvent.VisibleToVisitors);
        Assert.Equal(SideEventStatus.Published.ToString(), Assert.Throws<DomainException>(() => sideEvent.Publish(Operator, Now)).State);

        sideEvent.Unpublish(Operator, Now);
        Assert.Equal((SideEventStatus.Unpublished, false, true), (sideEvent.Status, sideEvent.VisibleToVisitors, sideEvent.CanPublish));
        sideEvent.Publish(Operator, Now);

        Assert.Equal(new[] { "Create", "Publish", "Unpublish", "Publish" }, sideEvent.PendingAudit.Select(a => a.Trigger));
        Assert.Equal(new[] { ("Unpublished", "Published") }, sideEvent.PendingAudit.Skip(3).Select(a => (a.From, a.To)));
    }

    [Fact]
    public void Not_open_to_professional_visitors_stays_hidden_when_published()
    {
        var sideEvent = Created(Details(open: false));
        sideEvent.Publish(Operator, Now);
        Assert.False(sideEvent.VisibleToVisitors);
    }

    [Theory]
    [InlineData("11:30", "09:30")]
    [InlineData("09:30", "09:30")]
    public void An_end_not_after_the_start_is_refused_with_the_reason(string start, string end)
    {
        var error = Assert.Throws<DomainException>(() => Created(Details(start: start, end: end)));
        Assert.Equal("EndAfterStart", error.Guard);
        Assert.Contains("结束时间须晚于开始时间", error.Message);
    }

    [Fact]
    public void Every_problem_is_named_with_its_field()
    {
        var problems = SideEvent.Problems(Details(name: " ", start: "12:00", end: "10:00", host: new string('主', SideEvent.MaxHostLength + 1),
            description: new string('介', SideEvent.MaxDescriptionLength + 1)));

        Assert.Equal(new[] { "Name", "End", "Host", "Description" }, problems.Select(p => p.Field));
        Assert.Contains("请填写活动名称", problems[0].Message);
        Assert.Contains($"主办单位不能超过{SideEvent.MaxHostLength}个字符", problems[2].Message);
        Assert.Empty(SideEvent.Problems(Details()));
    }

    [Fact]
    public void A_refused_edit_changes_nothing_and_a_good_one_names_the_changed_fields()
    {
        var sideEvent = Created();
        sideEvent.TakeAudit();

        var error = Assert.Throws<DomainException>(() => sideEvent.Change(Details(host: " "), Operator, Now));
        Assert.Equal("ValidData", error.Guard);
        Assert.Equal(("进博局", "医疗器械对接会"), (sideEvent.Host, sideEvent.Name));
        Assert.Empty(sideEvent.PendingAudit);

        sideEvent.Change(Details(host: "上海市商务委员会", end: "12:00"), Operator, Now);
        var edit = Assert.Single(sideEvent.PendingAudit);
        Assert.Equal(("Edit", "End, Host"), (edit.Trigger, edit.Reason));

        sideEvent.Change(Details(host: "上海市商务委员会", end: "12:00"), Operator, Now);
        Assert.Single(sideEvent.PendingAudit); // nothing changed, nothing recorded
    }
}
