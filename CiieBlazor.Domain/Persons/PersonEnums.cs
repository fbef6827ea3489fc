namespace CiieBlazor.Domain.Persons;

public enum PersonStatus
{
    /// <summary>已保存</summary>
    Saved,
    /// <summary>待标记</summary>
    AwaitingTag,
    /// <summary>待锁定</summary>
    AwaitingLock,
    /// <summary>待支付</summary>
    AwaitingPayment,
    /// <summary>待审核</summary>
    AwaitingReview,
    /// <summary>审核通过</summary>
    Approved,
    /// <summary>审核不通过</summary>
    Rejected,
    /// <summary>注销</summary>
    Cancelled,
    /// <summary>已删除 (only unsubmitted persons; the row is kept for the audit trail)</summary>
    Deleted,
}

public enum PersonTrigger
{
    Edit,
    Submit,
    SubmitReuse,
    Delete,
    Tag,
    Upgrade,
    Lock,
    ChangeEntryDates,
    OrderPaid,
    Approve,
    Reject,
    Cancel,
}

/// <summary>人员标签</summary>
public enum PersonTag
{
    ProfessionalVisitor,
    Staff,
    Vip,
}

/// <summary>人员类型 (地区类型)</summary>
public enum PersonType
{
    /// <summary>中国大陆</summary>
    Mainland,
    /// <summary>港澳台</summary>
    HongKongMacaoTaiwan,
    /// <summary>其他国家或地区</summary>
    Foreign,
    /// <summary>中国（永居海外）</summary>
    ChineseAbroad,
}

public enum Gender
{
    Male,
    Female,
}

public enum DocumentType
{
    /// <summary>居民身份证</summary>
    ResidentId,
    /// <summary>港澳居民来往内地通行证</summary>
    HomeReturnPermit,
    /// <summary>台湾居民来往大陆通行证</summary>
    TaiwanCompatriotPermit,
    /// <summary>护照</summary>
    Passport,
}

/// <summary>证件领取方式</summary>
public enum PickupMethod
{
    /// <summary>快递</summary>
    Courier,
    /// <summary>交易团代领</summary>
    DelegationCollects,
}

public static class PersonTags
{
    /// <summary>VIP and staff do not pay the badge fee.</summary>
    public static bool IsFeeExempt(this PersonTag tag) => tag is PersonTag.Vip or PersonTag.Staff;

    /// <summary>Upgrade rules for reuse persons: professional visitor → staff or VIP; staff → VIP.</summary>
    public static bool CanUpgrade(PersonTag from, PersonTag to) => (from, to) switch
    {
        (PersonTag.ProfessionalVisitor, PersonTag.Staff or PersonTag.Vip) => true,
        (PersonTag.Staff, PersonTag.Vip) => true,
        _ => false,
    };
}
