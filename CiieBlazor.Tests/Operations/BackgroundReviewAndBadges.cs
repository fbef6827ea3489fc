using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Badges;
using CiieBlazor.App.Features.Gate;
using CiieBlazor.App.Features.Operations;
using CiieBlazor.App.Features.Progress;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Progress;
using CiieBlazor.Tests.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using UglyToad.PdfPig;

namespace CiieBlazor.Tests.Operations;

/// <summary>
/// Steps 6–8 through the services on a real database: 人员信息审核 (approve / reject, batch all or nothing), 证件制作
/// (numbers, printable PDF with the QR token), 证件发放 (courier parcels and delegation hand-over) and the gate.
/// </summary>
public sealed class BackgroundReviewAndBadges : IDisposable
{
    // 10:00 in Shanghai on the first day of the 10th edition (5–10 Nov 2027).
    private static readonly DateTimeOffset FirstDay = new(2027, 11, 5, 10, 0, 0, TimeSpan.FromHours(8));
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 10, 1, 9, 0, 0, TimeSpan.FromHours(8)));
    private readonly PaymentsApp _app;

    public BackgroundReviewAndBadges() => _app = new PaymentsApp(_clock, settings: new Dictionary<string, string> { ["Gate:DeviceKeys:east-1"] = OperationsData.GateKey });

    private PersonReviewService Review => _app.Get<PersonReviewService>();
    private BadgeService Badges => _app.Get<BadgeService>();

    [Fact]
    public async Task ApprovingABatchQueuesABadgePerPersonTellsTheOrganisationAndMovesStepSix()
    {
        var ids = await _app.PersonsAwaitingReviewAsync(3);
        var op = await _app.ActorAsync("operator");
        var visitor = await _app.VisitorAsync();
        var before = await _app.Get<ProgressService>().GetAsync(visitor, visitor.OrganisationId!.Value);
        Assert.Equal(StepState.InProgress, Step(before, ProgressStepKind.PersonReview).State);

        await Review.ApproveAsync(op, ids);

        await using var db = _app.Db();
        var persons = await db.Persons.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync();
        Assert.All(persons, p => Assert.Equal(PersonStatus.Approved, p.Status));
        var badges = await db.Badges.AsNoTracking().Where(b => ids.Contains(b.PersonId)).ToListAsync();
        Assert.Equal(3, badges.Count);
        Assert.All(badges, b => Assert.Equal((BadgeStatus.Queued, (string?)null), (b.Status, b.BadgeNumber)));
        Assert.Equal(3, await db.AuditRecords.CountAsync(a => ids.Contains(a.EntityId) && a.Trigger == "Approve" && a.ActorName == op.Name));
        var messages = await db.Outbox.AsNoTracking().Where(m => m.Kind == "PersonApproved").ToListAsync();
        Assert.Equal(2, messages.Count); // SMS + email, once for the organisation
        Assert.All(messages, m => Assert.Contains(PaymentsApp.NameOf(1), m.Body));

        var after = await _app.Get<ProgressService>().GetAsync(visitor, visitor.OrganisationId!.Value);
        var step6 = Step(after, ProgressStepKind.PersonReview);
        Assert.Equal(3, step6.Done);
        Assert.Equal(StepState.InProgress, Step(after, ProgressStepKind.BadgeProduction).State);
    }

    [Fact]
    public async Task RejectingNeedsAReasonGivesTheStaffPlaceBackAndABatchIsAllOrNothing()
    {
        var ids = await _app.PersonsAwaitingReviewAsync(2);
        var op = await _app.ActorAsync("operator");
        int StaffUsed() { using var db = _app.Db(); return db.DelegationQuotas.AsNoTracking().Where(q => q.VipQuota == 100).Sum(q => q.StaffUsed); }
        var used = StaffUsed();

        var noReason = await Assert.ThrowsAsync<DomainException>(() => Review.RejectAsync(op, ids, "  "));
        Assert.Contains("原因", noReason.Message);
        await Review.ApproveAsync(op, [ids[0]]);
        // ids[0] is approved now: a batch with it is refused as a whole, ids[1] stays untouched.
        var mixed = await Assert.ThrowsAsync<DomainException>(() => Review.RejectAsync(op, ids, "照片不清晰"));
        Assert.Equal("Person.Approved.Reject", mixed.Code);
        await using (var db = _app.Db())
            Assert.Equal(PersonStatus.AwaitingReview, (await db.Persons.AsNoTracking().SingleAsync(p => p.Id == ids[1])).Status);

        await Review.RejectAsync(op, [ids[1]], "照片不清晰");
        await using (var db = _app.Db())
        {
            var rejected = await db.Persons.AsNoTracking().SingleAsync(p => p.Id == ids[1]);
            Assert.Equal((PersonStatus.Rejected, "照片不清晰"), (rejected.Status, rejected.StatusReason));
            Assert.False(await db.Badges.AnyAsync(b => b.PersonId == ids[1]));
            Assert.Contains(await db.Outbox.AsNoTracking().Where(m => m.Kind == "PersonRejected").Select(m => m.Body).ToListAsync(), b => b.Contains("照片不清晰"));
        }
        Assert.Equal(used - 1, StaffUsed());
    }

    [Theory]
    [InlineData("sh.reviewer")]
    [InlineData("finance")]
    [InlineData(DemoSeeder.VisitorCode)]
    public async Task OnlyOperatorsReviewProduceAndDispatch(string user)
    {
        var ids = await _app.PersonsAwaitingReviewAsync(1);
        var actor = await _app.ActorAsync(user);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Review.ApproveAsync(actor, ids));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Review.DetailAsync(actor, ids[0]));
        await Review.ApproveAsync(await _app.ActorAsync("operator"), ids);
        var badgeId = await BadgeIdAsync(ids[0]);
        await Assert.ThrowsAsync<AccessDeniedException>(() => Badges.ProduceAsync(actor, [badgeId]));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Badges.PageAsync(actor, new BadgeFilter()));
    }

    [Fact]
    public async Task TheBackgroundReviewerSeesTheFullDocumentNumberAndPhoto()
    {
        var ids = await _app.PersonsAwaitingReviewAsync(1);
        var detail = await Review.DetailAsync(await _app.ActorAsync("operator"), ids[0]);
        Assert.Equal(OperationsData.DocumentNumber(1), detail.DocumentNumber);
        Assert.NotNull(detail.PhotoFileId);
        Assert.Equal([PersonTrigger.Approve, PersonTrigger.Reject], detail.Allowed);
    }

    [Fact]
    public async Task ProducedBadgesAreNumberedPerDelegationAndPrintWithNameNumberPhotoAndQr()
    {
        var ids = await _app.PersonsAwaitingReviewAsync(5);
        var op = await _app.ActorAsync("operator");
        await Review.ApproveAsync(op, ids);
        var badgeIds = await Task.WhenAll(ids.Select(BadgeIdAsync));

        await Badges.ProduceAsync(op, badgeIds);
        var page = await Badges.PageAsync(op, new BadgeFilter { Status = BadgeStatus.Produced });
        Assert.Equal(5, page.Total);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"CIIE10-SH-{i:D6}"), page.Rows.Select(r => r.BadgeNumber).Order());
        Assert.All(page.Rows, r => Assert.Equal(1, r.Serial));
        Assert.Contains(BadgeTrigger.Dispatch, page.Rows[0].Allowed);
        // Producing again is refused by the domain (already produced), nothing changes.
        var again = await Assert.ThrowsAsync<DomainException>(() => Badges.ProduceAsync(op, [badgeIds[0]]));
        Assert.Equal("Badge.Produced.Produce", again.Code);

        var cards = await Badges.PrintAsync(op, badgeIds, sheets: false);
        await File.WriteAllBytesAsync(Path.Combine(TestSupport.Paths.Artefacts, "badge-cards.pdf"), cards);
        using (var pdf = PdfDocument.Open(cards))
        {
            Assert.Equal(5, pdf.NumberOfPages);
            var first = pdf.GetPage(1);
            var text = first.Text;
            Assert.Contains("CIIE10-SH-000001", text);
            Assert.Contains("上海进博演示贸易有限公司", text);
            Assert.Contains("工作人员", text);
            Assert.NotEmpty(first.GetImages()); // the ID photo
        }
        var sheet = await Badges.PrintAsync(op, badgeIds, sheets: true);
        await File.WriteAllBytesAsync(Path.Combine(TestSupport.Paths.Artefacts, "badge-sheets.pdf"), sheet);
        using (var pdf = PdfDocument.Open(sheet))
        {
            Assert.Equal(2, pdf.NumberOfPages); // four per A4 sheet
            Assert.Contains("CIIE10-SH-000004", pdf.GetPage(1).Text);
            Assert.Contains("CIIE10-SH-000005", pdf.GetPage(2).Text);
        }
    }

    [Fact]
    public async Task CourierParcelsGoToOneAddressAtMostTenAndTheVisitorSeesTheTracking()
    {
        var home = await _app.AddressAsync("崧泽大道333号");
        var office = await _app.AddressAsync("淮海中路1号");
        var op = await _app.ActorAsync("operator");
        var toHome = await _app.PersonsAwaitingReviewAsync(11, shape: d => d with { PickupMethod = PickupMethod.Courier, CourierAddressId = home });
        var toOffice = await _app.PersonsAwaitingReviewAsync(1, shape: d => d with { PickupMethod = PickupMethod.Courier, CourierAddressId = office });
        var byDelegation = await _app.PersonsAwaitingReviewAsync(1);
        await Review.ApproveAsync(op, [.. toHome, .. toOffice, .. byDelegation]);
        var homeBadges = await Task.WhenAll(toHome.Select(BadgeIdAsync));
        var officeBadge = await BadgeIdAsync(toOffice[0]);
        var delegationBadge = await BadgeIdAsync(byDelegation[0]);
        await Badges.ProduceAsync(op, [.. homeBadges, officeBadge, delegationBadge]);

        Assert.Equal("BadgeShipment.-.Parcel.ParcelSize", (await Assert.ThrowsAsync<DomainException>(() => Badges.SendByCourierAsync(op, homeBadges, "顺丰速运", "SF1234567890"))).Code);
        Assert.Equal("BadgeShipment.-.Parcel.OneAddress", (await Assert.ThrowsAsync<DomainException>(() => Badges.SendByCourierAsync(op, [homeBadges[0], officeBadge], "顺丰速运", "SF1234567890"))).Code);
        Assert.Equal("BadgeShipment.-.Parcel.PickupByCourier", (await Assert.ThrowsAsync<DomainException>(() => Badges.SendByCourierAsync(op, [delegationBadge], "顺丰速运", "SF1234567890"))).Code);
        Assert.Equal("BadgeShipment.-.Parcel.TrackingNumber", (await Assert.ThrowsAsync<DomainException>(() => Badges.SendByCourierAsync(op, homeBadges[..2], "顺丰速运", "SF-12"))).Code);
        Assert.Equal("BadgeShipment.-.Parcel.DispatchDetailsGiven", (await Assert.ThrowsAsync<DomainException>(() => Badges.SendByCourierAsync(op, homeBadges[..2], " ", "SF1234567890"))).Code);
        await using (var db = _app.Db())
            Assert.Equal(0, await db.Badges.CountAsync(b => b.Status == BadgeStatus.Dispatched && b.EditionId != Guid.Empty && b.ShipmentId != null));

        var parcel = await Badges.SendByCourierAsync(op, homeBadges[..10], "顺丰速运", "sf1234567890");
        Assert.Equal((DispatchMethod.Courier, "SF1234567890", 10), (parcel.Method, parcel.TrackingNumber, parcel.BadgeCount));
        Assert.Contains("崧泽大道333号", parcel.Address);
        Assert.StartsWith("KD10-", parcel.Number);

        var mine = await Badges.ForOrganisationAsync(await _app.VisitorAsync());
        var sent = mine.Where(b => b.Status == BadgeStatus.Dispatched).ToList();
        Assert.Equal(10, sent.Count);
        Assert.All(sent, b => Assert.Equal(("顺丰速运", "SF1234567890"), (b.CourierCompany, b.TrackingNumber)));
        Assert.DoesNotContain(mine, b => b.MaskedDocumentNumber.Length == 18 && !b.MaskedDocumentNumber.Contains('*'));

        var visitor = await _app.VisitorAsync();
        var progress = await _app.Get<ProgressService>().GetAsync(visitor, visitor.OrganisationId!.Value);
        var step8 = Step(progress, ProgressStepKind.BadgeDispatch);
        Assert.Equal(10, step8.Done);
    }

    [Fact]
    public async Task AHandOverGoesToOneDelegationWithASignedList()
    {
        var op = await _app.ActorAsync("operator");
        var ids = await _app.PersonsAwaitingReviewAsync(3);
        await Review.ApproveAsync(op, ids);
        var badgeIds = await Task.WhenAll(ids.Select(BadgeIdAsync));
        await Badges.ProduceAsync(op, badgeIds);

        var handover = await Badges.HandOverAsync(op, badgeIds);
        Assert.Equal((DispatchMethod.HandedToDelegation, "上海交易团", 3), (handover.Method, handover.Delegation, handover.BadgeCount));
        var (pdf, number) = await Badges.HandoverListAsync(op, handover.Id);
        Assert.Equal(handover.Number, number);
        await File.WriteAllBytesAsync(Path.Combine(TestSupport.Paths.Artefacts, "badge-handover.pdf"), pdf);
        using var doc = PdfDocument.Open(pdf);
        var text = string.Concat(doc.GetPages().Select(p => p.Text));
        Assert.Contains("证件交接单", text);
        Assert.Contains(PaymentsApp.NameOf(1), text);
        Assert.Contains("接收人（签字）", text);
        Assert.Contains("上海交易团", text);
        // Sent already: a second hand-over of the same badges is refused.
        Assert.Equal("Badge.Dispatched.Dispatch", (await Assert.ThrowsAsync<DomainException>(() => Badges.HandOverAsync(op, badgeIds))).Code);
    }

    [Fact]
    public async Task TheGateAdmitsOncePerEntryRefusesForgedRevokedCancelledAndWrongDayAndLogsEveryScan()
    {
        var (op, ids, badgeIds, tokens) = await ProducedAsync(2);
        using var http = _app.Client();
        _clock.SetUtcNow(FirstDay);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/gate/scans", new { code = tokens[0] })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Scan(http, tokens[0], key: "wrong-key")).StatusCode);
        var malformed = new HttpRequestMessage(HttpMethod.Post, "/api/gate/scans") { Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json") };
        malformed.Headers.Authorization = new("Bearer", OperationsData.GateKey);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(malformed)).StatusCode);

        await Expect(http, tokens[0], "In", true, "None");
        await Expect(http, tokens[0], "In", false, "AlreadyInside"); // passed back over the turnstile
        await Expect(http, tokens[0], "Out", true, "None");
        await Expect(http, tokens[0], "In", true, "None");
        var altered = tokens[1].Replace(".1.", ".2.");
        await Expect(http, altered, "In", false, "Forged");
        await Expect(http, "https://example.com/not-a-badge", "In", false, "Unknown");

        // Lost: revoked, reissued with the next serial — the old code is refused, the new one admits.
        await Badges.RevokeAsync(op, badgeIds[1], "遗失");
        await Expect(http, tokens[1], "In", false, "Revoked");
        await Badges.ReissueAsync(op, badgeIds[1]);
        await Badges.ProduceAsync(op, [badgeIds[1]]);
        var reissued = await TokenAsync(badgeIds[1]);
        Assert.Contains(".2.", reissued);
        await Expect(http, tokens[1], "In", false, "Revoked");
        await Expect(http, reissued, "In", true, "None");

        // Cancelled by the delegation after the badge was made.
        await _app.Get<App.Features.Review.TaggingService>().CancelAsync(await _app.ActorAsync("sh.reviewer"), [ids[0]], "离职");
        await Expect(http, tokens[0], "Out", false, "PersonCancelled");

        _clock.SetUtcNow(FirstDay.AddDays(6)); // 11 Nov: after the entry dates; a new day starts with nobody inside
        await Expect(http, reissued, "In", false, "WrongDay");
        await Expect(http, reissued, "Out", false, "NotInside");

        await _app.Get<GateScanLog>().FlushAsync();
        await using var db = _app.Db();
        var scans = await db.GateScans.AsNoTracking().OrderBy(s => s.Id).ToListAsync();
        Assert.Equal(12, scans.Count);
        Assert.Equal("east-1", scans[0].Gate);
        Assert.Equal(4, scans.Count(s => s.Admitted));
        Assert.Contains(scans, s => s.Refusal == GateRefusal.Forged && s.BadgeNumber == null);
    }

    [Fact]
    public async Task WhoIsInsideSurvivesARestartOfTheGateState()
    {
        var (_, _, _, tokens) = await ProducedAsync(1);
        var token = tokens[0];
        _clock.SetUtcNow(FirstDay.AddHours(-3)); // 07:00 in Shanghai, still 4 Nov in UTC
        var first = await _app.Get<GateService>().ScanAsync(token, "east-1", GateDirection.In);
        Assert.True(first.Admit);
        Assert.Equal(PaymentsApp.NameOf(1), first.Name);

        // A fresh gate service (as after a restart) rebuilds who is inside from the day's log.
        await _app.Get<GateScanLog>().FlushAsync();
        var fresh = new GateService(_app.Get<IDbContextFactory<AppDbContext>>(), _app.Get<BadgeTokenKey>(), _app.Get<GateScanLog>(), _clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<GateService>.Instance);
        Assert.Equal(GateRefusal.AlreadyInside, (await fresh.ScanAsync(token, "east-1", GateDirection.In)).Refusal);
    }

    [Fact]
    public async Task TheGatesInMemorySnapshotFollowsACancellationAtOnce()
    {
        var (op, ids, badgeIds, tokens) = await ProducedAsync(2);
        _clock.SetUtcNow(FirstDay);
        var gate = _app.Get<GateService>();

        Assert.True((await gate.ScanAsync(tokens[0], "east-1", GateDirection.In)).Admit);
        await PaymentsApp.EventuallyAsync(() => Task.FromResult(gate.SnapshotComplete), "the gate snapshot");
        // From the complete snapshot: a number that is not a badge of the edition is unknown without a database read.
        var stranger = Badges.TokenFor("CIIE10-SH-999999", 1);
        Assert.Equal(GateRefusal.Unknown, (await gate.ScanAsync(stranger, "east-1", GateDirection.In)).Refusal);

        await _app.Get<App.Features.Review.TaggingService>().CancelAsync(await _app.ActorAsync("sh.reviewer"), [ids[1]], "离职");
        Assert.False(gate.SnapshotComplete);
        Assert.Equal(GateRefusal.PersonCancelled, (await gate.ScanAsync(tokens[1], "east-1", GateDirection.In)).Refusal);
        await PaymentsApp.EventuallyAsync(() => Task.FromResult(gate.SnapshotComplete), "the gate snapshot again");
        Assert.Equal(GateRefusal.PersonCancelled, (await gate.ScanAsync(tokens[1], "east-1", GateDirection.In)).Refusal);
        Assert.Equal(GateRefusal.AlreadyInside, (await gate.ScanAsync(tokens[0], "east-1", GateDirection.In)).Refusal);
    }

    [Fact]
    public async Task TheDashboardCountsEveryStepByDelegationAndTheMoneyOfTheDay()
    {
        var op = await _app.ActorAsync("operator");
        var dashboards = _app.Get<App.Features.Dashboards.DashboardService>();
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await dashboards.GetAsync(await _app.VisitorAsync()));
        var before = await dashboards.GetAsync(op);
        var shanghai = before.Delegations.Single(d => d.Name == "上海交易团");

        var staff = await _app.PersonsAwaitingReviewAsync(3);
        await Review.ApproveAsync(op, staff[..2]);
        var badgeIds = await Task.WhenAll(staff[..2].Select(BadgeIdAsync));
        await Badges.ProduceAsync(op, badgeIds);
        await Badges.HandOverAsync(op, [badgeIds[0]]);
        // One professional visitor pays ¥200 by QR today.
        var payer = await _app.PersonsAwaitingPaymentAsync(1);
        var order = await _app.OrderAsync(payer);
        var start = await _app.StartAsync(order.Id);
        using (var http = _app.Client())
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(_app.Notification(start.AttemptId, "T-DASH-1", 200m))).StatusCode);

        var after = await dashboards.GetAsync(op);
        var sh = after.Delegations.Single(d => d.Name == "上海交易团");
        // Three staff and one payer were added and tagged (the demo's 张伟华 still waits for her tag).
        Assert.Equal(shanghai.Tally.PersonsSubmitted + 4, sh.Tally.PersonsSubmitted);
        Assert.Equal(shanghai.Tally.Tagged + 4, sh.Tally.Tagged);
        Assert.Equal((1, 1), (sh.Tally.Paid, sh.Tally.Payers));
        Assert.Equal((2, 2, 2, 1), (sh.Tally.Reviewed, sh.Tally.Approved, sh.Tally.Produced, sh.Tally.Dispatched));
        Assert.Equal(shanghai.StaffUsed + 3, sh.StaffUsed);
        Assert.Equal(1, sh.Tally.OrganisationsApproved);
        Assert.Equal(after.Total.Reviewed, after.Delegations.Sum(d => d.Tally.Reviewed));
        var today = after.Days[^1];
        Assert.Equal((200m, 1), (today.Paid, today.Payments));
        Assert.Equal(App.Features.Dashboards.DashboardService.Days, after.Days.Count);
    }

    /// <summary>Staff persons approved by the operator and their badges produced (serial 1), with the QR tokens.</summary>
    private async Task<(Actor Operator, List<Guid> Persons, Guid[] Badges, string[] Tokens)> ProducedAsync(int count)
    {
        var op = await _app.ActorAsync("operator");
        var ids = await _app.PersonsAwaitingReviewAsync(count);
        await Review.ApproveAsync(op, ids);
        var badgeIds = await Task.WhenAll(ids.Select(BadgeIdAsync));
        await Badges.ProduceAsync(op, badgeIds);
        return (op, ids, badgeIds, await Task.WhenAll(badgeIds.Select(TokenAsync)));
    }

    private async Task Expect(HttpClient http, string code, string direction, bool admit, string reason)
    {
        using var response = await Scan(http, code, direction);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True((admit, reason) == (body.GetProperty("admit").GetBoolean(), body.GetProperty("reason").GetString()),
            $"{direction} {code[..Math.Min(code.Length, 30)]}: expected {admit}/{reason}, got {body}");
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetString()));
    }

    private static Task<HttpResponseMessage> Scan(HttpClient http, string code, string direction = "In", string key = OperationsData.GateKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/gate/scans") { Content = JsonContent.Create(new { code, direction }) };
        request.Headers.Authorization = new("Bearer", key);
        return http.SendAsync(request);
    }

    private async Task<Guid> BadgeIdAsync(Guid personId)
    {
        await using var db = _app.Db();
        return await db.Badges.AsNoTracking().Where(b => b.PersonId == personId).Select(b => b.Id).SingleAsync();
    }

    private async Task<string> TokenAsync(Guid badgeId)
    {
        await using var db = _app.Db();
        var badge = await db.Badges.AsNoTracking().SingleAsync(b => b.Id == badgeId);
        return Badges.TokenFor(badge.BadgeNumber!, badge.Serial);
    }

    private static ProgressStep Step(ProgressView view, ProgressStepKind kind) => view.Steps.Single(s => s.Kind == kind);

    public void Dispose() => _app.Dispose();
}
