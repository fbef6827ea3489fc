using System.Data;
using CiieBlazor.App.Data;
using CiieBlazor.App.Features.Security;
using CiieBlazor.App.Realtime;
using CiieBlazor.Domain.Addresses;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Catalogue;
using CiieBlazor.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Features.Addresses;

/// <summary>One saved address as the list shows it.</summary>
public sealed record CourierAddressRow(Guid Id, string Province, string City, string District, string Street, string Recipient, string Mobile, bool IsDefault)
{
    public string OneLine => $"{Province}{City}{District}{Street}";

    /// <summary>The dialog's input for editing: the kept names turned back into division codes (null codes when a name is no longer listed).</summary>
    public CourierAddressInput ToInput()
    {
        var codes = AdministrativeDivisions.Codes(Province, City, District);
        return new CourierAddressInput
        {
            ProvinceCode = codes?.Province, CityCode = codes?.City, DistrictCode = codes?.District,
            Street = Street, Recipient = Recipient, Mobile = Mobile,
        };
    }
}

/// <summary>
/// 管理证件快递常用地址: a visitor organisation keeps up to five addresses for badge delivery, one of them the default.
/// Only the organisation's own addresses can be read or changed. The count and the default are checked and changed
/// inside one serializable transaction, so two windows saving at once cannot make a sixth address or two defaults.
/// </summary>
public sealed class CourierAddressService(IDbContextFactory<AppDbContext> dbs, AccessGuard access, ChangeNotifier notifier)
{
    /// <summary>The organisation's addresses in the order they were added (ids are time-ordered UUIDv7).</summary>
    public async Task<IReadOnlyList<CourierAddressRow>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        var orgId = VisitorOrganisation(actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var addresses = await db.CourierAddresses.AsNoTracking().Where(a => a.OrganisationId == orgId).ToListAsync(ct);
        return addresses.OrderBy(a => a.Id).Select(ToRow).ToList();
    }

    /// <summary>新增地址: the first one becomes the default; a sixth is refused (<see cref="CourierAddress.EnsureRoomFor"/>).</summary>
    public async Task<CourierAddressRow> AddAsync(Actor actor, CourierAddressInput input, CancellationToken ct = default)
    {
        var orgId = VisitorOrganisation(actor);
        var (province, city, district) = await CheckAsync(input, ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var row = await InTransactionAsync(db, async () =>
        {
            var existing = await OwnAsync(db, orgId, ct);
            CourierAddress.EnsureRoomFor(existing.Count);
            var address = new CourierAddress(orgId, province, city, district, input.Street!, input.Recipient!, input.Mobile!);
            db.CourierAddresses.Add(address);
            // The first address is the default (and, should none be marked, the oldest one is).
            List<CourierAddress> all = [.. existing.OrderBy(a => a.Id), address];
            if (!all.Any(a => a.IsDefault)) CourierAddress.SetDefault(all, all[0].Id);
            await db.SaveChangesAsync(ct);
            return ToRow(address);
        }, ct);
        Changed(orgId);
        return row;
    }

    /// <summary>编辑: changes the address and recipient; whether it is the default stays as it is.</summary>
    public async Task<CourierAddressRow> UpdateAsync(Actor actor, Guid id, CourierAddressInput input, CancellationToken ct = default)
    {
        var orgId = VisitorOrganisation(actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        await EnsureOwnAsync(db, actor, orgId, id, ct);
        var (province, city, district) = await CheckAsync(input, ct);
        var row = await InTransactionAsync(db, async () =>
        {
            var address = Find(await OwnAsync(db, orgId, ct), id);
            address.Change(province, city, district, input.Street!, input.Recipient!, input.Mobile!);
            await db.SaveChangesAsync(ct);
            return ToRow(address);
        }, ct);
        Changed(orgId);
        return row;
    }

    /// <summary>删除: when the default goes, the oldest remaining address becomes the default.</summary>
    public async Task DeleteAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var orgId = VisitorOrganisation(actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        await EnsureOwnAsync(db, actor, orgId, id, ct);
        await InTransactionAsync(db, async () =>
        {
            var addresses = await OwnAsync(db, orgId, ct);
            var address = Find(addresses, id);
            // A badge still to be sent there keeps its address.
            var users = await db.Persons.Where(p => p.CourierAddressId == id && p.Status != PersonStatus.Deleted && p.Status != PersonStatus.Cancelled)
                .Select(p => p.Name).Take(3).ToListAsync(ct);
            if (users.Count > 0)
            {
                throw DomainException.Rule("CourierAddress", "Delete", "NotInUse",
                    $"该地址已被人员选用（{string.Join("、", users)}），请先为其更换收件地址 (persons use this address; choose another one for them first)");
            }
            db.CourierAddresses.Remove(address);
            var rest = addresses.Where(a => a.Id != id).OrderBy(a => a.Id).ToList();
            if (rest.Count > 0 && !rest.Any(a => a.IsDefault)) CourierAddress.SetDefault(rest, rest[0].Id);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
        Changed(orgId);
    }

    /// <summary>设为默认: this address becomes the only default.</summary>
    public async Task SetDefaultAsync(Actor actor, Guid id, CancellationToken ct = default)
    {
        var orgId = VisitorOrganisation(actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        await EnsureOwnAsync(db, actor, orgId, id, ct);
        await InTransactionAsync(db, async () =>
        {
            var addresses = await OwnAsync(db, orgId, ct);
            CourierAddress.SetDefault(addresses, Find(addresses, id).Id);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
        Changed(orgId);
    }

    private static Guid VisitorOrganisation(Actor actor) =>
        actor is { Role: ActorRole.Visitor, OrganisationId: { } orgId }
            ? orgId
            : throw new AccessDeniedException("仅专业观众单位可管理证件快递地址 (visitor organisations only)");

    /// <summary>Another organisation's id, or one that does not exist, is refused and logged (before any transaction, so the audit row stays).</summary>
    private async Task EnsureOwnAsync(AppDbContext db, Actor actor, Guid orgId, Guid id, CancellationToken ct)
    {
        if (!await db.CourierAddresses.AnyAsync(a => a.Id == id && a.OrganisationId == orgId, ct))
        {
            await access.DenyAsync(db, actor, id, nameof(CourierAddress), ct);
        }
    }

    /// <summary>The dialog's rules, then the division codes turned into the names the address keeps.</summary>
    private static async Task<(string Province, string City, string District)> CheckAsync(CourierAddressInput input, CancellationToken ct)
    {
        var result = await new CourierAddressInputValidator().ValidateAsync(input, ct);
        if (!result.IsValid) throw new FluentValidation.ValidationException(result.Errors);
        return AdministrativeDivisions.Names(input.ProvinceCode, input.CityCode, input.DistrictCode)
            ?? throw DomainException.Rule(nameof(CourierAddress), "Save", "ValidDivision", "请选择有效的省份、城市和区县 (choose a valid province, city and district)");
    }

    private static Task<List<CourierAddress>> OwnAsync(AppDbContext db, Guid orgId, CancellationToken ct) =>
        db.CourierAddresses.Where(a => a.OrganisationId == orgId).ToListAsync(ct);

    private static CourierAddress Find(List<CourierAddress> addresses, Guid id) =>
        addresses.SingleOrDefault(a => a.Id == id)
        ?? throw DomainException.Rule(nameof(CourierAddress), "Save", "Exists", "该地址已被删除 (the address was deleted)");

    /// <summary>
    /// Runs <paramref name="work"/> in a serializable transaction under the provider's execution strategy (SQL Server
    /// retries transient failures such as a deadlock between two windows; SQLite's BEGIN IMMEDIATE queues the writers).
    /// </summary>
    private static Task<T> InTransactionAsync<T>(AppDbContext db, Func<Task<T>> work, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, ct);
            var result = await work();
            await tx.CommitAsync(ct);
            return result;
        });

    private void Changed(Guid orgId) => notifier.Publish(Topics.Organisation(orgId));

    private static CourierAddressRow ToRow(CourierAddress a) =>
        new(a.Id, a.Province, a.City, a.District, a.Street, a.Recipient, a.Mobile, a.IsDefault);
}
