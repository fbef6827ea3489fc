using CiieBlazor.Domain.Common;

namespace CiieBlazor.Domain.Editions;

/// <summary>One edition of the expo (第N届), its days and its badge fees.</summary>
public sealed class Edition : AggregateRoot
{
    private Edition() { }

    public Edition(int number, DateOnly firstDay, DateOnly lastDay, Money professionalVisitorFee, decimal reuseFeePercent, bool isCurrent)
    {
        if (number <= 0) throw new ArgumentOutOfRangeException(nameof(number));
        if (lastDay < firstDay) throw new ArgumentException("The last day comes before the first day.", nameof(lastDay));
        if (reuseFeePercent is < 0 or > 100) throw new ArgumentOutOfRangeException(nameof(reuseFeePercent));
        Number = number;
        FirstDay = firstDay;
        LastDay = lastDay;
        ProfessionalVisitorFee = professionalVisitorFee;
        ReuseFeePercent = reuseFeePercent;
        IsCurrent = isCurrent;
    }

    public int Number { get; private set; }
    public DateOnly FirstDay { get; private set; }
    public DateOnly LastDay { get; private set; }
    public Money ProfessionalVisitorFee { get; private set; }
    public decimal ReuseFeePercent { get; private set; }
    public bool IsCurrent { get; private set; }
    /// <summary>When the retention job erased this edition's personal data; null while it is kept.</summary>
    public DateTimeOffset? PersonalDataErasedAt { get; private set; }

    public string NameZh => $"第{ChineseOrdinal(Number)}届中国国际进口博览会";
    public string NameEn => $"{Number}{EnglishSuffix(Number)} CIIE";

    public Money ReuseFee => ProfessionalVisitorFee.Percent(ReuseFeePercent);

    public bool Covers(DateOnly from, DateOnly to) => from <= to && from >= FirstDay && to <= LastDay;

    public void MarkPrevious() => IsCurrent = false;

    /// <summary>
    /// Marks the edition's personal data as erased (once, and only when <see cref="Privacy.PersonalDataRetention"/> allows it),
    /// with an audit entry carrying what was erased.
    /// </summary>
    public void MarkPersonalDataErased(DateOnly today, int retentionDays, Actor actor, DateTimeOffset now, string summary)
    {
        if (Privacy.PersonalDataRetention.WhyNot(this, today, retentionDays) is { } reason)
            throw DomainException.Rule("Edition", "ErasePersonalData", "RetentionPassed", reason);
        PersonalDataErasedAt = now;
        Record("EditionPersonalData", Privacy.PersonalDataState.Retained, Privacy.PersonalDataState.Erased, "ErasePersonalData", actor, now, summary);
    }

    /// <summary>展期与收费 set by an administrator: days in order, a fee that is not negative, a reuse share of 0–100 %.</summary>
    public void Configure(DateOnly firstDay, DateOnly lastDay, decimal professionalVisitorFee, decimal reuseFeePercent)
    {
        if (lastDay < firstDay)
            throw DomainException.Rule("Edition", "Configure", "DaysInOrder", "结束日期不能早于开始日期 (the last day cannot come before the first day)");
        if (lastDay.DayNumber - firstDay.DayNumber > 30)
            throw DomainException.Rule("Edition", "Configure", "DaysInOrder", "展期不超过31天 (an edition lasts at most 31 days)");
        if (professionalVisitorFee is < 0 or > 100_000 || decimal.Round(professionalVisitorFee, 2) != professionalVisitorFee)
            throw DomainException.Rule("Edition", "Configure", "FeeInRange", "证件费应在0至100000元之间，最多两位小数 (the fee is ¥0–100,000 to the fen)");
        if (reuseFeePercent is < 0 or > 100)
            throw DomainException.Rule("Edition", "Configure", "ReusePercentInRange", "复用收费比例应在0%至100%之间 (the reuse share is 0–100 %)");
        FirstDay = firstDay;
        LastDay = lastDay;
        ProfessionalVisitorFee = Money.Cny(professionalVisitorFee);
        ReuseFeePercent = reuseFeePercent;
    }

    private static string ChineseOrdinal(int n)
    {
        string[] digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        return n switch
        {
            < 10 => digits[n],
            10 => "十",
            < 20 => "十" + digits[n % 10],
            < 100 => digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10]),
            _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private static string EnglishSuffix(int n) =>
        (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
}
