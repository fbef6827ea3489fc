using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Persons;
using CiieBlazor.App.Features.Review;
using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.Tests.Review;

/// <summary>
/// The reviewer grid's large-scale machinery, end to end on the real database: the fuzzy name index (grams), the
/// trigger-kept counters behind totals and the quota bar, seek paging, the capped count, the quick keyword search,
/// the Excel export and the delegation scope of all of it.
/// </summary>
public sealed class ReviewerGridAtScaleFeatures : IDisposable
{
    /// <summary>The demo's current-edition person 张伟华 of 上海进博演示贸易有限公司 (上海交易团).</summary>
    private const string DemoDocument = "310115198503122018";

    private readonly TestApp _app = new();
    private int _documents;
    private int _codes;
    private PersonData? _template;

    private ReviewerPersonQueries Queries => _app.Get<ReviewerPersonQueries>();

    // ───────────────────────────── a. fuzzy name ─────────────────────────────

    private static readonly string[] Names =
    [
        "王伟华", "李伟华明", "欧阳伟华", "张伟", "张华伟", "伟张华", "王伟", "华伟", "张三", "张小明", "李张伟", "陈伟", "赵华", "张",
        "John Smith", "Smithson Lee", "SMITH Anna", "Mary Smyth", "Kis Mihaly", "ＳＭＩＴＨ Ｊａｎｅ", "Zhang Wei",
        "买买提·艾力", "周杰", "吴敏", "孙丽", "马云飞", "林志玲", "郭德纲", "黄晓明", "刘洋",
    ];

    [Fact]
    public async Task FuzzyNameFindsSubstringsSurnamePrefixesAndLatinNamesCaseInsensitively()
    {
        var demo = await DemoPlaceAsync();
        await AddPersonsAsync(demo, Names);
        await AddPersonsAsync(demo, ["王伟华二"], submit: false); // saved, not submitted: never in the grid
        var reviewer = await _app.ActorAsync("sh.reviewer");

        async Task<string[]> Find(string query)
        {
            var page = await Queries.PageAsync(reviewer, new ReviewerPersonFilter { PersonName = query, PageSize = 200 });
            Assert.False(page.TotalIsLowerBound);
            Assert.Equal(page.Rows.Count, page.Total);
            return page.Rows.Select(r => r.Name).Order(StringComparer.Ordinal).ToArray();
        }

        // Two characters or more: the folded name contains the folded query (张华伟 holds 伟 and 华, but not 伟华).
        Assert.Equal(Sorted("张伟华", "王伟华", "李伟华明", "欧阳伟华"), await Find("伟华"));
        Assert.Equal(Sorted("张华伟", "华伟"), await Find("华伟"));
        Assert.Equal(Sorted("伟张华"), await Find("伟张"));
        Assert.Equal(Sorted("李伟华明"), await Find("伟华明"));
        // One character: a surname, matched at the start only (伟张华 and 李张伟 hold 张 elsewhere).
        Assert.Equal(Sorted("张伟华", "张伟", "张华伟", "张三", "张小明", "张"), await Find("张"));
        Assert.Equal(Sorted("伟张华"), await Find("伟"));
        Assert.Equal(Sorted("Zhang Wei"), await Find("z"));
        Assert.Equal(Sorted("Zhang Wei"), await Find("Ｚ"));
        // Latin: case, width and spaces do not matter on either side (Kis Mihaly folds to kismihaly).
        var smi = Sorted("John Smith", "Smithson Lee", "SMITH Anna", "Kis Mihaly", "ＳＭＩＴＨ Ｊａｎｅ");
        var smith = Sorted("John Smith", "Smithson Lee", "SMITH Anna", "ＳＭＩＴＨ Ｊａｎｅ");
        Assert.Equal(smi, await Find("smi"));
        Assert.Equal(smi, await Find("SMI"));
        Assert.Equal(smith, await Find("SMITH"));
        Assert.Equal(smith, await Find("Ｓｍｉｔｈ"));
        Assert.Equal(Sorted("John Smith"), await Find("john smith"));
        Assert.Equal(Sorted("John Smith"), await Find("JohnSmith"));
        Assert.Equal(Sorted("Mary Smyth"), await Find("smy"));
        Assert.Equal(Sorted("ＳＭＩＴＨ Ｊａｎｅ"), await Find("th ja"));
        // Punctuation inside the name or the query is ignored.
        Assert.Equal(Sorted("买买提·艾力"), await Find("提艾"));
        Assert.Equal(Sorted("买买提·艾力"), await Find("买提·艾"));
        Assert.Equal(Sorted("买买提·艾力"), await Find("买"));
        // Nothing else.
        Assert.Empty(await Find("伟华二"));
        Assert.Empty(await Find("不存在"));
        Assert.Empty(await Find("smithx"));
        Assert.Empty(await Find("李伟华明张"));
    }

    [Fact]
    public async Task ARenamedPersonIsFoundByItsNewNameAndNoLongerByItsOldOne()
    {
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        var service = _app.Get<PersonService>();
        var input = (await service.GetAsync(visitor, await DemoPersonIdAsync())).Input;
        input.Name = "陈旧名";
        input.DocumentNumber = NextDocument();

        var saved = await service.SaveAsync(visitor, null, input, null);
        Assert.Equal(Sorted("陈旧", "旧名"), await GramsAsync(saved.Id));
        input.Name = "欧阳名新"; // keeps none of the old grams
        saved = await service.SaveAsync(visitor, saved.Id, input, saved.Version);
        Assert.Equal(Sorted("欧阳", "阳名", "名新"), await GramsAsync(saved.Id));
        input.Name = "欧阳新名"; // keeps 欧阳, drops 阳名 and 名新, adds 阳新 and 新名
        saved = await service.SaveAsync(visitor, saved.Id, input, saved.Version);
        Assert.Equal(Sorted("欧阳", "阳新", "新名"), await GramsAsync(saved.Id));
        await service.SubmitAsync(visitor, saved.Id, input, saved.Version);
        Assert.Equal(Sorted("欧阳", "阳新", "新名"), await GramsAsync(saved.Id));

        // The same through the domain in one long-lived context (the grams of the first save are still tracked).
        var demo = await DemoPlaceAsync();
        Guid latin;
        await using (var db = _app.Db())
        {
            var edition = await db.Editions.AsNoTracking().SingleAsync(e => e.Id == demo.EditionId);
            var person = new Person(demo.RegistrationId, demo.OrganisationId, demo.EditionId, demo.DelegationId,
                (await TemplateAsync()) with { Name = "Oldfield Brown", DocumentNumber = NextDocument() });
            db.Persons.Add(person);
            await db.SaveChangesAsync();
            person.Update(person.Data with { Name = "Newton Grey" }, Actor.System, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            person.Submit(edition.FirstDay, edition.LastDay, Actor.System, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            latin = person.Id;
        }
        Assert.Equal(Sorted("ne", "ew", "wt", "to", "on", "ng", "gr", "re", "ey"), await GramsAsync(latin));

        await using (var db = _app.Db())
        {
            var searchNames = await db.Persons.AsNoTracking().Where(p => p.Id == saved.Id || p.Id == latin)
                .Select(p => EF.Property<string>(p, AppDbContext.SearchName)).ToListAsync();
            Assert.Equal(Sorted("newtongrey", "欧阳新名"), searchNames.Order(StringComparer.Ordinal).ToArray());
        }

        var reviewer = await _app.ActorAsync("sh.reviewer");
        async Task<string[]> Find(string query, bool keyword = false)
        {
            var filter = keyword ? new ReviewerPersonFilter { Keyword = query } : new ReviewerPersonFilter { PersonName = query };
            return (await Queries.PageAsync(reviewer, filter)).Rows.Select(r => r.Name).Order(StringComparer.Ordinal).ToArray();
        }
        Assert.Equal(Sorted("欧阳新名"), await Find("新名"));
        Assert.Equal(Sorted("欧阳新名"), await Find("欧阳"));
        Assert.Equal(Sorted("欧阳新名"), await Find("欧"));
        Assert.Equal(Sorted("欧阳新名"), await Find("阳新", keyword: true));
        Assert.Empty(await Find("旧名"));
        Assert.Empty(await Find("陈旧"));
        Assert.Empty(await Find("陈"));
        Assert.Empty(await Find("名新"));
        Assert.Empty(await Find("旧名", keyword: true));
        Assert.Equal(Sorted("Newton Grey"), await Find("grey"));
        Assert.Equal(Sorted("Newton Grey"), await Find("n"));
        Assert.Empty(await Find("oldfield"));
        Assert.Empty(await Find("brown", keyword: true));
        Assert.Empty(await Find("o"));
    }

    [Fact]
    public async Task ADeletedPersonLeavesNoGramsBehind()
    {
        var demo = await DemoPlaceAsync();
        var ids = await AddPersonsAsync(demo, ["删除甲一", "删除乙二", "保留丙三"]);
        var draft = (await AddPersonsAsync(demo, ["草稿丁四"], submit: false)).Single();
        foreach (var id in ids) Assert.Equal(3, (await GramsAsync(id)).Length);

        await using (var db = _app.Db())
        {
            db.Persons.Remove(await db.Persons.SingleAsync(p => p.Id == ids[0])); // through EF
            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM \"Persons\" WHERE \"Id\" = {ids[1]}"); // behind EF's back
        }
        // 删除 (批量删除) of an unsubmitted person is a status: it stays in the table but never shows in the grid.
        await _app.Get<PersonService>().DeleteAsync(await _app.ActorAsync(DemoSeeder.VisitorCode), [draft]);

        await using (var db = _app.Db())
        {
            Assert.Equal(0, await db.Persons.CountAsync(p => p.Id == ids[0] || p.Id == ids[1]));
            Assert.Equal(0, await db.PersonNameGrams.CountAsync(g => g.PersonId == ids[0] || g.PersonId == ids[1]));
            Assert.Equal(0, await db.PersonNameGrams.CountAsync(g => !db.Persons.Any(p => p.Id == g.PersonId)));
            Assert.Equal(PersonStatus.Deleted, (await db.Persons.AsNoTracking().SingleAsync(p => p.Id == draft)).Status);
        }
        Assert.Empty(await GramsAsync(ids[0]));
        Assert.Equal(Sorted("保留", "留丙", "丙三"), await GramsAsync(ids[2]));

        var reviewer = await _app.ActorAsync("sh.reviewer");
        Assert.Empty((await Queries.PageAsync(reviewer, new ReviewerPersonFilter { PersonName = "删除" })).Rows);
        Assert.Empty((await Queries.PageAsync(reviewer, new ReviewerPersonFilter { Keyword = "草稿" })).Rows);
        Assert.Equal(["保留丙三"], (await Queries.PageAsync(reviewer, new ReviewerPersonFilter { PersonName = "丙三" })).Rows.Select(r => r.Name));
        var all = await Queries.PageAsync(reviewer, new ReviewerPersonFilter());
        Assert.Equal(2, all.Total); // 张伟华 and 保留丙三: both hard deletes were taken off the counters
        Assert.Equal(Sorted("张伟华", "保留丙三"), all.Rows.Select(r => r.Name).Order(StringComparer.Ordinal).ToArray());
        await AssertCountersMatchARebuildAsync();
    }

    // ───────────────────────────── b. counters ─────────────────────────────

    [Fact]
    public async Task CountersFollowEveryFlowAndGiveTheSameTotalsAsPagingThroughEverything()
    {
        var reviewer = await _app.ActorAsync("sh.reviewer");
        var visitor = await _app.ActorAsync(DemoSeeder.VisitorCode);
        var demo = await DemoPlaceAsync();
        await _app.Get<RegistrationReviewService>().ApproveAsync(reviewer, demo.RegistrationId);
        var mainland = await AddPersonsAsync(demo, Enumerable.Range(1, 14).Select(i => $"计数大陆{i:00}"));
        var foreign = await AddPersonsAsync(demo, Enumerable.Range(1, 6).Select(i => $"Counter Foreign {i:00}"), shape: Foreigner);
        var drafts = await AddPersonsAsync(demo, Enumerable.Range(1, 4).Select(i => $"计数草稿{i:00}"), submit: false);
        var pudong = await OrganisationAsync("上海浦东计数测试有限公司", "SH-PD");
        var sub = await AddPersonsAsync(pudong, Enumerable.Range(1, 5).Select(i => $"浦东计数{i:00}"));
        var guangzhou = await OrganisationAsync("广州计数测试有限公司", "GD-GZ");
        await AddPersonsAsync(guangzhou, Enumerable.Range(1, 3).Select(i => $"广州计数{i:00}"));

        var tagging = _app.Get<TaggingService>();
        await tagging.TagAsync(reviewer, [.. mainland[..5]], PersonTag.ProfessionalVisitor);
        await tagging.TagAsync(reviewer, [foreign[0], foreign[1]], PersonTag.ProfessionalVisitor);
        await tagging.TagAsync(reviewer, [mainland[5], mainland[6]], PersonTag.Vip);
        await tagging.TagAsync(reviewer, [mainland[7], mainland[8]], PersonTag.Staff);
        await tagging.CancelAsync(reviewer, [mainland[5], mainland[0]], "单位申请注销"); // one VIP, one professional visitor
        await tagging.CancelAsync(reviewer, [sub[0]], "重复报名");                        // cancelled before any tag
        await _app.Get<PersonService>().DeleteAsync(visitor, [drafts[0], drafts[1]]);
        await using (var db = _app.Db())
        {
            db.Persons.Remove(await db.Persons.SingleAsync(p => p.Id == drafts[2]));
            await db.SaveChangesAsync();
            // Writes behind EF's back are counted too (the triggers see every writer).
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE \"Persons\" SET \"PickupMethod\" = 'Courier' WHERE \"Id\" = {mainland[10]} OR \"Id\" = {sub[1]}");
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE \"Persons\" SET \"IsReuse\" = {true} WHERE \"Id\" = {mainland[11]}");
            await db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM \"Persons\" WHERE \"Id\" = {mainland[13]}");
        }

        // Hand-counted for 上海交易团 + 浦东分团: 张伟华 + 13 mainland + 6 foreign + 5 pudong, minus 3 cancelled.
        var sh = await Queries.PageAsync(reviewer, new ReviewerPersonFilter { PageSize = 10 });
        Assert.Equal(22, sh.Total);
        Assert.Equal((1, 2, 6), (sh.Quota.VipUsed, sh.Quota.StaffUsed, sh.Quota.ProfessionalVisitorsTagged));
        Assert.Equal(1, (await Queries.PageAsync(reviewer, new ReviewerPersonFilter { Tags = [PersonTag.Vip] })).Total);
        Assert.Equal(6, (await Queries.PageAsync(reviewer, new ReviewerPersonFilter { Status = PersonStatus.AwaitingPayment })).Total);
        Assert.Equal(2, (await Queries.PageAsync(reviewer, new ReviewerPersonFilter { Pickup = PickupMethod.Courier })).Total);
        Assert.Equal(3, (await Queries.PageAsync(await _app.ActorAsync("gd.reviewer"), new ReviewerPersonFilter())).Total);

        ReviewerPersonFilter[] filters =
        [
            new(), new() { Status = PersonStatus.AwaitingTag }, new() { Status = PersonStatus.AwaitingPayment }, new() { Status = PersonStatus.AwaitingReview },
            new() { Status = PersonStatus.Cancelled }, new() { Status = PersonStatus.Saved }, new() { Tags = [PersonTag.Vip] },
            new() { Tags = [PersonTag.ProfessionalVisitor, PersonTag.Staff] }, new() { Type = PersonType.Foreign }, new() { Pickup = PickupMethod.Courier },
            new() { Reuse = true }, new() { Reuse = false, Type = PersonType.Mainland, Pickup = PickupMethod.DelegationCollects },
            new() { Status = PersonStatus.AwaitingPayment, Tags = [PersonTag.ProfessionalVisitor], Type = PersonType.Foreign },
        ];
        foreach (var user in new[] { "sh.reviewer", "gd.reviewer", "gdmc.reviewer", "operator" })
        {
            var actor = await _app.ActorAsync(user);
            foreach (var filter in filters)
            {
                Assert.True(filter.CountableFromCounters);
                var first = await Queries.PageAsync(actor, filter with { PageSize = 10 });
                var everything = await AllRowsAsync(actor, filter);
                Assert.False(first.TotalIsLowerBound);
                Assert.True(everything.Count == first.Total, $"{user} {filter}: total {first.Total}, rows {everything.Count}");
                Assert.Equal(everything.Count, everything.Select(r => r.Id).Distinct().Count());
            }
        }

        // The quota bar's 专业观众 count: tagged professional visitors not cancelled, in the reviewer's scope.
        await using (var db = _app.Db())
        {
            var scope = await db.Delegations.Where(d => d.Code == "SH" || d.Code == "SH-PD").Select(d => d.Id).ToListAsync();
            var holding = PersonMachine.HoldingTagStatuses;
            var tagged = await db.Persons.CountAsync(p => p.EditionId == demo.EditionId && scope.Contains(p.DelegationId)
                && p.Tag == PersonTag.ProfessionalVisitor && holding.Contains(p.Status));
            Assert.Equal(tagged, sh.Quota.ProfessionalVisitorsTagged);
        }
        await AssertCountersMatchARebuildAsync(expectSomeCancelled: true);
    }

    [Fact]
    public async Task ARowsStampChangesWhenThePersonOrItsRegistrationChangesAndOnlyThen()
    {
        var reviewer = await _app.ActorAsync("sh.reviewer");
        var demo = await DemoPlaceAsync();
        var ids = await AddPersonsAsync(demo, ["印记甲", "印记乙"]);
        var pudong = await OrganisationAsync("上海浦东印记测试有限公司", "SH-PD");
        var other = (await AddPersonsAsync(pudong, ["印记丙"])).Single();
        async Task<Dictionary<Guid, string>> StampsAsync() =>
            (await Queries.PageAsync(reviewer, new ReviewerPersonFilter())).Rows.ToDictionary(r => r.Id, r => r.Stamp);

        var before = await StampsAsync();
        Assert.Equal(before, await StampsAsync());
        await _app.Get<RegistrationReviewService>().ApproveAsync(reviewer, demo.RegistrationId);
        var approved = await StampsAsync();
        Assert.NotEqual(before[ids[0]], approved[ids[0]]); // the registration changed
        Assert.NotEqual(before[ids[1]], approved[ids[1]]);
        Assert.Equal(before[other], approved[other]);

        await _app.Get<TaggingService>().TagAsync(reviewer, [ids[0]], PersonTag.ProfessionalVisitor);
        var tagged = await StampsAsync();
        Assert.NotEqual(approved[ids[0]], tagged[ids[0]]);
        Assert.Equal(approved[ids[1]], tagged[ids[1]]);
        Assert.Equal(approved[other], tagged[other]);

        await using (var db = _app.Db())
        {
            var badge = new Badge(ids[1], demo.EditionId);
            badge.Queue(true, false, Actor.System, DateTimeOffset.UtcNow);
            db.Badges.Add(badge);
            await db.SaveChangesAsync();
        }
        var badged = await StampsAsync();
        Assert.NotEqual(tagged[ids[1]], badged[ids[1]]);
        Assert.Equal(tagged[ids[0]], badged[ids[0]]);
    }

    // ───────────────────────────── c. seek paging ─────────────────────────────

    /// <summary>120 submitted persons 翻页001…120 interleaved between 上海交易团 and its 浦东分团 (a third of them foreign), plus the demo's 张伟华.</summary>
    private async Task<List<string>> PagingPopulationAsync()
    {
        var demo = await DemoPlaceAsync();
        var pudong = await OrganisationAsync("上海浦东翻页测试有限公司", "SH-PD");
        var names = Enumerable.Range(1, 120).Select(i => $"翻页{i:000}").ToList();
        // Interleaved, so the reviewer's two delegations are merged on every page.
        await AddPersonsAsync(demo, names.Where((_, i) => i % 3 != 0), shape: (d, i) => i % 4 == 0 ? Foreigner(d, i) : d);
        await AddPersonsAsync(pudong, names.Where((_, i) => i % 3 == 0), shape: (d, i) => i % 2 == 0 ? Foreigner(d, i + 500) : d);
        await AddPersonsAsync(demo, ["翻页草稿"], submit: false);
        return names;
    }

    [Theory]
    [InlineData("sh.reviewer", "all")]
    [InlineData("operator", "all")]
    [InlineData("sh.reviewer", "foreign")]
    [InlineData("operator", "foreign")]
    [InlineData("sh.reviewer", "name")]
    [InlineData("operator", "name")]
    [InlineData("sh.reviewer", "keyword")]
    [InlineData("sh.reviewer", "tiny pages")]
    public async Task SeekPagingWalksTheSameRowsAsOffsetPagingBothWays(string user, string filterCase)
    {
        await PagingPopulationAsync();
        var actor = await _app.ActorAsync(user);
        var (filter, total, size) = filterCase switch
        {
            "all" => (new ReviewerPersonFilter { PageSize = 50 }, 121, 50),
            "foreign" => (new ReviewerPersonFilter { PageSize = 10, Type = PersonType.Foreign }, 40, 10),
            "name" => (new ReviewerPersonFilter { PageSize = 20, PersonName = "翻页" }, 120, 20),
            "keyword" => (new ReviewerPersonFilter { PageSize = 20, Keyword = "翻页" }, 120, 20),
            "tiny pages" => (new ReviewerPersonFilter { PageSize = 3 }, 121, 10), // at least 10 a page
            _ => throw new ArgumentOutOfRangeException(nameof(filterCase)),
        };
        await AssertSeekMatchesOffsetAsync(actor, filter, total, size);
    }

    [Fact]
    public async Task PagesSortedByNameJoinUpAcrossTheMergedDelegations()
    {
        var names = await PagingPopulationAsync();
        var reviewer = await _app.ActorAsync("sh.reviewer");
        foreach (var filter in new ReviewerPersonFilter[] { new(), new() { PersonName = "翻" }, new() { PersonName = "翻页" } })
        {
            var byName = new List<string>();
            for (var page = 0; page < 3; page++)
            {
                byName.AddRange((await Queries.PageAsync(reviewer, filter with { Sort = ReviewSort.PersonName, Page = page, PageSize = 50 })).Rows.Select(r => r.Name));
            }
            Assert.Equal(filter.PersonName is null ? ["张伟华", .. names] : names, byName); // 张 (U+5F20) sorts before 翻 (U+7FFB)
        }
    }

    /// <summary>
    /// The grid (PersonReviewPage) asks for the next page with both the page number and the previous page's last row.
    /// Persons arriving meanwhile get the newest keys: an offset page would now repeat rows already shown, the sought
    /// page carries on exactly after the last row the reviewer saw — with or without a text filter.
    /// </summary>
    [Theory]
    [InlineData("all")]
    [InlineData("foreign")]
    [InlineData("name")]
    [InlineData("keyword")]
    public async Task PersonsArrivingBetweenPageLoadsNeitherRepeatNorHideRows(string filterCase)
    {
        await PagingPopulationAsync();
        var reviewer = await _app.ActorAsync("sh.reviewer");
        var filter = filterCase switch
        {
            "all" => new ReviewerPersonFilter { PageSize = 20 },
            "foreign" => new ReviewerPersonFilter { PageSize = 10, Type = PersonType.Foreign },
            "name" => new ReviewerPersonFilter { PageSize = 20, PersonName = "翻页" },
            "keyword" => new ReviewerPersonFilter { PageSize = 20, Keyword = "翻页" },
            _ => throw new ArgumentOutOfRangeException(nameof(filterCase)),
        };
        var first = await Queries.PageAsync(reviewer, filter with { Page = 0 });

        await AddPersonsAsync(await DemoPlaceAsync(), Enumerable.Range(121, 5).Select(i => $"翻页{i:000}"), shape: Foreigner);
        var second = await Queries.PageAsync(reviewer, filter with { Page = 1, After = first.Rows[^1].Id });
        var back = await Queries.PageAsync(reviewer, filter with { Page = 0, Before = second.Rows[0].Id });

        var expected = await ExpectedIdsAsync(reviewer, filter);
        var edge = expected.IndexOf(first.Rows[^1].Id);
        var repeated = second.Rows.Select(r => r.Id).Intersect(first.Rows.Select(r => r.Id)).Count();
        Assert.True(repeated == 0, $"{repeated} rows of page 1 are shown again on page 2 ({filter})");
        Assert.Equal(expected.Skip(edge + 1).Take(first.Rows.Count), second.Rows.Select(r => r.Id));
        Assert.Equal(first.Rows.Select(r => r.Id), back.Rows.Select(r => r.Id)); // back to exactly what was shown
    }

    /// <summary>The submitted persons of the filter (type and name prefix only) in the actor's scope, in the database's own order, newest (largest key) first.</summary>
    private async Task<List<Guid>> ExpectedIdsAsync(Actor actor, ReviewerPersonFilter filter)
    {
        await using (var db = _app.Db())
        {
            var scope = actor.DelegationId is { } mine
                ? await db.Delegations.Where(d => d.Id == mine || d.ParentId == mine).Select(d => d.Id).ToListAsync()
                : await db.Delegations.Select(d => d.Id).ToListAsync();
            var submitted = PersonMachine.SubmittedStatuses;
            var edition = await db.Editions.Where(e => e.IsCurrent).Select(e => e.Id).SingleAsync();
            var query = db.Persons.Where(p => p.EditionId == edition && submitted.Contains(p.Status) && scope.Contains(p.DelegationId));
            if (filter.Type is { } type) query = query.Where(p => p.PersonType == type);
            if (filter.PersonName is { } name) query = query.Where(p => p.Name.StartsWith(name));
            if (filter.Keyword is { } keyword) query = query.Where(p => p.Name.StartsWith(keyword)); // 翻页: the names (and the 浦东 company's name)
            return await query.OrderByDescending(p => p.Id).Select(p => p.Id).ToListAsync();
        }
    }

    private async Task AssertSeekMatchesOffsetAsync(Actor actor, ReviewerPersonFilter filter, int expectedTotal, int size)
    {
        var expected = await ExpectedIdsAsync(actor, filter);
        Assert.Equal(expectedTotal, expected.Count);
        var pageCount = (expected.Count + size - 1) / size;

        var offset = new List<List<Guid>>();
        for (var page = 0; page < pageCount; page++)
        {
            var result = await Queries.PageAsync(actor, filter with { Page = page });
            Assert.Equal(expectedTotal, result.Total);
            offset.Add(result.Rows.Select(r => r.Id).ToList());
        }
        Assert.Equal(expected, offset.SelectMany(p => p));
        Assert.All(offset.SkipLast(1), p => Assert.Equal(size, p.Count));
        Assert.Empty((await Queries.PageAsync(actor, filter with { Page = pageCount })).Rows);

        // Forwards: each page starts after the last row of the page before.
        var seek = new List<List<Guid>> { offset[0] };
        while (seek.Count < pageCount + 2)
        {
            var next = await Queries.PageAsync(actor, filter with { After = seek[^1][^1] });
            Assert.Equal(expectedTotal, next.Total);
            if (next.Rows.Count == 0) break;
            seek.Add(next.Rows.Select(r => r.Id).ToList());
        }
        for (var i = 0; i < Math.Min(offset.Count, seek.Count); i++)
        {
            Assert.True(offset[i].SequenceEqual(seek[i]), $"page {i} sought after the previous page's last row differs from offset page {i} ({filter})");
        }
        Assert.True(offset.Count == seek.Count, $"seeking forward gave {seek.Count} pages, offset paging {offset.Count} ({filter})");

        // Backwards: each page ends before the first row of the page after.
        for (var i = pageCount - 1; i >= 1; i--)
        {
            var previous = await Queries.PageAsync(actor, filter with { Before = offset[i][0] });
            Assert.True(offset[i - 1].SequenceEqual(previous.Rows.Select(r => r.Id)), $"the page before offset page {i} is not offset page {i - 1} ({filter})");
        }
        Assert.Empty((await Queries.PageAsync(actor, filter with { Before = offset[0][0] })).Rows);

        // From any row, not only a page edge.
        var at = Math.Min(7, expected.Count - 2);
        Assert.Equal(expected.Skip(at + 1).Take(size), (await Queries.PageAsync(actor, filter with { After = expected[at] })).Rows.Select(r => r.Id));
        var end = Math.Min(size + 3, expected.Count - 1);
        Assert.Equal(expected.Take(end).TakeLast(size), (await Queries.PageAsync(actor, filter with { Before = expected[end] })).Rows.Select(r => r.Id));
    }

    // ───────────────────────────── d. capped count ─────────────────────────────

    [Fact]
    public async Task TextDateAndBadgeFiltersCountExactlyBelowTheCap()
    {
        var demo = await DemoPlaceAsync();
        await AddPersonsAsync(demo, Enumerable.Range(1, 12).Select(i => $"精确{i:00}"));
        await AddPersonsAsync(demo, ["精确草稿"], submit: false);
        var reviewer = await _app.ActorAsync("sh.reviewer");
        DateOnly firstDay;
        await using (var db = _app.Db()) firstDay = (await db.Editions.SingleAsync(e => e.IsCurrent)).FirstDay;

        (ReviewerPersonFilter Filter, int Expected)[] cases =
        [
            (new() { PersonName = "精确" }, 12), (new() { Keyword = "精确" }, 12), (new() { PersonName = "精" }, 12),
            (new() { EntryDate = firstDay }, 13), (new() { EntryDate = firstDay.AddDays(-1) }, 0), (new() { Badge = BadgeStatus.None }, 13),
            (new() { Badge = BadgeStatus.Dispatched }, 0), (new() { Organisation = "上海进博演示" }, 13), (new() { PersonName = "精确", Badge = BadgeStatus.None }, 12),
        ];
        foreach (var (filter, expected) in cases)
        {
            // The badge status is copied onto the person by the database, so a badge filter alone is counted by the counters.
            Assert.Equal(filter.PersonName is null && filter.Keyword is null && filter.Organisation is null && filter.EntryDate is null, filter.CountableFromCounters);
            var page = await Queries.PageAsync(reviewer, filter with { PageSize = 10 });
            Assert.True(expected == page.Total, $"{filter}: expected {expected}, got {page.Total}");
            Assert.False(page.TotalIsLowerBound);
            Assert.Equal(Math.Min(10, expected), page.Rows.Count);
            Assert.Equal(expected, (await AllRowsAsync(reviewer, filter)).Count);
        }
    }

    [Fact]
    [Trait("Database", "SqliteOnly")] // bulk-loads persons straight into the SQLite file
    public async Task CountsOverTheCapStopThereAndSayTheyAreALowerBound()
    {
        // More than the cap, and more name matches than the query lists by key (its private CandidateLimit): text filters then walk.
        var bulk = Math.Max(ReviewerPersonQueries.CountCap, CandidateLimit()) + 50;
        var demo = await DemoPlaceAsync();
        await AddPersonsAsync(demo, Enumerable.Range(1, 12).Select(i => $"精确{i:00}"));
        await BulkInsertAsync(bulk, "批量人员", ["批量", "量人", "人员"]);
        var reviewer = await _app.ActorAsync("sh.reviewer");

        var all = await Queries.PageAsync(reviewer, new ReviewerPersonFilter());
        Assert.Equal((bulk + 13, false), (all.Total, all.TotalIsLowerBound)); // from the counters: exact however many
        var noBadge = await Queries.PageAsync(reviewer, new ReviewerPersonFilter { Badge = BadgeStatus.None });
        Assert.Equal((bulk + 13, false), (noBadge.Total, noBadge.TotalIsLowerBound)); // badge status is counted too

        ReviewerPersonFilter[] walking =
        [
            new() { PersonName = "批量" }, new() { Keyword = "批量人" }, new() { PersonName = "批" }, new() { Keyword = "批" },
            new() { EntryDate = new DateOnly(2027, 11, 5) }, new() { PersonName = "批量", Status = PersonStatus.AwaitingTag },
        ];
        foreach (var filter in walking)
        {
            var page = await Queries.PageAsync(reviewer, filter);
            Assert.True(page.TotalIsLowerBound, $"{filter}");
            Assert.Equal(ReviewerPersonQueries.CountCap, page.Total);
            Assert.Equal(50, page.Rows.Count);
            Assert.All(page.Rows, r => Assert.Equal("批量人员", r.Name)); // the newest keys
            var next = await Queries.PageAsync(reviewer, filter with { After = page.Rows[^1].Id });
            Assert.Equal(50, next.Rows.Count);
            Assert.Empty(next.Rows.Select(r => r.Id).Intersect(page.Rows.Select(r => r.Id)));
            Assert.Equal(page.Rows.Select(r => r.Id), (await Queries.PageAsync(reviewer, filter with { Before = next.Rows[0].Id })).Rows.Select(r => r.Id));
        }

        // The few among the many are still found and counted exactly.
        var few = await Queries.PageAsync(reviewer, new ReviewerPersonFilter { PersonName = "精确" });
        Assert.Equal((12, false), (few.Total, few.TotalIsLowerBound));
        var keyword = await Queries.PageAsync(reviewer, new ReviewerPersonFilter { Keyword = "精确0" });
        Assert.Equal((9, false), (keyword.Total, keyword.TotalIsLowerBound));
        await AssertCountersMatchARebuildAsync();
    }

    /// <summary>How many text matches ReviewerPersonQueries lists by key before it walks instead (a private constant).</summary>
    private static int CandidateLimit() =>
        typeof(ReviewerPersonQueries).GetField("CandidateLimit", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
            ?.GetRawConstantValue() as int? ?? 2_000;

    // ───────────────────────────── e. keyword ─────────────────────────────

    [Fact]
    public async Task KeywordFindsByCreditCodeOrganisationNameDocumentNumberOrPersonName()
    {
        var demo = await DemoPlaceAsync();
        var pujiang = await OrganisationAsync("上海浦江精密仪器有限公司", "SH");
        var pujiangIds = await AddPersonsAsync(pujiang, ["钱多多", "孙悟空", "John Doe"]);
        var demoIds = await AddPersonsAsync(demo, ["精密仪", "猪八戒"]); // 精密仪 is a person, in another organisation
        string sunDocument, bajieDocument;
        await using (var db = _app.Db())
        {
            sunDocument = await db.Persons.Where(p => p.Id == pujiangIds[1]).Select(p => p.DocumentNumber).SingleAsync();
            bajieDocument = await db.Persons.Where(p => p.Id == demoIds[1]).Select(p => p.DocumentNumber).SingleAsync();
        }
        var reviewer = await _app.ActorAsync("sh.reviewer");

        async Task<string[]> Find(string keyword, PersonType? type = null)
        {
            var page = await Queries.PageAsync(reviewer, new ReviewerPersonFilter { Keyword = keyword, Type = type, PageSize = 200 });
            Assert.Equal((page.Rows.Count, false), (page.Total, page.TotalIsLowerBound));
            return page.Rows.Select(r => r.Name).Order(StringComparer.Ordinal).ToArray();
        }

        var pujiangNames = Sorted("钱多多", "孙悟空", "John Doe");
        Assert.Equal(pujiangNames, await Find(pujiang.Code));
        Assert.Equal(pujiangNames, await Find(pujiang.Code.ToLowerInvariant()));
        Assert.Equal(pujiangNames, await Find($"  {pujiang.Code} "));
        Assert.Equal(pujiangNames, await Find("浦江精密"));
        Assert.Equal(Sorted("张伟华", "精密仪", "猪八戒"), await Find("进博演示"));
        Assert.Equal(Sorted("钱多多", "孙悟空", "John Doe", "精密仪"), await Find("精密")); // organisation name or person name
        Assert.Equal(Sorted("孙悟空"), await Find(sunDocument));
        Assert.Equal(Sorted("猪八戒"), await Find(bajieDocument.ToLowerInvariant()));
        Assert.Equal(Sorted("张伟华"), await Find(DemoDocument));
        Assert.Equal(Sorted("孙悟空"), await Find("悟空"));
        Assert.Equal(Sorted("孙悟空"), await Find("孙"));
        Assert.Equal(Sorted("John Doe"), await Find("DOE"));
        Assert.Equal(Sorted("John Doe"), await Find("john d"));
        Assert.Equal(Sorted("张伟华"), await Find("伟华"));
        Assert.Equal(pujiangNames, await Find("浦江精密", PersonType.Mainland)); // and the other filters still apply
        Assert.Empty(await Find("浦江精密", PersonType.Foreign));

        Assert.Empty(await Find("不存在的关键字"));
        Assert.Empty(await Find(sunDocument[..10]));        // a document number matches exactly, not in part
        Assert.Empty(await Find(pujiang.Code[..12]));       // so does a credit code
        Assert.Empty(await Find("91310115000009999"));
        Assert.Empty(await Find("悟"));                       // one character: a surname, not any character
    }

    // ───────────────────────────── f. Excel export ─────────────────────────────

    private static readonly string[] ExportColumns =
        ["姓名", "单位名称", "统一社会信用代码", "国籍/地区", "证件号码", "职务", "人员标签", "人员状态", "入场日期", "金额", "领取方式", "证件复用"];

    [Fact]
    public async Task ExcelExportHoldsOneMaskedRowPerPersonOfTheFilter()
    {
        var demo = await DemoPlaceAsync();
        var pujiang = await OrganisationAsync("上海浦江导出测试有限公司", "SH");
        var ids = await AddPersonsAsync(pujiang, ["导出甲", "导出乙", "Export Third"], shape: (d, i) => i == 2 ? Foreigner(d, i) : d);
        await AddPersonsAsync(demo, Enumerable.Range(1, 60).Select(i => $"导出其他{i:00}"));
        await AddPersonsAsync(pujiang, ["导出草稿"], submit: false);
        Dictionary<string, string> documents;
        await using (var db = _app.Db())
        {
            documents = await db.Persons.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Name, p => p.DocumentNumber);
        }
        var reviewer = await _app.ActorAsync("sh.reviewer");

        // The export ignores the page: all rows of the filter.
        var bytes = await Queries.ExportExcelAsync(reviewer, new ReviewerPersonFilter { Keyword = pujiang.Code, PageSize = 10, Page = 3 });
        var (columns, rows) = ReadWorkbook(bytes);

        Assert.Equal(ExportColumns, columns);
        Assert.Equal(3, rows.Count);
        Assert.Equal(Sorted("导出甲", "导出乙", "Export Third"), rows.Select(r => r["姓名"]).Order(StringComparer.Ordinal).ToArray());
        foreach (var row in rows)
        {
            var document = documents[row["姓名"]];
            Assert.Equal(PersonData.Mask(document), row["证件号码"]);
            Assert.Equal($"{document[..3]}*****{document[^3..]}", row["证件号码"]);
            Assert.Equal("上海浦江导出测试有限公司", row["单位名称"]);
            Assert.Equal(pujiang.Code, row["统一社会信用代码"]);
            Assert.DoesNotContain(row.Values, v => v.Contains(document));
        }
        Assert.Equal("US", rows.Single(r => r["姓名"] == "Export Third")["国籍/地区"]);

        // Without a filter: every person the reviewer may see, the same number as the grid's total.
        var everything = ReadWorkbook(await Queries.ExportExcelAsync(reviewer, new ReviewerPersonFilter())).Rows;
        var total = (await Queries.PageAsync(reviewer, new ReviewerPersonFilter())).Total;
        Assert.Equal(64, total);
        Assert.Equal(total, everything.Count);
        Assert.Equal(everything.Count, everything.Select(r => r["姓名"]).Distinct().Count());
        Assert.DoesNotContain(everything, r => r["姓名"] == "导出草稿");
        Assert.Contains(everything, r => r["姓名"] == "张伟华" && r["证件号码"] == "310*****018");
        Assert.DoesNotContain(everything, r => r.Values.Any(v => v.Contains(DemoDocument)));

        // Nothing matches: the header and no person.
        // (Read without the header option: MiniExcel reports no columns for a sheet that has only its header row.)
        using var empty = new MemoryStream(await Queries.ExportExcelAsync(reviewer, new ReviewerPersonFilter { Keyword = "不存在的关键字" }));
        var emptyRows = MiniExcelLibs.MiniExcel.Query(empty, useHeaderRow: false)
            .Select(r => ((IDictionary<string, object?>)r).Values.Select(v => v?.ToString() ?? "").ToArray()).ToList();
        Assert.Equal(ExportColumns, Assert.Single(emptyRows));
    }

    private static (List<string> Columns, List<Dictionary<string, string>> Rows) ReadWorkbook(byte[] bytes)
    {
        Assert.Equal((byte)'P', bytes[0]); // a zip (.xlsx), not text
        Assert.Equal((byte)'K', bytes[1]);
        using var columnsStream = new MemoryStream(bytes);
        var columns = MiniExcelLibs.MiniExcel.GetColumns(columnsStream, useHeaderRow: true).Select(c => c?.ToString() ?? "").ToList();
        using var stream = new MemoryStream(bytes);
        var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true)
            .Select(r => ((IDictionary<string, object?>)r).ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? ""))
            .ToList();
        return (columns, rows);
    }

    // ───────────────────────────── g. scope ─────────────────────────────

    [Fact]
    public async Task ASubDelegationReviewerNeverFindsAnotherDelegationsPerson()
    {
        // 广州示范进出口有限公司 (demo, 广东交易团贸促分团), a company of 广东交易团广州分团, and one of 上海交易团浦东分团:
        // each with a 张伟华 like the demo's 上海交易团 one.
        var ccpit = await PlaceOfAsync(DemoSeeder.OtherVisitorCode);
        var guangzhou = await OrganisationAsync("广州分团测试有限公司", "GD-GZ");
        var pudong = await OrganisationAsync("上海浦东范围测试有限公司", "SH-PD");
        var ccpitIds = await AddPersonsAsync(ccpit, ["张伟华", "李雷"]);
        var guangzhouIds = await AddPersonsAsync(guangzhou, ["张伟华", "韩梅梅"]);
        await AddPersonsAsync(pudong, ["张伟华"]);
        string guangzhouDocument, ccpitDocument;
        await using (var db = _app.Db())
        {
            guangzhouDocument = await db.Persons.Where(p => p.Id == guangzhouIds[0]).Select(p => p.DocumentNumber).SingleAsync();
            ccpitDocument = await db.Persons.Where(p => p.Id == ccpitIds[0]).Select(p => p.DocumentNumber).SingleAsync();
        }
        var organisations = new Dictionary<string, Guid[]>
        {
            ["gdmc.reviewer"] = [ccpit.OrganisationId],
            ["gd.reviewer"] = [ccpit.OrganisationId, guangzhou.OrganisationId],
            ["sh.reviewer"] = [(await DemoPlaceAsync()).OrganisationId, pudong.OrganisationId],
        };

        async Task<List<ReviewerPersonRow>> Find(string user, ReviewerPersonFilter filter)
        {
            var actor = await _app.ActorAsync(user);
            var rows = await AllRowsAsync(actor, filter);
            if (organisations.TryGetValue(user, out var allowed)) Assert.All(rows, r => Assert.Contains(r.OrganisationId, allowed));
            Assert.Equal(rows.Count, (await Queries.PageAsync(actor, filter)).Total);
            return rows;
        }

        Assert.Equal([ccpitIds[0]], (await Find("gdmc.reviewer", new() { PersonName = "伟华" })).Select(r => r.Id));
        Assert.Equal([ccpitIds[0]], (await Find("gdmc.reviewer", new() { Keyword = "伟华" })).Select(r => r.Id));
        Assert.Equal([ccpitIds[0]], (await Find("gdmc.reviewer", new() { Keyword = "张" })).Select(r => r.Id));
        Assert.Equal([ccpitIds[0]], (await Find("gdmc.reviewer", new() { PersonName = "张" })).Select(r => r.Id));
        Assert.Equal([ccpitIds[0]], (await Find("gdmc.reviewer", new() { Keyword = ccpitDocument })).Select(r => r.Id));
        Assert.Equal(Sorted("张伟华", "李雷"), (await Find("gdmc.reviewer", new() { Keyword = "广州" })).Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await Find("gdmc.reviewer", new())).Count);
        Assert.Empty(await Find("gdmc.reviewer", new() { Keyword = guangzhouDocument }));
        Assert.Empty(await Find("gdmc.reviewer", new() { Keyword = DemoDocument }));
        Assert.Empty(await Find("gdmc.reviewer", new() { Keyword = guangzhou.Code }));
        Assert.Empty(await Find("gdmc.reviewer", new() { Keyword = "上海进博演示" }));
        Assert.Empty(await Find("gdmc.reviewer", new() { Keyword = "梅梅" }));
        Assert.Empty(await Find("gdmc.reviewer", new() { PersonName = "韩" }));
        Assert.Empty(await Find("gdmc.reviewer", new() { Organisation = "广州分团测试" }));

        Assert.Equal(2, (await Find("gd.reviewer", new() { PersonName = "伟华" })).Count);
        Assert.Equal(4, (await Find("gd.reviewer", new() { Keyword = "广州" })).Count);
        Assert.Empty(await Find("gd.reviewer", new() { Keyword = DemoDocument }));
        Assert.Equal(2, (await Find("sh.reviewer", new() { PersonName = "伟华" })).Count);
        Assert.Empty(await Find("sh.reviewer", new() { Keyword = "广州" }));
        Assert.Empty(await Find("sh.reviewer", new() { Keyword = ccpitDocument }));
        Assert.Equal(4, (await Find("operator", new() { PersonName = "伟华" })).Count);

        // Paging from another delegation's row, or exporting, does not leak either.
        var gdmc = await _app.ActorAsync("gdmc.reviewer");
        Assert.Equal([ccpitIds[0]], (await Queries.PageAsync(gdmc, new ReviewerPersonFilter { PersonName = "张伟华", After = Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff") })).Rows.Select(r => r.Id));
        // The 广州分团 persons were created after (their keys are larger than) the 贸促分团 ones.
        Assert.Empty((await Queries.PageAsync(gdmc, new ReviewerPersonFilter { Before = guangzhouIds[0] })).Rows);
        var olderThanForeign = await Queries.PageAsync(gdmc, new ReviewerPersonFilter { After = guangzhouIds[1] });
        Assert.Equal(ccpitIds.Order(), olderThanForeign.Rows.Select(r => r.Id).Order());
        var exported = ReadWorkbook(await Queries.ExportExcelAsync(gdmc, new ReviewerPersonFilter { Keyword = "伟华" })).Rows;
        Assert.Equal(["广州示范进出口有限公司"], exported.Select(r => r["单位名称"]));
        var exportedAll = ReadWorkbook(await Queries.ExportExcelAsync(gdmc, new ReviewerPersonFilter())).Rows;
        Assert.Equal(Sorted("张伟华", "李雷"), exportedAll.Select(r => r["姓名"]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheBadgeStatusFollowsTheBadgeIntoTheGridFilterAndTheCounters()
    {
        var demo = await DemoPlaceAsync();
        var ids = await AddPersonsAsync(demo, ["证件甲", "证件乙", "证件丙"]);
        var reviewer = await _app.ActorAsync("sh.reviewer");

        async Task<List<Guid>> With(BadgeStatus status)
        {
            var filter = new ReviewerPersonFilter { Badge = status, PersonName = null };
            Assert.True(filter.CountableFromCounters);
            var page = await Queries.PageAsync(reviewer, filter);
            Assert.Equal(page.Rows.Count, page.Total); // the counters agree with the rows
            return page.Rows.Select(r => r.Id).ToList();
        }

        async Task CountersMatchARebuild()
        {
            await using var db = _app.Db();
            var kept = await PersonCounters.SnapshotAsync(db);
            await PersonCounters.RebuildAsync(db);
            Assert.Equal(await PersonCounters.SnapshotAsync(db), kept);
        }

        Assert.Empty(await With(BadgeStatus.Queued));
        Assert.Superset(ids.ToHashSet(), (await With(BadgeStatus.None)).ToHashSet());

        Guid badgeId;
        await using (var db = _app.Db())
        {
            var badge = new Badge(ids[0], demo.EditionId);
            badge.Queue(true, false, Actor.System, DateTimeOffset.UtcNow);
            db.Badges.Add(badge);
            await db.SaveChangesAsync();
            badgeId = badge.Id;
        }
        Assert.Equal([ids[0]], await With(BadgeStatus.Queued));
        Assert.DoesNotContain(ids[0], await With(BadgeStatus.None));
        await CountersMatchARebuild();

        await using (var db = _app.Db())
        {
            var badge = await db.Badges.SingleAsync(b => b.Id == badgeId);
            badge.Produce("B000001", Actor.System, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        Assert.Empty(await With(BadgeStatus.Queued));
        Assert.Equal([ids[0]], await With(BadgeStatus.Produced));
        await CountersMatchARebuild();

        await using (var db = _app.Db())
        {
            db.Badges.Remove(await db.Badges.SingleAsync(b => b.Id == badgeId));
            await db.SaveChangesAsync();
        }
        Assert.Empty(await With(BadgeStatus.Produced));
        Assert.Contains(ids[0], await With(BadgeStatus.None));
        await CountersMatchARebuild();
    }

    // ───────────────────────────── support ─────────────────────────────

    private sealed record Place(Guid EditionId, Guid OrganisationId, Guid RegistrationId, Guid DelegationId, string Code);

    /// <summary>上海进博演示贸易有限公司's registration of the current edition (上海交易团, submitted).</summary>
    private Task<Place> DemoPlaceAsync() => PlaceOfAsync(DemoSeeder.VisitorCode);

    private async Task<Place> PlaceOfAsync(string organisationCode)
    {
        await using var db = _app.Db();
        var edition = await db.Editions.AsNoTracking().SingleAsync(e => e.IsCurrent);
        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Code == organisationCode);
        var registration = await db.Registrations.AsNoTracking().SingleAsync(r => r.OrganisationId == organisation.Id && r.EditionId == edition.Id);
        return new Place(edition.Id, organisation.Id, registration.Id, registration.DelegationId, organisation.Code);
    }

    /// <summary>A new mainland organisation registered (not yet submitted) in the current edition under the delegation.</summary>
    private async Task<Place> OrganisationAsync(string name, string delegationCode)
    {
        await using var db = _app.Db();
        var edition = await db.Editions.AsNoTracking().SingleAsync(e => e.IsCurrent);
        var delegation = await db.Delegations.AsNoTracking().SingleAsync(d => d.Code == delegationCode);
        var organisation = new Organisation(OrganisationRegion.Mainland, OrganisationCategory.Enterprise, name, NextCreditCode(), DateTimeOffset.UtcNow);
        var registration = new OrganisationRegistration(organisation.Id, edition.Id, delegation.Id, null);
        db.Organisations.Add(organisation);
        db.Registrations.Add(registration);
        await db.SaveChangesAsync();
        return new Place(edition.Id, organisation.Id, registration.Id, delegation.Id, organisation.Code);
    }

    /// <summary>Persons as the demo's 张伟华 (valid for submission), each with its own document number; submitted unless told.</summary>
    private async Task<List<Guid>> AddPersonsAsync(Place place, IEnumerable<string> names, bool submit = true, Func<PersonData, int, PersonData>? shape = null)
    {
        var template = await TemplateAsync();
        await using var db = _app.Db();
        var edition = await db.Editions.AsNoTracking().SingleAsync(e => e.Id == place.EditionId);
        var ids = new List<Guid>();
        var i = 0;
        foreach (var name in names)
        {
            var data = template with { Name = name, DocumentNumber = NextDocument() };
            if (shape is not null) data = shape(data, i);
            var person = new Person(place.RegistrationId, place.OrganisationId, place.EditionId, place.DelegationId, data);
            if (submit) person.Submit(edition.FirstDay, edition.LastDay, Actor.System, DateTimeOffset.UtcNow);
            db.Persons.Add(person);
            ids.Add(person.Id);
            i++;
        }
        await db.SaveChangesAsync();
        return ids;
    }

    private static PersonData Foreigner(PersonData data, int i) => data with
    {
        PersonType = PersonType.Foreign, DocumentType = DocumentType.Passport, DocumentNumber = $"E{70000000 + i}", Nationality = "US", Mobile = "+1 2025550100",
    };

    private async Task<PersonData> TemplateAsync()
    {
        if (_template is null)
        {
            await using var db = _app.Db();
            _template = (await db.Persons.AsNoTracking().SingleAsync(p => EF.Property<string>(p, AppDbContext.DocumentIndex) == db.DocumentIndexOf(DemoDocument) && db.Editions.Any(e => e.Id == p.EditionId && e.IsCurrent))).Data;
        }
        return _template;
    }

    private async Task<Guid> DemoPersonIdAsync()
    {
        await using var db = _app.Db();
        return await db.Persons.Where(p => EF.Property<string>(p, AppDbContext.DocumentIndex) == db.DocumentIndexOf(DemoDocument) && db.Editions.Any(e => e.Id == p.EditionId && e.IsCurrent)).Select(p => p.Id).SingleAsync();
    }

    /// <summary>A valid 居民身份证号码 not used by the demo data (born 1990-01-01 in 上海徐汇… area 310115).</summary>
    private string NextDocument()
    {
        var first17 = $"31011519900101{_documents++:000}";
        return first17 + ResidentIdNumber.CheckCharacter(first17);
    }

    private string NextCreditCode()
    {
        var first17 = $"9131011500000{_codes++:0000}";
        return first17 + UnifiedSocialCreditCode.CheckCharacter(first17);
    }

    private async Task<string[]> GramsAsync(Guid personId)
    {
        await using var db = _app.Db();
        return (await db.PersonNameGrams.AsNoTracking().Where(g => g.PersonId == personId).Select(g => g.Gram).ToListAsync()).Order(StringComparer.Ordinal).ToArray();
    }

    private static string[] Sorted(params string[] names) => names.Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every row of the filter, page by page (offset), newest first.</summary>
    private async Task<List<ReviewerPersonRow>> AllRowsAsync(Actor actor, ReviewerPersonFilter filter)
    {
        var rows = new List<ReviewerPersonRow>();
        for (var page = 0; page < 100; page++)
        {
            var result = await Queries.PageAsync(actor, filter with { Page = page, PageSize = 200, After = null, Before = null });
            rows.AddRange(result.Rows);
            if (result.Rows.Count < 200) return rows;
        }
        throw new InvalidOperationException("more than 100 pages");
    }

    /// <summary>The trigger-kept counters are exactly what a recount from Persons gives.</summary>
    private async Task AssertCountersMatchARebuildAsync(bool expectSomeCancelled = false)
    {
        await using var db = _app.Db();
        var kept = await PersonCounters.SnapshotAsync(db);
        Assert.Equal(0, await db.PersonCounts.CountAsync(c => c.Count < 0));
        await PersonCounters.RebuildAsync(db);
        var rebuilt = await PersonCounters.SnapshotAsync(db);
        Assert.NotEmpty(rebuilt);
        Assert.Equal(await db.Persons.CountAsync(), rebuilt.Sum(s => int.Parse(s[(s.LastIndexOf('=') + 1)..])));
        if (expectSomeCancelled) Assert.Contains(rebuilt, s => s.Contains($"|{PersonStatus.Cancelled}|"));
        Assert.Equal(rebuilt, kept);
    }

    /// <summary>
    /// <paramref name="count"/> copies of the demo's current 张伟华 named <paramref name="name"/>, written with SQL as a
    /// bulk load would (the counters' triggers still fire), with the name's folded form and grams written alongside.
    /// </summary>
    private async Task BulkInsertAsync(int count, string name, string[] grams)
    {
        await using var connection = new SqliteConnection($"Data Source={_app.DatabaseFile}");
        await connection.OpenAsync();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        var columns = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.Transaction = tx;
            info.CommandText = "PRAGMA table_info(\"Persons\")";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync()) columns.Add(reader.GetString(1));
        }
        string existingId;
        await using (var sample = connection.CreateCommand())
        {
            sample.Transaction = tx;
            sample.CommandText = "SELECT \"Id\" FROM \"Persons\" LIMIT 1";
            existingId = (string)(await sample.ExecuteScalarAsync())!;
        }
        var upper = existingId == existingId.ToUpperInvariant();
        await using (var create = connection.CreateCommand())
        {
            create.Transaction = tx;
            create.CommandText = "CREATE TEMP TABLE \"BulkIds\" (\"Id\" TEXT NOT NULL PRIMARY KEY)";
            await create.ExecuteNonQueryAsync();
        }
        await using (var insertId = connection.CreateCommand())
        {
            insertId.Transaction = tx;
            insertId.CommandText = "INSERT INTO \"BulkIds\" (\"Id\") VALUES ($id)";
            var id = insertId.Parameters.Add("$id", SqliteType.Text);
            for (var i = 0; i < count; i++)
            {
                var guid = Guid.CreateVersion7().ToString();
                id.Value = upper ? guid.ToUpperInvariant() : guid;
                await insertId.ExecuteNonQueryAsync();
            }
        }
        var values = columns.Select(c => c switch
        {
            "Id" => "n.\"Id\"",
            "Name" or "SearchName" => "$name",
            _ => $"t.\"{c}\"",
        });
        await using (var copy = connection.CreateCommand())
        {
            copy.Transaction = tx;
            copy.CommandText =
                $"INSERT INTO \"Persons\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) " +
                $"SELECT {string.Join(", ", values)} FROM \"Persons\" t, \"BulkIds\" n " +
                "WHERE t.\"DocumentIndex\" = $document AND t.\"EditionId\" = (SELECT \"Id\" FROM \"Editions\" WHERE \"IsCurrent\" = 1)";
            copy.Parameters.AddWithValue("$name", name);
            await using (var db = _app.Db()) copy.Parameters.AddWithValue("$document", db.DocumentIndexOf(DemoDocument)); // the template, by its blind index
            Assert.Equal(count, await copy.ExecuteNonQueryAsync());
        }
        foreach (var gram in grams)
        {
            await using var index = connection.CreateCommand();
            index.Transaction = tx;
            index.CommandText =
                "INSERT INTO \"PersonNameGrams\" (\"EditionId\", \"Gram\", \"PersonId\") SELECT p.\"EditionId\", $gram, p.\"Id\" FROM \"Persons\" p, \"BulkIds\" n WHERE p.\"Id\" = n.\"Id\"";
            index.Parameters.AddWithValue("$gram", gram);
            await index.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }

    public void Dispose() => _app.Dispose();
}
