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
    [Fact]
    public void Side_event_is_trimmed_and_published_on_demand()
    {
        var date = new DateOnly(2025, 11, 6);
        var sideEvent = new SideEvent(Guid.NewGuid(), " 医疗器械对接会 ", date, "进博局", "赵六", "021-1234", openToVisitors: true);
        Assert.Equal(("医疗器械对接会", date, true, false), (sideEvent.Name, sideEvent.Date, sideEvent.OpenToVisitors, sideEvent.Published));
        sideEvent.Publish();
        Assert.True(sideEvent.Published);
        sideEvent.Withdraw();
        Assert.False(sideEvent.Published);
    }

    [Fact]
    public void Required_text_is_checked()
    {
        var sideEvent = new SideEvent(Guid.NewGuid(), "活动", new DateOnly(2025, 11, 6), "主办", "联系人", "电话", false);
        var error = Assert.Throws<DomainException>(() => sideEvent.Change("活动", new DateOnly(2025, 11, 6), " ", "联系人", "电话", false));
        Assert.Equal("ValidData", error.Guard);
        Assert.Equal("主办", sideEvent.Host);
    }
}
