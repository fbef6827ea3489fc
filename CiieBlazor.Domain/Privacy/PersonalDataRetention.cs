using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Editions;

namespace CiieBlazor.Domain.Privacy;

/// <summary>Whether an edition's personal data is kept or erased (the audit trail's states).</summary>
public enum PersonalDataState
{
    Retained,
    Erased,
}

/// <summary>
/// When an edition's personal data may be erased: never for the current edition, only once, and not before the retention
/// period after the edition's last day has passed (days in China time, like every date of the expo).
/// </summary>
public static class PersonalDataRetention
{
    /// <summary>What an erased name reads as.</summary>
    public const string Placeholder = "已删除";

    public const int MinRetentionDays = 1;
    public const int MaxRetentionDays = 36_500;

    /// <summary>The first day on which the edition's personal data may be erased.</summary>
    public static DateOnly ErasableFrom(Edition edition, int retentionDays)
    {
        if (retentionDays is < MinRetentionDays or > MaxRetentionDays) throw new ArgumentOutOfRangeException(nameof(retentionDays));
        return edition.LastDay.AddDays(retentionDays + 1);
    }

    /// <summary>Null when the edition's personal data is due for erasure on <paramref name="today"/>; otherwise why not.</summary>
    public static string? WhyNot(Edition edition, DateOnly today, int retentionDays)
    {
        if (edition.IsCurrent) return "当届展会的个人信息不删除 (the current edition is never erased)";
        if (edition.PersonalDataErasedAt is not null) return "个人信息已删除 (already erased)";
        if (today < ErasableFrom(edition, retentionDays))
            return $"保存期至 {ErasableFrom(edition, retentionDays).AddDays(-1):yyyy-MM-dd} (still inside its retention period)";
        return null;
    }

    public static bool IsDue(Edition edition, DateOnly today, int retentionDays) => WhyNot(edition, today, retentionDays) is null;

    public static DateOnly ChinaDay(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(OrderNumber.ChinaOffset).DateTime);
}
