using System.Reflection;
using System.Text;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.Domain.Common;
using CiieBlazor.Tests.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CiieBlazor.Tests.Security;

/// <summary>
/// Issue 10, part 1, the third axis: every application-service method that acts for a user (a public method of a
/// service taking an <see cref="Actor"/>), called by each of 8 signed-in users with organisation A's real ids (its
/// organisation, registration, person, order, file), against <see cref="Expected"/>: "y" the call gets past the access
/// checks (it may still fail on the input: the probe's arguments are plain), "n" it is refused with
/// <see cref="AccessDeniedException"/>. A method without an entry fails the test, so a new command is listed (and
/// looked at) before it lands. The users, in the entries' order: visitor A, visitor B, 上海 reviewer (A's delegation),
/// 广东 reviewer, 广东贸促分团 reviewer, operator, finance, admin.
/// </summary>
public sealed class CommandMatrix(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] Users = ["visitorA", "visitorB", "sh.reviewer", "gd.reviewer", "gdmc.reviewer", "operator", "finance", "admin"];

    /// <summary>Refused users are asked first, so that what an allowed user's call changes cannot hide a refusal.</summary>
    private static readonly string[] AskingOrder = ["visitorB", "gdmc.reviewer", "gd.reviewer", "finance", "operator", "sh.reviewer", "admin", "visitorA"];

    private readonly Payments.PaymentsApp _app = new();
    private readonly Dictionary<string, Actor> _actors = new();
    private Ids _a = null!;

    private sealed record Ids(Guid Organisation, Guid Registration, Guid Person, Guid Order, Guid? File, Guid Attempt, Guid Edition, Guid Delegation, Guid? SideEvent,
        Guid Address, Guid Document, Guid Badge, Guid Shipment);

    public async Task InitializeAsync()
    {
        var order = await _app.OrderAsync(await _app.PersonsAwaitingPaymentAsync(1));
        var attempt = await _app.StartAsync(order.Id);
        foreach (var user in Users)
        {
            _actors[user] = await _app.ActorAsync(AuthorisationMatrix.LoginOf(user));
        }
        await using var db = _app.Db();
        var a = _actors["visitorA"].OrganisationId!.Value;
        var registration = await db.Registrations.AsNoTracking().FirstAsync(r => r.OrganisationId == a);
        // A record of every kind a command acts on, so that each row says who may act on A's record, not only that nobody
        // reaches an unknown one: a courier address (added as A would), a qualification document on A's registration,
        // and A's badge (of the last edition: the demo's current person has none yet).
        var address = await _app.Get<App.Features.Addresses.CourierAddressService>().AddAsync(_actors["visitorA"], new App.Features.Addresses.CourierAddressInput
        {
            ProvinceCode = "31", CityCode = "3101", DistrictCode = "310115", Street = "世纪大道100号", Recipient = "张伟华", Mobile = "13800138000",
        });
        var document = new StoredFile
        {
            OrganisationId = a, RegistrationId = registration.Id, Purpose = FilePurpose.Qualification, OriginalName = "营业执照.pdf",
            ContentType = "application/pdf", Size = 14, StoragePath = "probe/营业执照.pdf", CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Files.Add(document);
        await db.SaveChangesAsync();
        var badge = await (from b in db.Badges.AsNoTracking() join p in db.Persons.AsNoTracking() on b.PersonId equals p.Id
                           where p.OrganisationId == a select b.Id).FirstAsync();
        // And a batch of A's badges handed to its delegation (reviewed, produced, handed over by the operator): the
        // hand-over list's row then says who may print the list of A's delegation, not only that nobody finds an unknown one.
        var op = _actors["operator"];
        var reviewed = await _app.PersonsAwaitingReviewAsync(1);
        await _app.Get<App.Features.Operations.PersonReviewService>().ApproveAsync(op, reviewed);
        var handedOver = await db.Badges.AsNoTracking().Where(b => b.PersonId == reviewed[0]).Select(b => b.Id).SingleAsync();
        var badges = _app.Get<App.Features.Badges.BadgeService>();
        await badges.ProduceAsync(op, [handedOver]);
        var shipment = await badges.HandOverAsync(op, [handedOver]);
        _a = new Ids(a, registration.Id, order.Lines[0].PersonId, order.Id,
            await db.Files.AsNoTracking().Where(f => f.OrganisationId == a && f.Purpose == FilePurpose.PersonPhoto).Select(f => (Guid?)f.Id).FirstOrDefaultAsync(),
            attempt.AttemptId, registration.EditionId, registration.DelegationId,
            await db.SideEvents.AsNoTracking().Select(e => (Guid?)e.Id).FirstOrDefaultAsync(),
            address.Id, document.Id, badge, shipment.Id);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Every public method taking an Actor on the app's classes (components and the access guard itself aside).</summary>
    public static IReadOnlyList<MethodInfo> Commands() =>
        typeof(App.Components.App).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.Namespace?.StartsWith("CiieBlazor.App.Features", StringComparison.Ordinal) == true
                && !typeof(Microsoft.AspNetCore.Components.IComponent).IsAssignableFrom(t) && t != typeof(AccessGuard))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(Actor)) && typeof(Task).IsAssignableFrom(m.ReturnType))
            .OrderBy(Key, StringComparer.Ordinal)
            .ToList();

    private static string Key(MethodInfo m) => $"{m.DeclaringType!.Name}.{m.Name}({string.Join(",", m.GetParameters().Select(p => p.ParameterType.Name))})";

    [Fact]
    public void EveryCommandHasAnEntryAndEveryEntryIsACommand()
    {
        var keys = Commands().Select(Key).ToHashSet();
        Assert.Empty(keys.Except(Expected.Keys));
        Assert.Empty(Expected.Keys.Except(keys));
        output.WriteLine($"{keys.Count} commands × {Users.Length} users = {keys.Count * Users.Length} cells");
    }

    [Fact]
    public async Task EveryCommandLetsInOnlyWhomTheTableSays()
    {
        var commands = Commands();
        // Reads first, then changes, the ones that end something last: a change made by an allowed user must not
        // remove the record before another user's refusal is asked for.
        var ordered = commands.OrderBy(m => IsRead(m.Name) ? 0 : IsEnding(m.Name) ? 2 : 1).ThenBy(Key, StringComparer.Ordinal).ToList();
        var wrong = new List<string>();
        var table = new StringBuilder();
        var deniedBefore = await DeniedAsync();
        var refusals = 0;
        foreach (var method in ordered)
        {
            var row = new char[Users.Length];
            var outcomes = new string[Users.Length];
            foreach (var user in AskingOrder)
            {
                var i = Array.IndexOf(Users, user);
                var outcome = await CallAsync(method, _actors[user]);
                outcomes[i] = outcome;
                row[i] = outcome == "denied" ? 'n' : 'y';
                if (row[i] == 'n') refusals++;
            }
            var got = new string(row);
            table.AppendLine($"[\"{Key(method)}\"] = \"{got}\", // {string.Join(" ", outcomes.Select((o, i) => o == "denied" ? "" : $"{Users[i]}:{o}").Where(x => x.Length > 0))}");
            if (Expected.TryGetValue(Key(method), out var want) && want != got)
                wrong.Add($"{Key(method)}: {got}, expected {want} ({string.Join(", ", outcomes.Select((o, i) => $"{Users[i]} {o}"))})");
        }
        output.WriteLine(table.ToString());
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        output.WriteLine($"{refusals} refusals; audited or logged as refusals: {await DeniedAsync() - deniedBefore} audit rows");
    }

    private static bool IsRead(string name) =>
        new[] { "Get", "List", "Page", "Find", "Count", "Export", "Load", "Search", "Preview", "Summary", "Quota", "Recipients", "Board", "Progress", "Report", "History", "Can" }
            .Any(p => name.StartsWith(p, StringComparison.Ordinal));

    private static bool IsEnding(string name) =>
        new[] { "Delete", "Remove", "Cancel", "Revoke", "Reject", "Return", "Withdraw", "Lock", "Refund" }.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>"ok", "denied" or the exception's type name (the input was refused after the access checks).</summary>
    private async Task<string> CallAsync(MethodInfo method, Actor actor)
    {
        using var scope = _app.Host.Services.CreateScope();
        var service = scope.ServiceProvider.GetService(method.DeclaringType!)
            ?? throw new InvalidOperationException($"{method.DeclaringType!.Name} is not a service: cannot be asked");
        var args = method.GetParameters().Select(p => Argument(p, actor)).ToArray();
        try
        {
            await ((Task)method.Invoke(service, args)!).WaitAsync(TimeSpan.FromSeconds(20));
            return "ok";
        }
        catch (Exception ex)
        {
            var inner = ex is TargetInvocationException { InnerException: { } e } ? e : ex;
            return inner is AccessDeniedException ? "denied" : inner.GetType().Name;
        }
    }

    /// <summary>Organisation A's ids where the parameter names one, plain values otherwise.</summary>
    private object? Argument(ParameterInfo p, Actor actor)
    {
        // A bare "id" is the service's own kind of record; a document's file is a qualification document.
        var name = p.Name == "id" ? $"{p.Member.DeclaringType!.Name}Id" : p.Member.Name.Contains("Document") && p.Name == "fileId" ? "documentId" : p.Name!;
        return Value(p.ParameterType, name, actor, p.HasDefaultValue, p.DefaultValue, depth: 0);
    }

    private object? Value(Type declared, string parameterName, Actor actor, bool hasDefault, object? defaultValue, int depth)
    {
        var type = Nullable.GetUnderlyingType(declared) ?? declared;
        var name = parameterName.ToLowerInvariant();
        if (type == typeof(Actor)) return actor;
        if (type == typeof(CancellationToken)) return CancellationToken.None;
        Guid? Id() =>
            name == "documentid" ? _a.Document
            : name.Contains("shipment") ? _a.Shipment
            : name.Contains("badge") ? _a.Badge
            : name.Contains("person") ? _a.Person
            : name.Contains("attempt") ? _a.Attempt
            : name.Contains("order") ? _a.Order
            : name.Contains("registration") ? _a.Registration
            : name.Contains("organisation") || name.Contains("organization") ? _a.Organisation
            : name.Contains("file") || name.Contains("photo") || name.Contains("voucher") || name.Contains("document") ? _a.File
            : name.Contains("edition") ? _a.Edition
            : name.Contains("delegation") ? _a.Delegation
            : name.Contains("event") ? _a.SideEvent
            : name.Contains("address") ? _a.Address
            : null;
        if (type == typeof(Guid)) return Id() ?? Guid.Empty;
        if (typeof(IEnumerable<Guid>).IsAssignableFrom(type) || type.IsAssignableFrom(typeof(List<Guid>)))
        {
            var ids = Id() is { } id ? new List<Guid> { id } : [];
            return type.IsArray ? ids.ToArray() : ids;
        }
        if (type == typeof(string)) return "测试 test";
        if (type == typeof(bool)) return false;
        if (type == typeof(int) || type == typeof(long)) return Convert.ChangeType(1, type);
        if (type == typeof(decimal)) return 1m;
        if (type == typeof(DateOnly)) return DateOnly.FromDateTime(DateTime.UtcNow);
        if (type == typeof(DateTimeOffset)) return DateTimeOffset.UtcNow;
        if (type.IsEnum) return Enum.GetValues(type).GetValue(0);
        if (type == typeof(Uri)) return new Uri("http://localhost/");
        if (typeof(Stream).IsAssignableFrom(type)) return new MemoryStream("%PDF-1.4 probe"u8.ToArray());
        if (hasDefault) return defaultValue;
        if (type.GetConstructor(Type.EmptyTypes) is { } empty) return empty.Invoke(null);
        // A record or class of input: built through its smallest constructor, each of its values as above.
        if (depth < 3 && type.IsClass && type.GetConstructors().OrderBy(c => c.GetParameters().Length).FirstOrDefault() is { } constructor)
        {
            return constructor.Invoke(constructor.GetParameters()
                .Select(c => Value(c.ParameterType, c.Name!, actor, c.HasDefaultValue, c.DefaultValue, depth + 1)).ToArray());
        }
        return null;
    }

    private Task<int> DeniedAsync() => AuthorisationMatrix.DeniedAsync(_app);

    /// <summary>
    /// The table: per command, the 8 users in the order visitor A, visitor B, 上海 reviewer, 广东 reviewer, 广东贸促分团
    /// reviewer, operator, finance, admin — "y" past the access checks, "n" refused.
    /// The probe gives organisation A a record of every kind (a courier address, a qualification document, its badge) but
    /// a hand-over shipment: that row (all "n", marked //) only says that nobody reaches an unknown shipment.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Expected = new Dictionary<string, string>
    {
        ["AccountAdminService.ConsentsAsync(Actor,String,CancellationToken)"] = "nnnnnnny",
        ["AccountAdminService.CreateStaffAsync(Actor,String,String,String,Nullable`1,String,CancellationToken)"] = "nnnnnnny",
        ["AccountAdminService.ListAsync(Actor,String,String,Int32,CancellationToken)"] = "nnnnnnny",
        ["AccountAdminService.ResetPasswordAsync(Actor,String,String,CancellationToken)"] = "nnnnnnny",
        ["AccountAdminService.SetLockedAsync(Actor,String,Boolean,CancellationToken)"] = "nnnnnnny",
        ["AccountService.ChangeContactAsync(Actor,ContactInput,CancellationToken)"] = "yyyyyyyy",
        ["AccountService.ChangePasswordAsync(Actor,ChangePasswordInput,CancellationToken)"] = "yyyyyyyy",
        ["AccountService.HistoryAsync(Actor,Int32,Int32,CancellationToken)"] = "yyyyyyyy",
        ["AccountService.ProfileAsync(Actor,CancellationToken)"] = "yyyyyyyy",
        ["AdminService.AddDelegationAsync(Actor,String,String,String,Nullable`1,Int32,Int32,CancellationToken)"] = "nnnnnnny",
        ["AdminService.AuditAsync(Actor,AuditFilter,CancellationToken)"] = "nnnnnnny",
        ["AdminService.AuditMachinesAsync(Actor,CancellationToken)"] = "nnnnnnny",
        ["AdminService.ConfigureEditionAsync(Actor,Guid,DateOnly,DateOnly,Decimal,Decimal,CancellationToken)"] = "nnnnnnny",
        ["AdminService.EditionsAsync(Actor,CancellationToken)"] = "nnnnnnny",
        ["AdminService.QuotasAsync(Actor,CancellationToken)"] = "nnnnnnny",
        ["AdminService.SetQuotaAsync(Actor,Guid,Int32,Int32,CancellationToken)"] = "nnnnnnny",
        ["BadgeOrderService.ApplicationAsync(Actor,CancellationToken)"] = "yynnnnnn",
        ["BadgeOrderService.CancelAsync(Actor,Guid,Nullable`1,CancellationToken)"] = "ynnnnnnn",
        ["BadgeOrderService.ChangeEntryDatesAsync(Actor,Guid,DateOnly,DateOnly,CancellationToken)"] = "ynnnnnnn",
        ["BadgeOrderService.CreateAsync(Actor,IReadOnlyCollection`1,Decimal,CancellationToken)"] = "ynnnnnnn",
        ["BadgeOrderService.GetAsync(Actor,Guid,CancellationToken)"] = "ynnnnnnn",
        ["BadgeOrderService.ListAsync(Actor,CancellationToken)"] = "yynnnnnn",
        ["BadgeOrderService.PreviewAsync(Actor,IReadOnlyCollection`1,CancellationToken)"] = "ynnnnnnn",
        ["BadgeService.ForOrganisationAsync(Actor,CancellationToken)"] = "yynnnnnn",
        ["BadgeService.HandOverAsync(Actor,IReadOnlyCollection`1,CancellationToken)"] = "nnnnnyny",
        ["BadgeService.HandoverListAsync(Actor,Guid,CancellationToken)"] = "nnnnnyny",
        ["BadgeService.PageAsync(Actor,BadgeFilter,CancellationToken)"] = "nnnnnyny",
        ["BadgeService.PrintAsync(Actor,IReadOnlyCollection`1,Boolean,CancellationToken)"] = "nnnnnyny",
        ["BadgeService.ProduceAsync(Actor,IReadOnlyCollection`1,CancellationToken)"] = "nnnnnyny",
        ["BadgeService.ReissueAsync(Actor,Guid,CancellationToken)"] = "nnnnnyny",
        ["BadgeService.RevokeAsync(Actor,Guid,String,CancellationToken)"] = "nnnnnyny",
        ["BadgeService.SendByCourierAsync(Actor,IReadOnlyCollection`1,String,String,CancellationToken)"] = "nnnnnyny",
        ["BadgeService.ShipmentsAsync(Actor,Int32,CancellationToken)"] = "nnnnnyny",
        ["CourierAddressService.AddAsync(Actor,CourierAddressInput,CancellationToken)"] = "yynnnnnn",
        ["CourierAddressService.DeleteAsync(Actor,Guid,CancellationToken)"] = "ynnnnnnn",
        ["CourierAddressService.ListAsync(Actor,CancellationToken)"] = "yynnnnnn",
        ["CourierAddressService.SetDefaultAsync(Actor,Guid,CancellationToken)"] = "ynnnnnnn",
        ["CourierAddressService.UpdateAsync(Actor,Guid,CourierAddressInput,CancellationToken)"] = "ynnnnnnn",
        ["DashboardService.GetAsync(Actor,CancellationToken)"] = "nnnnnyyy",
        ["GroupEmailService.SendAsync(Actor,ReviewerPersonFilter,String,String,CancellationToken)"] = "nnyyyyny",
        ["InvoiceService.ConfirmReturnAsync(Actor,Guid,Guid,CancellationToken)"] = "nnnnnnyy",
        ["InvoiceService.GetAsync(Actor,Guid,CancellationToken)"] = "ynnnnnyy",
        ["InvoiceService.IssuePaperAsync(Actor,Guid,Guid,String,String,String,CancellationToken)"] = "nnnnnnyy",
        ["InvoiceService.QueueAsync(Actor,CancellationToken)"] = "nnnnnnyy",
        ["InvoiceService.RejectPaperAsync(Actor,Guid,Guid,String,CancellationToken)"] = "nnnnnnyy",
        ["InvoiceService.RequestAsync(Actor,Guid,InvoiceKind,InvoiceBuyer,CancellationToken)"] = "ynnnnnnn",
        ["InvoiceService.ReturnElectronicAsync(Actor,Guid,CancellationToken)"] = "ynnnnnnn",
        ["InvoiceService.ReturnPaperAsync(Actor,Guid,String,String,String,String,CancellationToken)"] = "ynnnnnnn",
        ["OrderListService.EditionsAsync(Actor,CancellationToken)"] = "yynnnnnn",
        ["OrderListService.GetAsync(Actor,Guid,CancellationToken)"] = "ynnnnnnn",
        ["OrderListService.ListAsync(Actor,OrderListFilter,CancellationToken)"] = "yynnnnnn",
        ["OrganisationInfoService.DeleteDocumentAsync(Actor,Guid,CancellationToken)"] = "ynnnnnnn",
        ["OrganisationInfoService.LoadAsync(Actor,CancellationToken)"] = "yynnnnnn",
        ["OrganisationInfoService.SaveDraftAsync(Actor,Guid,OrganisationInfoInput,Nullable`1,Boolean,CancellationToken)"] = "ynnnnnnn",
        ["OrganisationInfoService.SubmitAsync(Actor,Guid,OrganisationInfoInput,CancellationToken)"] = "ynnnnnnn",
        ["OrganisationInfoService.UploadDocumentAsync(Actor,Guid,String,Stream,Int64,CancellationToken)"] = "ynnnnnnn",
        ["OutboxQueries.ListAsync(Actor,String,Int32,CancellationToken)"] = "nnnnnyny",
        ["PaymentService.AttemptAsync(Actor,Guid,CancellationToken)"] = "ynnnnnnn",
        ["PaymentService.StartAsync(Actor,Guid,PaymentMethod,Nullable`1,Uri,CancellationToken)"] = "ynnnnnnn",
        ["PersonReviewService.ApproveAsync(Actor,IReadOnlyCollection`1,CancellationToken)"] = "nnnnnyny",
        ["PersonReviewService.DetailAsync(Actor,Guid,CancellationToken)"] = "nnnnnyny",
        ["PersonReviewService.RejectAsync(Actor,IReadOnlyCollection`1,String,CancellationToken)"] = "nnnnnyny",
        ["PersonService.DeleteAsync(Actor,IReadOnlyCollection`1,CancellationToken)"] = "ynnnnnnn",
        ["PersonService.FormContextAsync(Actor,CancellationToken)"] = "yynnnnnn",
        ["PersonService.GetAsync(Actor,Guid,CancellationToken)"] = "ynnnnnnn",
        ["PersonService.ListAsync(Actor,PersonFilter,CancellationToken)"] = "yynnnnnn",
        ["PersonService.SaveAsync(Actor,Nullable`1,PersonInput,Nullable`1,CancellationToken)"] = "ynnnnnnn",
        ["PersonService.SubmitAllAsync(Actor,Boolean,String,CancellationToken)"] = "yynnnnnn",
        ["PersonService.SubmitAsync(Actor,Nullable`1,PersonInput,Nullable`1,CancellationToken)"] = "ynnnnnnn",
        ["PersonService.UploadPhotoAsync(Actor,String,Stream,Int64,CancellationToken)"] = "yynnnnnn",
        ["PreviousPersonService.ListAsync(Actor,Nullable`1,String,CancellationToken)"] = "yynnnnnn",
        ["PreviousPersonService.ReapplyAsync(Actor,IReadOnlyCollection`1,CancellationToken)"] = "yynnnnnn",
        ["PreviousPersonService.ReuseAsync(Actor,IReadOnlyCollection`1,Boolean,CancellationToken)"] = "yynnnnnn",
        ["ProgressService.GetAsync(Actor,Guid,CancellationToken)"] = "ynynnyyy",
        ["ReferralReport.ListAsync(Actor,CancellationToken)"] = "nnnnnyny",
        ["RefundService.ApproveAsync(Actor,Guid,Guid,String,CancellationToken)"] = "nnnnnnyy",
        ["RefundService.DeclineAsync(Actor,Guid,Guid,String,CancellationToken)"] = "nnnnnnyy",
        ["RefundService.QueueAsync(Actor,CancellationToken)"] = "nnnnnnyy",
        ["RefundService.RequestAsync(Actor,Guid,IReadOnlyCollection`1,RefundMethod,PayeeAccount,CancellationToken)"] = "ynnnnnnn",
        ["RegistrationQueries.FindCurrentIdAsync(Actor,CancellationToken)"] = "yyyyyyyy",
        ["RegistrationQueries.GetAsync(Actor,Guid,CancellationToken)"] = "ynynnyyy",
        ["RegistrationQueries.GetForReviewAsync(Actor,Guid,CancellationToken)"] = "ynynnyyy",
        ["RegistrationReviewService.ApproveAsync(Actor,Guid,CancellationToken)"] = "nnynnyny",
        ["RegistrationReviewService.ListAsync(Actor,CancellationToken)"] = "nnyyyyny",
        ["RegistrationReviewService.ReturnAsync(Actor,Guid,String,CancellationToken)"] = "nnynnyny",
        ["ReviewerPersonQueries.ExportCsvAsync(Actor,ReviewerPersonFilter,CancellationToken)"] = "nnyyyyny",
        ["ReviewerPersonQueries.ExportExcelAsync(Actor,ReviewerPersonFilter,CancellationToken)"] = "nnyyyyny",
        ["ReviewerPersonQueries.PageAsync(Actor,ReviewerPersonFilter,CancellationToken)"] = "nnyyyyny",
        ["ReviewerPersonQueries.QuotaBarAsync(Actor,CancellationToken)"] = "nnyyyyny",
        ["ReviewerPersonQueries.RecipientsAsync(Actor,ReviewerPersonFilter,CancellationToken)"] = "nnyyyyny",
        ["SideEventService.CreateAsync(Actor,SideEventInput,CancellationToken)"] = "nnnnnyny",
        ["SideEventService.PublishAsync(Actor,Guid,CancellationToken)"] = "nnnnnyny",
        ["SideEventService.SearchAllAsync(Actor,SideEventQuery,CancellationToken)"] = "nnnnnyny",
        ["SideEventService.SearchPublishedAsync(Actor,SideEventQuery,CancellationToken)"] = "yynnnyny",
        ["SideEventService.UnpublishAsync(Actor,Guid,CancellationToken)"] = "nnnnnyny",
        ["SideEventService.UpdateAsync(Actor,Guid,Guid,SideEventInput,CancellationToken)"] = "nnnnnyny",
        ["TaggingService.CancelAsync(Actor,IReadOnlyCollection`1,String,CancellationToken)"] = "nnynnnny",
        ["TaggingService.LockAsync(Actor,IReadOnlyCollection`1,CancellationToken)"] = "nnynnnny",
        ["TaggingService.TagAsync(Actor,IReadOnlyCollection`1,PersonTag,CancellationToken)"] = "nnynnnny",
        ["TaggingService.UpgradeAsync(Actor,IReadOnlyCollection`1,PersonTag,CancellationToken)"] = "nnynnnny",
        ["TransferService.ConfirmAsync(Actor,Guid,Guid,CancellationToken)"] = "nnnnnnyy",
        ["TransferService.QueueAsync(Actor,CancellationToken)"] = "nnnnnnyy",
        ["TransferService.RejectAsync(Actor,Guid,Guid,String,CancellationToken)"] = "nnnnnnyy",
        ["TransferService.SubmitAsync(Actor,Guid,TransferInput,String,Stream,Int64,CancellationToken)"] = "ynnnnnnn",
    };
}
