using System.IO.Compression;
using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Catalogue;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.SideEvents;
using CiieBlazor.Domain.Delegations;
using CiieBlazor.Domain.Editions;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Data;

public sealed record DemoLogin(string Role, string UserName, string Password, string Who);

/// <summary>
/// Demo data for a first start (Demo:Seed = true): three editions, delegations with sub-delegations and quotas,
/// two visitor organisations (one submitted and waiting for its delegation) and one login per role.
/// </summary>
public sealed class DemoSeeder(
    IServiceScopeFactory scopes,
    AppDbContextFactory factory,
    Features.Files.FileStore files,
    TimeProvider clock,
    ILogger<DemoSeeder> logger)
{
    public const string Password = "Ciie@2027demo";
    public const string VisitorCode = "91310115MA1K4DEM05";
    public const string OtherVisitorCode = "91440101MA59GDEM1X";
    /// <summary>Registered in the 9th edition only: signs in through “我是往届进博会观众”.</summary>
    public const string PreviousVisitorCode = "91320505MA1PREW0QN";
    public const string PreviousVisitorMobile = "13900139001";
    public const string PreviousVisitorEmail = "previous.visitor@example.com";

    public static readonly IReadOnlyList<DemoLogin> Logins =
    [
        new("visitor", VisitorCode, Password, "上海进博演示贸易有限公司 (上海交易团)"),
        new("visitor", OtherVisitorCode, Password, "广州示范进出口有限公司 (广东交易团贸促分团)"),
        new("visitor", PreviousVisitorCode, Password, "苏州往届示范科技有限公司 (previous edition only)"),
        new("reviewer", "sh.reviewer", Password, "上海交易团审核员"),
        new("reviewer", "gd.reviewer", Password, "广东交易团审核员 (covers its sub-delegations)"),
        new("reviewer", "gdmc.reviewer", Password, "广东交易团贸促分团审核员"),
        new("operator", "operator", Password, "进博局业务人员"),
        new("finance", "finance", Password, "财务"),
        new("admin", "admin", Password, "系统管理员"),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await using (var probe = factory.CreateDbContext())
        {
            if (await probe.Editions.AnyAsync(ct))
            {
                return;
            }
        }
        var now = clock.GetUtcNow();
        var seedActor = new Actor("seed", "demo seed", ActorRole.System);

        await using var db = factory.CreateDbContext();
        var current = new Edition(10, new DateOnly(2027, 11, 5), new DateOnly(2027, 11, 10), Money.Cny(200m), 50m, isCurrent: true);
        var ninth = new Edition(9, new DateOnly(2026, 11, 5), new DateOnly(2026, 11, 10), Money.Cny(200m), 50m, isCurrent: false);
        var eighth = new Edition(8, new DateOnly(2025, 11, 5), new DateOnly(2025, 11, 10), Money.Cny(200m), 50m, isCurrent: false);
        db.Editions.AddRange(current, ninth, eighth);

        var shanghai = new Delegation("SH", "上海交易团", "Shanghai Delegation", sortOrder: 1);
        var pudong = new Delegation("SH-PD", "上海交易团浦东分团", "Shanghai Delegation – Pudong", shanghai.Id, 1);
        var guangdong = new Delegation("GD", "广东交易团", "Guangdong Delegation", sortOrder: 2);
        var gdCcpit = new Delegation("GD-MC", "广东交易团贸促分团", "Guangdong Delegation – CCPIT", guangdong.Id, 1);
        var gdGz = new Delegation("GD-GZ", "广东交易团广州分团", "Guangdong Delegation – Guangzhou", guangdong.Id, 2);
        var central = new Delegation("CSOE", "中央企业交易团", "Central SOE Delegation", sortOrder: 3);
        var sinopharm = new Delegation("CSOE-SP", "中央企业交易团国药集团分团", "Central SOE Delegation – Sinopharm", central.Id, 1);
        var health = new Delegation("NHC", "国家卫生健康委交易团", "National Health Commission Delegation", sortOrder: 4);
        Delegation[] delegations = [shanghai, pudong, guangdong, gdCcpit, gdGz, central, sinopharm, health];
        db.Delegations.AddRange(delegations);
        var quotas = new List<DelegationQuota>();
        foreach (var d in delegations)
        {
            foreach (var e in new[] { current, ninth, eighth })
            {
                quotas.Add(new DelegationQuota(d.Id, e.Id, d.IsSubDelegation ? 20 : 100, d.IsSubDelegation ? 20 : 100));
            }
        }
        db.DelegationQuotas.AddRange(quotas);
        var shanghaiNinth = quotas.Single(q => q.DelegationId == shanghai.Id && q.EditionId == ninth.Id);
        var admin = new Actor("seed", "demo seed", ActorRole.Admin);

        var org = new Organisation(OrganisationRegion.Mainland, OrganisationCategory.Enterprise, "上海进博演示贸易有限公司", VisitorCode, now);
        var other = new Organisation(OrganisationRegion.Mainland, OrganisationCategory.Enterprise, "广州示范进出口有限公司", OtherVisitorCode, now);
        db.Organisations.AddRange(org, other);

        // Last edition: registered, approved, one person approved (so previous-edition flows have data).
        var previous = new OrganisationRegistration(org.Id, ninth.Id, shanghai.Id, null);
        previous.UpdateDetails("张伟华", "采购总监", "13800138000", "021-50001234", "zhangwh@example.com", "上海市浦东新区世纪大道100号", DemoIntent);
        var photo = await files.SaveAsync(org.Id, "zhang-weihua.png", "image/png", DemoPhoto.Png(358, 441), now, ct);
        db.Files.Add(photo);
        var previousPerson = new Person(previous.Id, org.Id, ninth.Id, shanghai.Id, ZhangWeihua(photo.Id, ninth));
        previousPerson.Submit(ninth.FirstDay, ninth.LastDay, seedActor, now);
        previous.Submit(true, seedActor, now);
        previous.Approve(admin, null, now);
        db.Registrations.Add(previous);
        db.Persons.Add(previousPerson);
        // Last edition went all the way: tagged, paid, approved, badge produced and dispatched (so it can be reused).
        previousPerson.TagAs(PersonTag.ProfessionalVisitor, true, shanghaiNinth, admin, now);
        previousPerson.MarkOrderPaid(admin, now);
        previousPerson.Approve(admin, now);
        db.Badges.Add(DispatchedBadge(previousPerson, ninth, "CIIE9-SH-000101", admin, now));

        // This edition: organisation submitted with one person; the delegation has yet to review it.
        var registration = new OrganisationRegistration(org.Id, current.Id, shanghai.Id, "CIIE-PARTNER-01", previous.Id);
        registration.UpdateDetails("张伟华", "采购总监", "13800138000", "021-50001234", "zhangwh@example.com", "上海市浦东新区世纪大道100号", DemoIntent);
        var person = new Person(registration.Id, org.Id, current.Id, shanghai.Id, ZhangWeihua(photo.Id, current));
        person.Submit(current.FirstDay, current.LastDay, seedActor, now);
        registration.Submit(true, seedActor, now);
        db.Registrations.Add(registration);
        db.Persons.Add(person);

        // A second organisation, still filling in its data, under a Guangdong sub-delegation.
        db.Registrations.Add(new OrganisationRegistration(other.Id, current.Id, gdCcpit.Id, null));

        // A third one came last edition only: it signs in as a previous-edition visitor to carry its data over.
        var former = new Organisation(OrganisationRegion.Mainland, OrganisationCategory.Enterprise, "苏州往届示范科技有限公司", PreviousVisitorCode, now);
        db.Organisations.Add(former);
        var formerRegistration = new OrganisationRegistration(former.Id, ninth.Id, shanghai.Id, null);
        formerRegistration.UpdateDetails("李明", "进口部经理", PreviousVisitorMobile, null, PreviousVisitorEmail, "江苏省苏州市工业园区星湖街328号", DemoIntent);
        var formerPhoto = await files.SaveAsync(former.Id, "li-ming.png", "image/png", DemoPhoto.Png(358, 441), now, ct);
        db.Files.Add(formerPhoto);
        var formerPerson = new Person(formerRegistration.Id, former.Id, ninth.Id, shanghai.Id, ZhangWeihua(formerPhoto.Id, ninth) with
        {
            Name = "李明", DocumentNumber = "440101199001011866", Mobile = PreviousVisitorMobile, Email = PreviousVisitorEmail,
        });
        formerPerson.Submit(ninth.FirstDay, ninth.LastDay, seedActor, now);
        formerRegistration.Submit(true, seedActor, now);
        formerRegistration.Approve(admin, null, now);
        db.Registrations.Add(formerRegistration);
        db.Persons.Add(formerPerson);
        formerPerson.TagAs(PersonTag.Staff, true, shanghaiNinth, admin, now);
        formerPerson.Approve(admin, now);
        db.Badges.Add(DispatchedBadge(formerPerson, ninth, "CIIE9-SH-000102", admin, now));
        // A colleague who failed last edition's review: may only re-apply, not reuse.
        var rejected = new Person(formerRegistration.Id, former.Id, ninth.Id, shanghai.Id, ZhangWeihua(formerPhoto.Id, ninth) with
        {
            Name = "周洁", Gender = Gender.Female, DocumentNumber = "11010519491231002X", Mobile = "13900139002", Email = "zhoujie@example.com",
        });
        rejected.Submit(ninth.FirstDay, ninth.LastDay, seedActor, now);
        rejected.TagAs(PersonTag.ProfessionalVisitor, true, shanghaiNinth, admin, now);
        rejected.MarkOrderPaid(admin, now);
        rejected.Reject("背景审核未通过", admin, now);
        db.Persons.Add(rejected);

        // 配套活动: two published and open to professional visitors, one draft the operators are still preparing.
        var organiser = new Actor("seed", "demo seed", ActorRole.Operator);
        SideEventDetails[] sideEvents =
        [
            new("进口医疗器械与康复养老采购对接会", current.FirstDay.AddDays(1), new TimeOnly(9, 30), new TimeOnly(11, 30), "国家会展中心（上海）4.1馆B区会议室",
                "上海市商务委员会", "王敏", "021-62758800 / duijiehui@example.com", true, "采购商与医疗器械、康复养老展商一对一洽谈，请提前联系主办方预约。"),
            new("跨境电商与进口消费品创新论坛", current.FirstDay.AddDays(2), new TimeOnly(14, 0), new TimeOnly(17, 0), "国家会展中心（上海）虹桥厅",
                "中国国际贸易促进委员会", "刘洋", "010-88075000", true, null),
            new("交易团团长闭门工作会", current.FirstDay, new TimeOnly(16, 0), new TimeOnly(17, 30), "国家会展中心（上海）南广场会议中心",
                "中国国际进口博览局", "陈静", "021-67008888", false, null),
        ];
        foreach (var details in sideEvents)
        {
            var sideEvent = SideEvent.Create(current.Id, details, organiser, now);
            if (details.OpenToVisitors) sideEvent.Publish(organiser, now);
            db.SideEvents.Add(sideEvent);
        }

        await db.SaveChangesAsync(ct);

        using var scope = scopes.CreateScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await CreateUser(users, VisitorCode, org.Name, Roles.Visitor, org.Id, null, now);
        await CreateUser(users, OtherVisitorCode, other.Name, Roles.Visitor, other.Id, null, now);
        await CreateUser(users, PreviousVisitorCode, former.Name, Roles.Visitor, former.Id, null, now);
        await CreateUser(users, "sh.reviewer", "上海交易团审核员", Roles.Reviewer, null, shanghai.Id, now);
        await CreateUser(users, "gd.reviewer", "广东交易团审核员", Roles.Reviewer, null, guangdong.Id, now);
        await CreateUser(users, "gdmc.reviewer", "广东交易团贸促分团审核员", Roles.Reviewer, null, gdCcpit.Id, now);
        await CreateUser(users, "operator", "进博局业务人员", Roles.Operator, null, null, now);
        await CreateUser(users, "finance", "财务", Roles.Finance, null, null, now);
        await CreateUser(users, "admin", "系统管理员", Roles.Admin, null, null, now);
        logger.LogInformation("Demo data seeded.");
    }

    private static readonly PurchasingIntent DemoIntent = new(
        new AmountRange(1000, 1000),
        new AmountRange(8000, 8000),
        [new CountryInterest("US", ProcurementStage.DemandForecast), new CountryInterest("JP", ProcurementStage.DemandForecast), new CountryInterest("KR", ProcurementStage.DemandForecast)],
        ["MED.PHARMA.DRUGS", "MED.DEVICE.DEVICES"],
        []);

    private static Badge DispatchedBadge(Person person, Edition edition, string number, Actor actor, DateTimeOffset now)
    {
        var badge = new Badge(person.Id, edition.Id);
        badge.Queue(true, false, actor, now);
        badge.Produce(number, actor, now);
        badge.Dispatch(DispatchMethod.HandedToDelegation, null, null, actor, now);
        return badge;
    }

    /// <summary>The demo visitor 张伟华's person data for an edition (valid as submitted; the benchmark seeds copies of it).</summary>
    public static PersonData ZhangWeihua(Guid photoId, Edition edition) => new()
    {
        PersonType = PersonType.Mainland,
        Name = "张伟华",
        Gender = Gender.Male,
        DocumentType = DocumentType.ResidentId,
        DocumentNumber = "310115198503122018",
        Nationality = "CN",
        Position = "采购经理",
        Mobile = "13800138000",
        Email = "zhangwh@example.com",
        PhotoFileId = photoId,
        EntryFrom = edition.FirstDay,
        EntryTo = edition.LastDay,
        PickupMethod = PickupMethod.DelegationCollects,
        CommitmentTicked = true,
    };

    private static async Task CreateUser(UserManager<AppUser> users, string userName, string displayName, string role, Guid? organisationId, Guid? delegationId, DateTimeOffset now)
    {
        var user = new AppUser
        {
            UserName = userName,
            DisplayName = displayName,
            OrganisationId = organisationId,
            DelegationId = delegationId,
            CreatedAt = now,
            LockoutEnabled = true,
        };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo user {userName}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
        await users.AddToRoleAsync(user, role);
    }
}

/// <summary>A plain PNG (grey portrait placeholder) for demo persons, written without any imaging library.</summary>
public static class DemoPhoto
{
    public static byte[] Png(int width, int height)
    {
        var raw = new byte[(width * 3 + 1) * height];
        for (var y = 0; y < height; y++)
        {
            var row = y * (width * 3 + 1);
            for (var x = 0; x < width; x++)
            {
                var dx = x - width / 2.0; var dyHead = y - height * 0.38; var dyBody = y - height * 0.95;
                var inHead = dx * dx / (width * width * 0.04) + dyHead * dyHead / (height * height * 0.035) < 1;
                var inBody = dx * dx / (width * width * 0.16) + dyBody * dyBody / (height * height * 0.16) < 1;
                byte v = inHead || inBody ? (byte)120 : (byte)225;
                raw[row + 1 + x * 3] = v; raw[row + 2 + x * 3] = v; raw[row + 3 + x * 3] = (byte)(v + 20 > 255 ? 255 : v + 20);
            }
        }
        using var ms = new MemoryStream();
        ms.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        WriteInt(ihdr, 0, width); WriteInt(ihdr, 4, height);
        ihdr[8] = 8; ihdr[9] = 2;
        Chunk(ms, "IHDR", ihdr);
        using (var z = new MemoryStream())
        {
            using (var zl = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true)) zl.Write(raw);
            Chunk(ms, "IDAT", z.ToArray());
        }
        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    private static void WriteInt(byte[] b, int at, int v)
    {
        b[at] = (byte)(v >> 24); b[at + 1] = (byte)(v >> 16); b[at + 2] = (byte)(v >> 8); b[at + 3] = (byte)v;
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var len = new byte[4]; WriteInt(len, 0, data.Length); s.Write(len);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes); s.Write(data);
        var crc = new byte[4]; WriteInt(crc, 0, (int)Crc32(typeBytes.Concat(data).ToArray())); s.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
