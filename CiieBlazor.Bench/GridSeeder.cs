using static CiieBlazor.Bench.SqlRows;
using CiieBlazor.App.Features.Security;
using System.Diagnostics;
using CiieBlazor.App.Data;
using CiieBlazor.Domain.Delegations;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Search;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Bench;

/// <summary>
/// Loads the benchmark population on top of the demo seed: top-level delegations up to the asked number, organisations
/// with approved (90%) or submitted registrations, persons with the statuses, tags and pickups of a busy edition, the
/// name grams, and badges for half the approved persons. Rows are copied from the demo's own rows (so every column has
/// a value the app can read) and written with prepared statements in large transactions; the database's triggers keep
/// the counters. Shanghai (the demo "sh.reviewer") gets 28% of organisations, the rest fall off like 1/k.
/// </summary>
public sealed class GridSeeder(AppDbContextFactory factory, BenchOptions options)
{
    private readonly Random _random = new(20271105);

    public async Task SeedAsync()
    {
        await using (var db = factory.CreateDbContext())
        {
            if (await db.Persons.CountAsync() >= options.Persons) return;
        }
        var watch = Stopwatch.StartNew();
        var (editionId, delegations) = await DelegationsAsync();
        Console.WriteLine($"  delegations: {delegations.Count} top-level ({watch.Elapsed.TotalSeconds:0}s)");

        await using var connection = await OpenBulkAsync(factory, sqliteCacheKiB: 400_000);

        var organisations = await OrganisationsAsync(connection, editionId, delegations);
        Console.WriteLine($"  organisations: {organisations.Count} ({watch.Elapsed.TotalSeconds:0}s)");
        await PersonsAsync(connection, editionId, organisations, watch);
        Console.WriteLine($"  persons and badges: {options.Persons} ({watch.Elapsed.TotalSeconds:0}s)");
        await AnalyseAsync(connection);
        Console.WriteLine($"  analysed ({watch.Elapsed.TotalSeconds:0}s)");
    }

    private async Task<(Guid EditionId, List<(Guid Id, double Weight)> Delegations)> DelegationsAsync()
    {
        await using var db = factory.CreateDbContext();
        var edition = await db.Editions.SingleAsync(e => e.IsCurrent);
        var existing = await db.Delegations.Where(d => d.ParentId == null).OrderBy(d => d.SortOrder).ToListAsync();
        for (var i = existing.Count; i < options.Delegations; i++)
        {
            var d = new Delegation($"B{i:00}", $"基准交易团{i:00}", $"Benchmark delegation {i:00}", sortOrder: 100 + i);
            db.Delegations.Add(d);
            db.DelegationQuotas.Add(new DelegationQuota(d.Id, edition.Id, 100, 100));
            existing.Add(d);
        }
        await db.SaveChangesAsync();
        var subs = await db.Delegations.Where(d => d.ParentId != null).ToListAsync();
        var shanghai = existing.Single(d => d.Code == "SH");
        var others = existing.Where(d => d != shanghai).ToList();
        var harmonic = others.Select((_, k) => 1.0 / (k + 1)).Sum();
        var weights = new List<(Guid, double)> { (shanghai.Id, 0.25) };
        weights.AddRange(subs.Select(s => (s.Id, s.ParentId == shanghai.Id ? 0.03 : 0.005)));
        var rest = 1 - weights.Sum(w => w.Item2);
        weights.AddRange(others.Select((d, k) => (d.Id, rest / harmonic / (k + 1))));
        return (edition.Id, weights);
    }

    private async Task<List<(Guid Organisation, Guid Registration, Guid Delegation)>> OrganisationsAsync(
        DbConnection connection, Guid editionId, List<(Guid Id, double Weight)> delegations)
    {
        var orgInsert = await Template(connection, "Organisations", "SELECT * FROM \"Organisations\" ORDER BY \"Id\" LIMIT 1");
        var regInsert = await Template(connection, "Registrations", "SELECT * FROM \"Registrations\" WHERE \"Status\" = 'Submitted' ORDER BY \"Id\" LIMIT 1");
        var list = new List<(Guid, Guid, Guid)>(options.Organisations);
        await using var tx = await connection.BeginTransactionAsync();
        orgInsert.Transaction = tx;
        regInsert.Transaction = tx;
        for (var i = 0; i < options.Organisations; i++)
        {
            var org = Guid.CreateVersion7();
            var reg = Guid.CreateVersion7();
            var delegation = Pick(delegations);
            orgInsert.Set("Id", org);
            orgInsert.Set("Name", $"{Cities[i % Cities.Length]}{Words[_random.Next(Words.Length)]}{Words[_random.Next(Words.Length)]}{Kinds[_random.Next(Kinds.Length)]}{i}");
            orgInsert.Set("Code", $"91{i:000000000000000}X"[..18]);
            orgInsert.Set("Version", Guid.NewGuid());
            await orgInsert.ExecuteAsync();
            regInsert.Set("Id", reg);
            regInsert.Set("OrganisationId", org);
            regInsert.Set("EditionId", editionId);
            regInsert.Set("DelegationId", delegation);
            regInsert.Set("Status", _random.NextDouble() < 0.9 ? "Approved" : "Submitted");
            regInsert.Set("ContactEmail", $"contact{i}@example.cn");
            regInsert.Set("Version", Guid.NewGuid());
            await regInsert.ExecuteAsync();
            list.Add((org, reg, delegation));
        }
        await tx.CommitAsync();
        return list;
    }

    private async Task PersonsAsync(DbConnection connection, Guid editionId, List<(Guid Organisation, Guid Registration, Guid Delegation)> organisations, Stopwatch watch)
    {
        PersonalDataCipher cipher;
        await using (var db = factory.CreateDbContext()) cipher = db.Cipher;
        var person = await Template(connection, "Persons", "SELECT * FROM \"Persons\" WHERE \"Status\" <> 'Saved' ORDER BY \"Id\" LIMIT 1");
        var badge = await Template(connection, "Badges", "SELECT * FROM \"Badges\" ORDER BY \"Id\" LIMIT 1");
        await using var gram = await PrepareAsync(connection,
            "INSERT INTO \"PersonNameGrams\" (\"EditionId\", \"Gram\", \"PersonId\") VALUES (@e, @g, @p) ON CONFLICT DO NOTHING",
            ("e", editionId), ("g", ""), ("p", Guid.Empty));
        var start = new DateOnly(2027, 11, 5);
        const int chunk = 50_000;
        for (var done = 0; done < options.Persons; done += chunk)
        {
            await using var tx = await connection.BeginTransactionAsync();
            person.Transaction = badge.Transaction = gram.Transaction = tx;
            for (var i = done; i < Math.Min(options.Persons, done + chunk); i++)
            {
                var id = Guid.CreateVersion7();
                var (org, reg, delegation) = organisations[_random.Next(organisations.Count)];
                var name = Name(i);
                var type = _random.NextDouble() switch { < 0.85 => PersonType.Mainland, < 0.90 => PersonType.HongKongMacaoTaiwan, < 0.97 => PersonType.Foreign, _ => PersonType.ChineseAbroad };
                var status = _random.NextDouble() switch
                {
                    < 0.20 => PersonStatus.AwaitingTag, < 0.23 => PersonStatus.AwaitingLock, < 0.45 => PersonStatus.AwaitingPayment, < 0.62 => PersonStatus.AwaitingReview,
                    < 0.93 => PersonStatus.Approved, < 0.95 => PersonStatus.Rejected, < 0.97 => PersonStatus.Cancelled, _ => PersonStatus.Saved,
                };
                var tagged = status is not (PersonStatus.AwaitingTag or PersonStatus.Saved or PersonStatus.AwaitingLock);
                var tag = !tagged ? (PersonTag?)null : _random.NextDouble() switch { < 0.9 => PersonTag.ProfessionalVisitor, < 0.95 => PersonTag.Staff, _ => PersonTag.Vip };
                var from = start.AddDays(_random.Next(0, 4));
                person.Set("Id", id);
                person.Set("RegistrationId", reg);
                person.Set("OrganisationId", org);
                person.Set("EditionId", editionId);
                person.Set("DelegationId", delegation);
                person.Set("PersonType", type.ToString());
                person.Set("Name", name);
                person.Set(AppDbContext.SearchName, NameGrams.Fold(name));
                // Stored as the app stores it: encrypted, with the blind index it is searched by.
                var document = $"P{i:000000000}";
                person.Set("DocumentNumber", cipher.Protect(document));
                person.Set(AppDbContext.DocumentIndex, cipher.Index(document));
                person.Set("Status", status.ToString());
                person.Set("Tag", tag?.ToString());
                person.Set("IsReuse", _random.NextDouble() < 0.2);
                person.Set("PickupMethod", (_random.NextDouble() < 0.6 ? PickupMethod.Courier : PickupMethod.DelegationCollects).ToString());
                person.Set("EntryFrom", from);
                person.Set("EntryTo", from.AddDays(_random.Next(0, 6 - (from.Day - 5))));
                person.Set("Version", Guid.NewGuid());
                await person.ExecuteAsync();
                gram.Set("p", id);
                foreach (var g in NameGrams.Of(name))
                {
                    gram.Set("g", g);
                    await gram.ExecuteAsync();
                }
                if (status == PersonStatus.Approved && _random.NextDouble() < 0.5)
                {
                    badge.Set("Id", Guid.CreateVersion7());
                    badge.Set("PersonId", id);
                    badge.Set("EditionId", editionId);
                    badge.Set("Status", _random.NextDouble() < 0.5 ? "Produced" : _random.NextDouble() < 0.5 ? "Dispatched" : "Queued");
                    badge.Set("BadgeNumber", $"B{i:000000000}");
                    badge.Set("Version", Guid.NewGuid());
                    await badge.ExecuteAsync();
                }
            }
            await tx.CommitAsync();
            Console.WriteLine($"    {Math.Min(options.Persons, done + chunk):N0} persons ({watch.Elapsed.TotalSeconds:0}s)");
        }
    }

    private string Name(int i)
    {
        if (_random.NextDouble() < 0.05)
        {
            return $"{LatinGiven[_random.Next(LatinGiven.Length)]} {LatinFamily[_random.Next(LatinFamily.Length)]}";
        }
        // Surnames by rough frequency: the first ones are far more common (王, 李, 张 …).
        var surname = Surnames[(int)(Surnames.Length * Math.Pow(_random.NextDouble(), 2.5))];
        var given = GivenChars[_random.Next(GivenChars.Length)].ToString();
        if (_random.NextDouble() < 0.7) given += GivenChars[_random.Next(GivenChars.Length)];
        return surname + given;
    }

    private T Pick<T>(List<(T Item, double Weight)> weighted)
    {
        var x = _random.NextDouble() * weighted.Sum(w => w.Weight);
        foreach (var (item, weight) in weighted)
        {
            if ((x -= weight) <= 0) return item;
        }
        return weighted[^1].Item;
    }

    private static readonly string[] Cities = ["上海", "北京", "广州", "深圳", "杭州", "南京", "苏州", "成都", "武汉", "天津", "重庆", "青岛", "厦门", "宁波", "西安"];
    private static readonly string[] Words = ["华", "东", "新", "远", "达", "盛", "通", "泰", "恒", "信", "联", "海", "博", "创", "源", "汇", "金", "瑞", "嘉", "宏"];
    private static readonly string[] Kinds = ["贸易有限公司", "进出口有限公司", "科技股份有限公司", "医药有限公司", "食品有限公司", "实业集团有限公司"];
    private static readonly string[] Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤".Select(c => c.ToString()).ToArray();
    private static readonly char[] GivenChars = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文辉玲鹏飞红宇晨浩然子轩欣怡梓涵一诺思远雨萱俊杰佳琪嘉怡志强海燕春梅".ToCharArray();
    private static readonly string[] LatinGiven = ["John", "Maria", "Ahmed", "Olga", "Pierre", "Yuki", "Carlos", "Anna", "David", "Fatima", "Lukas", "Sofia"];
    private static readonly string[] LatinFamily = ["Smith", "Müller", "García", "Rossi", "Dubois", "Tanaka", "Kim", "Silva", "Ivanova", "Nguyen", "Schmidt", "Brown"];
}
