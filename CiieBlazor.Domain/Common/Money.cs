using System.Globalization;

namespace CiieBlazor.Domain.Common;

/// <summary>An amount in CNY with two decimals; never negative.</summary>
public readonly record struct Money : IComparable<Money>
{
    public const string Currency = "CNY";

    private Money(decimal amount) => Amount = amount;

    public decimal Amount { get; }

    public static Money Zero => new(0m);

    public static Money Cny(decimal amount)
    {
        if (amount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "An amount of money cannot be negative.");
        }
        if (decimal.Round(amount, 2) != amount)
        {
            throw new ArgumentException($"{amount} has more than two decimals (分 is the smallest unit).", nameof(amount));
        }
        return new Money(amount);
    }

    /// <summary>The given percentage of this amount, rounded half away from zero to the fen.</summary>
    public Money Percent(decimal percent)
    {
        if (percent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percentage is between 0 and 100.");
        }
        return new Money(decimal.Round(Amount * percent / 100m, 2, MidpointRounding.AwayFromZero));
    }

    public static Money operator +(Money a, Money b) => new(a.Amount + b.Amount);

    public static Money operator -(Money a, Money b) => Cny(a.Amount - b.Amount);

    public static bool operator <(Money a, Money b) => a.Amount < b.Amount;
    public static bool operator >(Money a, Money b) => a.Amount > b.Amount;
    public static bool operator <=(Money a, Money b) => a.Amount <= b.Amount;
    public static bool operator >=(Money a, Money b) => a.Amount >= b.Amount;

    public int CompareTo(Money other) => Amount.CompareTo(other.Amount);

    public static Money Sum(IEnumerable<Money> amounts) => amounts.Aggregate(Zero, (a, b) => a + b);

    public override string ToString() => "¥" + Amount.ToString("N2", CultureInfo.InvariantCulture);
}
