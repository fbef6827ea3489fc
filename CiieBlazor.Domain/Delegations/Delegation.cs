using CiieBlazor.Domain.Common;

namespace CiieBlazor.Domain.Delegations;

/// <summary>交易团 (a delegation) or 分团 (a sub-delegation, with a parent).</summary>
public sealed class Delegation : AggregateRoot
{
    private Delegation() { }

    public Delegation(string code, string nameZh, string nameEn, Guid? parentId = null, int sortOrder = 0)
    {
        if (string.IsNullOrWhiteSpace(code)) throw new ArgumentException("A delegation has a code.", nameof(code));
        if (string.IsNullOrWhiteSpace(nameZh)) throw new ArgumentException("A delegation has a name.", nameof(nameZh));
        Code = code.Trim();
        NameZh = nameZh.Trim();
        NameEn = string.IsNullOrWhiteSpace(nameEn) ? NameZh : nameEn.Trim();
        ParentId = parentId;
        SortOrder = sortOrder;
    }

    public string Code { get; private set; } = "";
    public string NameZh { get; private set; } = "";
    public string NameEn { get; private set; } = "";
    public Guid? ParentId { get; private set; }
    public int SortOrder { get; private set; }

    public bool IsSubDelegation => ParentId is not null;

    /// <summary>
    /// A reviewer bound to <paramref name="reviewerDelegationId"/> covers their own delegation and, when it is a
    /// top-level delegation, all its sub-delegations. A sub-delegation reviewer covers only their sub-delegation.
    /// </summary>
    public static bool Covers(Guid? reviewerDelegationId, Guid targetDelegationId, Guid? targetParentId) =>
        reviewerDelegationId is { } r && (r == targetDelegationId || r == targetParentId);
}

/// <summary>VIP and staff quotas of one delegation in one edition, with the places already used.</summary>
public sealed class DelegationQuota : AggregateRoot
{
    private DelegationQuota() { }

    public DelegationQuota(Guid delegationId, Guid editionId, int vipQuota, int staffQuota)
    {
        if (vipQuota < 0 || staffQuota < 0) throw new ArgumentOutOfRangeException(nameof(vipQuota), "Quotas are not negative.");
        DelegationId = delegationId;
        EditionId = editionId;
        VipQuota = vipQuota;
        StaffQuota = staffQuota;
    }

    public Guid DelegationId { get; private set; }
    public Guid EditionId { get; private set; }
    public int VipQuota { get; private set; }
    public int StaffQuota { get; private set; }
    public int VipUsed { get; private set; }
    public int StaffUsed { get; private set; }

    public bool HasRoomFor(Persons.PersonTag tag) => tag switch
    {
        Persons.PersonTag.Vip => VipUsed < VipQuota,
        Persons.PersonTag.Staff => StaffUsed < StaffQuota,
        _ => true,
    };

    /// <summary>Takes one place for the tag; the save that follows is refused if another reviewer took it first.</summary>
    public void Take(Persons.PersonTag tag)
    {
        if (!HasRoomFor(tag))
        {
            throw DomainException.Rule("DelegationQuota", "Take", "QuotaAvailable",
                tag == Persons.PersonTag.Vip
                    ? $"VIP名额已满（{VipUsed}/{VipQuota}） (the VIP quota is used up)"
                    : $"工作人员名额已满（{StaffUsed}/{StaffQuota}） (the staff quota is used up)");
        }
        if (tag == Persons.PersonTag.Vip) VipUsed++;
        else if (tag == Persons.PersonTag.Staff) StaffUsed++;
    }

    /// <summary>Gives a place back (person cancelled, or upgraded away from the tag).</summary>
    public void Release(Persons.PersonTag tag)
    {
        if (tag == Persons.PersonTag.Vip && VipUsed > 0) VipUsed--;
        else if (tag == Persons.PersonTag.Staff && StaffUsed > 0) StaffUsed--;
    }

    public void SetQuotas(int vipQuota, int staffQuota)
    {
        if (vipQuota < VipUsed || staffQuota < StaffUsed)
        {
            throw DomainException.Rule("DelegationQuota", "SetQuotas", "NotBelowUsed", "名额不能小于已使用数 (a quota cannot be below the places already used)");
        }
        VipQuota = vipQuota;
        StaffQuota = staffQuota;
    }
}
