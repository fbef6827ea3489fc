using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Persons;

namespace CiieBlazor.Tests.Domain;

public class UnifiedSocialCreditCodeParse
{
    private const string Valid = "91110000600037341L";

    [Fact]
    public void Valid_code_is_accepted()
    {
        Assert.True(UnifiedSocialCreditCode.TryParse(Valid, out var code, out var error));
        Assert.Null(error);
        Assert.Equal(Valid, code.Value);
        Assert.Equal(Valid, code.ToString());
        Assert.Equal('L', UnifiedSocialCreditCode.CheckCharacter(Valid[..17]));
        Assert.Equal(code, UnifiedSocialCreditCode.Parse(Valid));
    }

    [Fact]
    public void Lowercase_and_surrounding_spaces_are_normalised()
    {
        Assert.True(UnifiedSocialCreditCode.TryParse("  91110000600037341l ", out var code, out _));
        Assert.Equal(Valid, code.Value);
    }

    public static TheoryData<int> Positions => new(Enumerable.Range(0, 18));

    [Theory, MemberData(nameof(Positions))]
    public void Any_single_changed_character_is_detected(int position)
    {
        var alphabet = UnifiedSocialCreditCode.Alphabet;
        for (var shift = 1; shift < alphabet.Length; shift++)
        {
            var replacement = alphabet[(alphabet.IndexOf(Valid[position]) + shift) % alphabet.Length];
            var changed = Valid[..position] + replacement + Valid[(position + 1)..];
            Assert.False(UnifiedSocialCreditCode.IsValid(changed), changed);
        }
        Assert.False(UnifiedSocialCreditCode.TryParse(Valid[..position] + (Valid[position] == '1' ? '2' : '1') + Valid[(position + 1)..], out var code, out var error));
        Assert.Contains("校验位", error);
        Assert.Equal(default, code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("9111000060003734")]
    [InlineData("91110000600037341")]
    [InlineData("91110000600037341L0")]
    [InlineData(null)]
    public void Wrong_length_is_refused_with_a_message(string? input)
    {
        Assert.False(UnifiedSocialCreditCode.TryParse(input, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
        var text = (input ?? "").Trim();
        Assert.Contains(text.Length == 0 ? "请填写" : $"当前为{text.Length}位", error);
        Assert.Throws<FormatException>(() => UnifiedSocialCreditCode.Parse(input!));
    }

    [Theory]
    [InlineData('I')]
    [InlineData('O')]
    [InlineData('S')]
    [InlineData('V')]
    [InlineData('Z')]
    public void Letters_I_O_S_V_Z_are_refused(char letter)
    {
        Assert.DoesNotContain(letter, UnifiedSocialCreditCode.Alphabet);
        foreach (var position in new[] { 1, 4, 10, 17 })
        {
            var code = Valid[..position] + letter + Valid[(position + 1)..];
            Assert.False(UnifiedSocialCreditCode.TryParse(code, out _, out var error));
            Assert.Contains($"“{letter}”", error);
        }
        Assert.Throws<ArgumentException>(() => UnifiedSocialCreditCode.CheckCharacter("9111000060003734" + letter));
    }

    [Fact]
    public void Area_code_positions_3_to_8_may_hold_letters()
    {
        var first17 = "91" + "AB12CD" + "MA1K4LN6X";
        var code = first17 + UnifiedSocialCreditCode.CheckCharacter(first17);

        Assert.True(UnifiedSocialCreditCode.IsValid(code));
        Assert.Equal(code, UnifiedSocialCreditCode.Parse(code.ToLowerInvariant()).Value);
        // The same code with a wrong check character is still refused.
        var wrong = first17 + (code[17] == '0' ? '1' : '0');
        Assert.False(UnifiedSocialCreditCode.IsValid(wrong));
    }

    [Fact]
    public void Check_character_zero_is_used_when_the_remainder_is_zero()
    {
        // Find a body whose weighted sum is a multiple of 31: its check character must be '0', never out of range.
        var found = Enumerable.Range(0, 31)
            .Select(i => "9111000060003734" + UnifiedSocialCreditCode.Alphabet[i])
            .Select(first17 => (first17, check: UnifiedSocialCreditCode.CheckCharacter(first17)))
            .ToArray();
        Assert.Contains(found, f => f.check == '0');
        Assert.All(found, f => Assert.True(UnifiedSocialCreditCode.IsValid(f.first17 + f.check)));
        Assert.Equal(31, found.Select(f => f.check).Distinct().Count());
    }
}

public class ResidentIdNumberParse
{
    private const string Valid = "11010519491231002X";
    private static readonly DateOnly Today = new(2025, 10, 1);

    private static string WithCheck(string first17) => first17 + ResidentIdNumber.CheckCharacter(first17);

    [Fact]
    public void Valid_number_is_accepted_with_its_birth_date()
    {
        Assert.True(ResidentIdNumber.TryParse(Valid, Today, out var id, out var error));
        Assert.Null(error);
        Assert.Equal(Valid, id.Value);
        Assert.Equal(new DateOnly(1949, 12, 31), id.BirthDate);
        Assert.Equal('X', ResidentIdNumber.CheckCharacter(Valid[..17]));
    }

    [Fact]
    public void Lowercase_x_is_normalised()
    {
        Assert.True(ResidentIdNumber.TryParse(" 11010519491231002x ", null, out var id, out _));
        Assert.Equal(Valid, id.Value);
    }

    public static TheoryData<int> Positions => new(Enumerable.Range(0, 18));

    [Theory, MemberData(nameof(Positions))]
    public void Any_changed_character_is_refused(int position)
    {
        var replacements = position == 17 ? "0123456789" : "0123456789".Replace(Valid[position].ToString(), "");
        foreach (var c in replacements)
        {
            var changed = Valid[..position] + c + Valid[(position + 1)..];
            Assert.False(ResidentIdNumber.IsValid(changed), changed);
        }
    }

    [Theory]
    [InlineData("11010519491331")] // month 13
    [InlineData("11010519490230")] // 30 February
    [InlineData("11010518991231")] // before 1900
    [InlineData("11010519490001")] // month 0
    public void Impossible_birth_date_is_refused_even_with_a_correct_check_character(string first14)
    {
        var number = WithCheck(first14 + "002");
        Assert.False(ResidentIdNumber.TryParse(number, null, out _, out var error));
        Assert.Contains("出生日期", error);
    }

    [Fact]
    public void Future_birth_date_is_refused_when_today_is_given()
    {
        var tomorrow = WithCheck("310101" + "20251002" + "123");
        Assert.False(ResidentIdNumber.TryParse(tomorrow, Today, out _, out var error));
        Assert.Contains("出生日期", error);
        Assert.True(ResidentIdNumber.TryParse(tomorrow, null, out _, out _));

        var bornToday = WithCheck("310101" + "20251001" + "123");
        Assert.True(ResidentIdNumber.TryParse(bornToday, Today, out var id, out _));
        Assert.Equal(Today, id.BirthDate);
    }

    [Theory]
    [InlineData("", "请填写")]
    [InlineData("11010519491231002", "18")]
    [InlineData("11010519491231002XX", "18")]
    [InlineData("1101051949123100AX", "18")]
    [InlineData("11010519491231002Y", "18")]
    public void Malformed_input_is_refused_with_a_message(string input, string messagePart)
    {
        Assert.False(ResidentIdNumber.TryParse(input, Today, out _, out var error));
        Assert.Contains(messagePart, error);
    }

    [Fact]
    public void Check_character_needs_17_digits()
    {
        Assert.Throws<ArgumentException>(() => ResidentIdNumber.CheckCharacter("1101051949123100"));
        Assert.Throws<ArgumentException>(() => ResidentIdNumber.CheckCharacter("1101051949123100A"));
    }
}

public class MoneyRules
{
    [Fact]
    public void Negative_amount_is_refused() => Assert.Throws<ArgumentOutOfRangeException>(() => Money.Cny(-0.01m));

    [Theory]
    [InlineData("0.001")]
    [InlineData("199.999")]
    public void More_than_two_decimals_is_refused(string amount) =>
        Assert.Throws<ArgumentException>(() => Money.Cny(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Two_decimals_or_fewer_are_kept()
    {
        Assert.Equal(199.99m, Money.Cny(199.99m).Amount);
        Assert.Equal(Money.Cny(200m), Money.Cny(200.00m));
        Assert.Equal(Money.Zero, Money.Cny(0m));
    }

    [Theory]
    [InlineData("200", "50", "100.00")]
    [InlineData("200", "33.33", "66.66")]
    [InlineData("0.05", "50", "0.03")]
    [InlineData("0.01", "50", "0.01")]
    [InlineData("100", "0", "0")]
    [InlineData("100", "100", "100")]
    [InlineData("99.99", "12.5", "12.50")]
    public void Percent_rounds_half_away_from_zero_to_the_fen(string amount, string percent, string expected)
    {
        static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(D(expected), Money.Cny(D(amount)).Percent(D(percent)).Amount);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("100.01")]
    public void Percent_is_between_0_and_100(string percent) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Money.Cny(100m).Percent(decimal.Parse(percent, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Displays_yuan_with_two_decimals()
    {
        Assert.Equal("¥200.00", Money.Cny(200m).ToString());
        Assert.Equal("¥0.00", Money.Zero.ToString());
        Assert.Equal("¥1,234.50", Money.Cny(1234.5m).ToString());
        Assert.Equal("CNY", Money.Currency);
    }

    [Fact]
    public void Arithmetic_and_comparison()
    {
        var a = Money.Cny(200m);
        var b = Money.Cny(100m);
        Assert.Equal(Money.Cny(300m), a + b);
        Assert.Equal(Money.Cny(100m), a - b);
        Assert.Throws<ArgumentOutOfRangeException>(() => b - a);
        Assert.True(a > b && b < a && a >= Money.Cny(200m) && b <= Money.Cny(100m) && !(a < b) && !(b >= a));
        Assert.Equal(1, a.CompareTo(b));
        Assert.Equal(Money.Cny(300.50m), Money.Sum([a, b, Money.Cny(0.5m)]));
        Assert.Equal(Money.Zero, Money.Sum([]));
    }
}

public class OrderNumberFormat
{
    [Fact]
    public void Is_V_then_China_time_then_nine_digit_sequence()
    {
        // 15:03:13 UTC is 23:03:13 in China (+8).
        var at = new DateTimeOffset(2020, 5, 12, 15, 3, 13, TimeSpan.Zero);

        var number = OrderNumber.Create(at, 594063001);

        Assert.Equal("V20200512230313594063001", number.Value);
        Assert.Equal(24, number.Value.Length);
        Assert.Equal(OrderNumber.Length, number.Value.Length);
        Assert.Equal(594063001, number.Sequence);
        Assert.Equal(at, number.Timestamp);
        Assert.Equal(TimeSpan.FromHours(8), number.Timestamp.Offset);
    }

    [Fact]
    public void China_date_is_used_across_midnight_utc()
    {
        var at = new DateTimeOffset(2025, 10, 31, 17, 30, 0, TimeSpan.Zero);
        Assert.Equal("V20251101013000000000007", OrderNumber.Create(at, 7).Value);
        Assert.Equal("V20251101013000000000007", OrderNumber.Create(at.ToOffset(TimeSpan.FromHours(-5)), 7).Value);
    }

    [Theory]
    [InlineData(0, "000000000")]
    [InlineData(999_999_999, "999999999")]
    public void Sequence_fills_nine_digits(long sequence, string digits) =>
        Assert.EndsWith(digits, OrderNumber.Create(Audit.Now, sequence).Value);

    [Theory]
    [InlineData(-1)]
    [InlineData(1_000_000_000)]
    public void Sequence_out_of_range_is_refused(long sequence) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => OrderNumber.Create(Audit.Now, sequence));

    [Fact]
    public void TryParse_round_trips_and_normalises()
    {
        var created = OrderNumber.Create(Audit.Now, 42);
        Assert.True(OrderNumber.TryParse(created.Value, out var parsed));
        Assert.Equal(created, parsed);
        Assert.True(OrderNumber.TryParse(" " + created.Value.ToLowerInvariant() + " ", out var lower));
        Assert.Equal(created, lower);
        Assert.Equal(Audit.Now, parsed.Timestamp);
        Assert.Equal(42, parsed.Sequence);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("V2020051223031359406300")]
    [InlineData("V202005122303135940630011")]
    [InlineData("X20200512230313594063001")]
    [InlineData("V2020051223031359406300A")]
    [InlineData("V20201312230313594063001")]
    [InlineData("V20200512250313594063001")]
    public void Malformed_numbers_do_not_parse(string? input)
    {
        Assert.False(OrderNumber.TryParse(input, out var number));
        Assert.Equal(default, number);
    }
}

public class PersonDataValidate
{
    private static readonly DateOnly Today = new(2025, 10, 1);

    [Theory]
    [InlineData(PersonType.HongKongMacaoTaiwan, DocumentType.HomeReturnPermit, "H12345678", true)]
    [InlineData(PersonType.HongKongMacaoTaiwan, DocumentType.HomeReturnPermit, "m12345678", true)]
    [InlineData(PersonType.HongKongMacaoTaiwan, DocumentType.HomeReturnPermit, "H1234567801", true)]
    [InlineData(PersonType.HongKongMacaoTaiwan, DocumentType.HomeReturnPermit, "A12345678", false)]
    [InlineData(PersonType.HongKongMacaoTaiwan, DocumentType.HomeReturnPermit, "H1234567", false)]
    [InlineData(PersonType.HongKongMacaoTaiwan, DocumentType.HomeReturnPermit, "H123456789", false)]
    [InlineData(PersonType.HongKongMacaoTaiwan, DocumentType.HomeReturnPermit, "H12345678901", false)]
    [InlineData(PersonType.HongKongMacaoTaiwan, DocumentType.TaiwanCompatriotPermit, "12345678", true)]
    [InlineData(PersonType.HongKongMacaoTaiwan, DocumentType.TaiwanCompatriotPermit, "1234567890", true)]
    [InlineData(PersonType.HongKongMacaoTaiwan, DocumentType.TaiwanCompatriotPermit, "123456789b", true)]
    [InlineData(PersonType.HongKongMacaoTaiwan, DocumentType.TaiwanCompatriotPermit, "1234567", false)]
    [InlineData(PersonType.HongKongMacaoTaiwan, DocumentType.TaiwanCompatriotPermit, "123456789", false)]
    [InlineData(PersonType.HongKongMacaoTaiwan, DocumentType.TaiwanCompatriotPermit, "1234567A", false)]
    [InlineData(PersonType.HongKongMacaoTaiwan, DocumentType.TaiwanCompatriotPermit, "12345678901", false)]
    [InlineData(PersonType.Foreign, DocumentType.Passport, "E12345678", true)]
    [InlineData(PersonType.Foreign, DocumentType.Passport, "e1234", true)]
    [InlineData(PersonType.Foreign, DocumentType.Passport, "ABCDEFGHIJ0123456789", true)]
    [InlineData(PersonType.Foreign, DocumentType.Passport, "E123", false)]
    [InlineData(PersonType.Foreign, DocumentType.Passport, "ABCDEFGHIJ01234567890", false)]
    [InlineData(PersonType.Foreign, DocumentType.Passport, "E1234-567", false)]
    [InlineData(PersonType.ChineseAbroad, DocumentType.Passport, "E12345678", true)]
    [InlineData(PersonType.Mainland, DocumentType.ResidentId, "11010519491231002X", true)]
    [InlineData(PersonType.Mainland, DocumentType.ResidentId, "110105194912310021", false)]
    [InlineData(PersonType.Mainland, DocumentType.ResidentId, "", false)]
    public void Document_number_fits_its_type(PersonType personType, DocumentType type, string number, bool valid)
    {
        var error = PersonData.CheckDocument(personType, type, number, Today);
        Assert.Equal(valid, error is null);
        var data = Build.Data() with
        {
            PersonType = personType, DocumentType = type, DocumentNumber = number,
            Mobile = personType == PersonType.Mainland ? "13800138000" : "+852 9123 4567",
            Nationality = personType switch { PersonType.HongKongMacaoTaiwan => "HK", PersonType.Foreign => "US", _ => "CN" },
        };
        var errors = data.Validate(Build.FirstDay, Build.LastDay, Today);
        Assert.Equal(valid, !errors.ContainsKey(nameof(PersonData.DocumentNumber)));
        Assert.Equal(valid ? 0 : 1, errors.Count);
    }

    [Theory]
    [InlineData(PersonType.Mainland, DocumentType.Passport)]
    [InlineData(PersonType.Mainland, DocumentType.HomeReturnPermit)]
    [InlineData(PersonType.HongKongMacaoTaiwan, DocumentType.ResidentId)]
    [InlineData(PersonType.HongKongMacaoTaiwan, DocumentType.Passport)]
    [InlineData(PersonType.Foreign, DocumentType.ResidentId)]
    [InlineData(PersonType.ChineseAbroad, DocumentType.TaiwanCompatriotPermit)]
    public void Document_type_must_fit_the_person_type(PersonType personType, DocumentType type)
    {
        Assert.DoesNotContain(type, PersonData.DocumentTypesFor(personType));
        Assert.Contains("证件类型与人员类型不符", PersonData.CheckDocument(personType, type, "E12345678", Today));
    }

    [Fact]
    public void Resident_id_born_after_today_is_refused()
    {
        var first17 = "310101" + "20251002" + "123";
        var number = first17 + ResidentIdNumber.CheckCharacter(first17);
        Assert.NotNull(PersonData.CheckDocument(PersonType.Mainland, DocumentType.ResidentId, number, Today));
        Assert.Null(PersonData.CheckDocument(PersonType.Mainland, DocumentType.ResidentId, number, Today.AddDays(1)));
    }

    [Fact]
    public void Complete_data_has_no_errors() => Assert.Empty(Build.Data().Validate(Build.FirstDay, Build.LastDay, Today));

    [Fact]
    public void Every_problem_is_reported_by_field()
    {
        var data = new PersonData { PersonType = PersonType.Mainland, DocumentType = DocumentType.ResidentId, PickupMethod = PickupMethod.Courier };
        var errors = data.Validate(Build.FirstDay, Build.LastDay, Today);
        Assert.Equal(
            new[] { "CourierAddressId", "DocumentNumber", "Email", "EntryFrom", "Mobile", "Name", "Nationality", "PhotoFileId", "Position" },
            errors.Keys.Order());
    }

    [Theory]
    [InlineData(-1, 0, false)]
    [InlineData(0, 5, true)]
    [InlineData(0, 6, false)]
    [InlineData(2, 1, false)]
    public void Entry_dates_lie_within_the_edition(int from, int to, bool valid)
    {
        var data = Build.Data() with { EntryFrom = Build.FirstDay.AddDays(from), EntryTo = Build.FirstDay.AddDays(to) };
        Assert.Equal(valid, !data.Validate(Build.FirstDay, Build.LastDay, Today).ContainsKey("EntryFrom"));
    }

    [Theory]
    [InlineData(PersonType.Mainland, "13800138000", true)]
    [InlineData(PersonType.Mainland, "12800138000", false)]
    [InlineData(PersonType.Mainland, "1380013800", false)]
    [InlineData(PersonType.Mainland, "+8613800138000", false)]
    [InlineData(PersonType.Foreign, "+44 20 7946 0958", true)]
    [InlineData(PersonType.Foreign, "1234", false)]
    [InlineData(PersonType.Foreign, "", false)]
    public void Mobile_number_format_depends_on_the_person_type(PersonType type, string mobile, bool valid) =>
        Assert.Equal(valid, PersonData.CheckMobile(type, mobile) is null);

    [Theory]
    [InlineData("zhang@example.com", true)]
    [InlineData("zhang@example", false)]
    [InlineData("zhang example.com", false)]
    [InlineData("", false)]
    public void Email_format(string email, bool valid) => Assert.Equal(valid, PersonData.CheckEmail(email) is null);

    [Fact]
    public void Overlong_name_and_email_are_refused()
    {
        Assert.Contains("Name", (Build.Data() with { Name = new string('名', 51) }).Validate(Build.FirstDay, Build.LastDay, Today).Keys);
        Assert.NotNull(PersonData.CheckEmail(new string('a', 95) + "@b.com"));
    }

    [Theory]
    [InlineData("440101199001011860", "440*****860")]
    [InlineData(" h12345678 ", "H12*****678")]
    [InlineData("E1234567", "E12*****567")]
    [InlineData("E12345", "******")]
    [InlineData("", "")]
    public void Mask_shows_the_first_and_last_three_characters(string number, string masked) =>
        Assert.Equal(masked, PersonData.Mask(number));
}
