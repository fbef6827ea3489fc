using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Addresses;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Addresses;
using CiieBlazor.Domain.Common;
using CiieBlazor.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Addresses;

/// <summary>One app (migrated and seeded once) for the whole class; each test starts from no saved addresses.</summary>
public sealed class AddressesApp : IDisposable
{
    public TestApp App { get; } = new();
    public void Dispose() => App.Dispose();
}

/// <summary>管理证件快递常用地址 through the service, on the real app and its SQLite database.</summary>
public sealed class CourierAddressServiceBehaviour(AddressesApp fixture) : IClassFixture<AddressesApp>
{
    private readonly TestApp _app = fixture.App;

    private CourierAddressService Service => _app.Get<CourierAddressService>();

    private static CourierAddressInput Tianhe(string recipient = "张三", string mobile = "13800138000") => new()
    {
        ProvinceCode = "44", CityCode = "4401", DistrictCode = "440106",
        Street = "天河路385号太古汇一座20楼", Recipient = recipient, Mobile = mobile,
    };

    private static CourierAddressInput Chaoyang(string recipient = "李四") => new()
    {
        ProvinceCode = "11", CityCode = "1101", DistrictCode = "110105",
        Street = "建国门外大街1号", Recipient = recipient, Mobile = "13900139000",
    };

    /// <summary>The demo visitor, starting from no saved addresses whatever the demo data or an earlier test left.</summary>
    private async Task<Actor> VisitorWithoutAddressesAsync(string code = DemoSeeder.VisitorCode)
    {
        var actor = await _app.ActorAsync(code);
        await using var db = _app.Db();
        await db.CourierAddresses.Where(a => a.OrganisationId == actor.OrganisationId).ExecuteDeleteAsync();
        return actor;
    }

    [Fact]
    public async Task TheFirstAddressBecomesTheDefaultWithTheDivisionNamesKept()
    {
        var visitor = await VisitorWithoutAddressesAsync();

        var row = await Service.AddAsync(visitor, Tianhe());

        Assert.True(row.IsDefault);
        Assert.Equal(("广东省", "广州市", "天河区"), (row.Province, row.City, row.District));
        Assert.Equal("广东省广州市天河区天河路385号太古汇一座20楼", row.OneLine);
        var listed = Assert.Single(await Service.ListAsync(visitor));
        Assert.Equal(row, listed);
        Assert.Equal(Tianhe().DistrictCode, listed.ToInput().DistrictCode);
    }

    [Fact]
    public async Task FiveAreAllowedAndTheSixthIsRefusedWithTheMessage()
    {
        var visitor = await VisitorWithoutAddressesAsync();
        for (var i = 1; i <= CourierAddress.MaxPerOrganisation; i++)
        {
            await Service.AddAsync(visitor, Tianhe($"收件人{i}"));
        }

        var refused = await Assert.ThrowsAsync<DomainException>(() => Service.AddAsync(visitor, Chaoyang()));

        Assert.Equal("常用地址最多可保存五个 (at most five saved addresses)", refused.Message);
        var rows = await Service.ListAsync(visitor);
        Assert.Equal(5, rows.Count);
        Assert.Equal(new[] { "收件人1", "收件人2", "收件人3", "收件人4", "收件人5" }, rows.Select(r => r.Recipient));
        Assert.Equal("收件人1", Assert.Single(rows, r => r.IsDefault).Recipient);
    }

    [Fact]
    public async Task WindowsAddingTheFifthAtOnceStillKeepFive()
    {
        // Without the serializable transaction around count-and-insert this fails in most rounds.
        for (var round = 0; round < 5; round++)
        {
            var visitor = await VisitorWithoutAddressesAsync();
            for (var i = 1; i <= 4; i++) await Service.AddAsync(visitor, Tianhe($"收件人{i}"));

            var attempts = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Task.Run(async () =>
            {
                try { await Service.AddAsync(visitor, Chaoyang($"窗口{i}")); return (Exception?)null; }
                catch (Exception ex) { return ex; }
            })));

            Assert.Single(attempts, e => e is null);
            Assert.All(attempts.OfType<Exception>(), e => Assert.IsType<DomainException>(e));
            var rows = await Service.ListAsync(visitor);
            Assert.Equal(5, rows.Count);
            Assert.Single(rows, r => r.IsDefault);
        }
    }

    [Fact]
    public async Task SetDefaultLeavesExactlyOneDefault()
    {
        var visitor = await VisitorWithoutAddressesAsync();
        var first = await Service.AddAsync(visitor, Tianhe());
        var second = await Service.AddAsync(visitor, Chaoyang());
        Assert.False(second.IsDefault);

        await Service.SetDefaultAsync(visitor, second.Id);

        var rows = await Service.ListAsync(visitor);
        Assert.Equal(second.Id, Assert.Single(rows, r => r.IsDefault).Id);
        Assert.False(rows.Single(r => r.Id == first.Id).IsDefault);
    }

    [Fact]
    public async Task DeletingTheDefaultMakesTheOldestRemainingOneTheDefault()
    {
        var visitor = await VisitorWithoutAddressesAsync();
        var first = await Service.AddAsync(visitor, Tianhe("一"));
        await Task.Delay(5); // ids are time-ordered to the millisecond
        var second = await Service.AddAsync(visitor, Chaoyang("二"));
        await Task.Delay(5);
        var third = await Service.AddAsync(visitor, Tianhe("三"));
        await Service.SetDefaultAsync(visitor, third.Id);

        await Service.DeleteAsync(visitor, third.Id);
        var afterDefaultGone = await Service.ListAsync(visitor);
        Assert.Equal(first.Id, Assert.Single(afterDefaultGone, r => r.IsDefault).Id);

        await Service.DeleteAsync(visitor, first.Id);
        Assert.Equal(second.Id, Assert.Single(await Service.ListAsync(visitor), r => r.IsDefault).Id);

        await Service.DeleteAsync(visitor, second.Id);
        Assert.Empty(await Service.ListAsync(visitor));
    }

    [Fact]
    public async Task DeletingAnotherAddressKeepsTheDefault()
    {
        var visitor = await VisitorWithoutAddressesAsync();
        var first = await Service.AddAsync(visitor, Tianhe());
        var second = await Service.AddAsync(visitor, Chaoyang());

        await Service.DeleteAsync(visitor, second.Id);

        Assert.Equal(first.Id, Assert.Single(await Service.ListAsync(visitor), r => r.IsDefault).Id);
    }

    [Fact]
    public async Task UpdateChangesTheAddressAndKeepsTheDefault()
    {
        var visitor = await VisitorWithoutAddressesAsync();
        var row = await Service.AddAsync(visitor, Tianhe());

        var changed = await Service.UpdateAsync(visitor, row.Id, Chaoyang("王五"));

        Assert.Equal(("北京市", "市辖区", "朝阳区", "王五"), (changed.Province, changed.City, changed.District, changed.Recipient));
        Assert.True(changed.IsDefault);
        Assert.Equal(changed, Assert.Single(await Service.ListAsync(visitor)));
    }

    [Fact]
    public async Task AnotherOrganisationsAddressIsRefusedAndLogged()
    {
        var other = await VisitorWithoutAddressesAsync(DemoSeeder.OtherVisitorCode);
        var theirs = await Service.AddAsync(other, Tianhe());
        var visitor = await VisitorWithoutAddressesAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.UpdateAsync(visitor, theirs.Id, Chaoyang("窃取")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.SetDefaultAsync(visitor, theirs.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.DeleteAsync(visitor, theirs.Id));

        Assert.Empty(await Service.ListAsync(visitor));
        Assert.Equal(theirs, Assert.Single(await Service.ListAsync(other)));
        await using var db = _app.Db();
        var denials = await db.AuditRecords.Where(a => a.Machine == "Access" && a.EntityId == theirs.Id).ToListAsync();
        Assert.Equal(3, denials.Count);
        Assert.All(denials, d => Assert.Equal(visitor.UserId, d.ActorId));
    }

    [Fact]
    public async Task AnUnknownIdIsRefused()
    {
        var visitor = await VisitorWithoutAddressesAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.DeleteAsync(visitor, Guid.NewGuid()));
    }

    [Theory]
    [InlineData("operator")]
    [InlineData("gd.reviewer")]
    public async Task OnlyVisitorOrganisationsHaveAddresses(string userName)
    {
        var staff = await _app.ActorAsync(userName);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.ListAsync(staff));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.AddAsync(staff, Tianhe()));
    }

    [Theory]
    [InlineData("44", "4403", "440106")] // 天河区 is in 广州市, not 深圳市
    [InlineData("31", "4401", "440106")]
    [InlineData("44", "4401", "999999")]
    [InlineData("44", "4401", null)]
    public async Task AnInvalidDivisionPathIsRefused(string? province, string? city, string? district)
    {
        var visitor = await VisitorWithoutAddressesAsync();
        var input = Tianhe();
        input.ProvinceCode = province;
        input.CityCode = city;
        input.DistrictCode = district;

        var refused = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => Service.AddAsync(visitor, input));

        Assert.Contains(refused.Errors, e => e.PropertyName is nameof(CourierAddressInput.CityCode) or nameof(CourierAddressInput.DistrictCode));
        Assert.Empty(await Service.ListAsync(visitor));
    }

    [Theory]
    [InlineData("1380013800")]   // ten digits
    [InlineData("138001380001")] // twelve
    [InlineData("12800138000")]  // no mainland mobile starts with 12
    [InlineData("+8613800138000")]
    [InlineData("")]
    public async Task ABadMobileIsRefused(string mobile)
    {
        var visitor = await VisitorWithoutAddressesAsync();

        var refused = await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => Service.AddAsync(visitor, Tianhe(mobile: mobile)));

        Assert.Contains(refused.Errors, e => e.PropertyName == nameof(CourierAddressInput.Mobile));
        Assert.Empty(await Service.ListAsync(visitor));
    }

    [Fact]
    public async Task ABadMobileOnUpdateLeavesTheAddressAsItWas()
    {
        var visitor = await VisitorWithoutAddressesAsync();
        var row = await Service.AddAsync(visitor, Tianhe());

        await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => Service.UpdateAsync(visitor, row.Id, Tianhe(mobile: "12345")));

        Assert.Equal(row, Assert.Single(await Service.ListAsync(visitor)));
    }

}

/// <summary>The dialog's field rules (Chinese first, English in brackets).</summary>
public sealed class CourierAddressInputValidation
{
    private readonly CourierAddressInputValidator _validator = new();

    [Fact]
    public void AValidAddressPasses() =>
        Assert.True(_validator.Validate(new CourierAddressInput
        {
            ProvinceCode = "65", CityCode = "6501", DistrictCode = "650102", Street = "人民路1号", Recipient = "阿依古丽", Mobile = " 13800138000 ",
        }).IsValid);

    [Fact]
    public void AnEmptyFormNamesEveryMissingField()
    {
        var messages = _validator.Validate(new CourierAddressInput()).Errors.Select(e => e.ErrorMessage).ToList();

        Assert.Contains("请选择省份 (choose a province)", messages);
        Assert.Contains("请选择城市 (choose a city)", messages);
        Assert.Contains("请选择区县 (choose a district)", messages);
        Assert.Contains("请填写详细地址 (street address is required)", messages);
        Assert.Contains("请填写收件人 (recipient is required)", messages);
        Assert.Contains("请填写手机号 (mobile is required)", messages);
        Assert.Equal(6, messages.Count);
    }

    [Fact]
    public void StreetAndRecipientHaveTheirLengthLimits()
    {
        var input = new CourierAddressInput
        {
            ProvinceCode = "44", CityCode = "4401", DistrictCode = "440106",
            Street = new string('路', CourierAddressInput.StreetMax + 1), Recipient = new string('张', CourierAddressInput.RecipientMax + 1), Mobile = "13800138000",
        };

        var errors = _validator.Validate(input).Errors;

        Assert.Equal(new[] { nameof(CourierAddressInput.Recipient), nameof(CourierAddressInput.Street) }, errors.Select(e => e.PropertyName).Order());
        input.Street = new string('路', CourierAddressInput.StreetMax);
        input.Recipient = new string('张', CourierAddressInput.RecipientMax);
        Assert.True(_validator.Validate(input).IsValid);
    }
}
