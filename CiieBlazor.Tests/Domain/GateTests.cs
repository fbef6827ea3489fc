using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Persons;
using System.Text;

namespace CiieBlazor.Tests.Domain;

public class BadgeTokens
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("a test key of thirty-two bytes!!");
    private static readonly byte[] OtherKey = Encoding.UTF8.GetBytes("another key, also 32 bytes long.");

    [Fact]
    public void A_token_reads_back_its_badge_number_and_serial()
    {
        var token = BadgeToken.Create(new("CIIE10-SH-000123", 2), Key);
        Assert.StartsWith("CB1.CIIE10-SH-000123.2.", token);
        Assert.True(token.Length < 60, token);
        Assert.Equal(TokenProblem.None, BadgeToken.TryRead(token, Key, out var claims));
        Assert.Equal(new BadgeTokenClaims("CIIE10-SH-000123", 2), claims);
        Assert.Equal(TokenProblem.None, BadgeToken.TryRead($"  {token}\n", Key, out _));
    }

    [Fact]
    public void Changing_any_part_or_signing_with_another_key_is_a_bad_signature()
    {
        var token = BadgeToken.Create(new("CIIE10-SH-000123", 1), Key);
        Assert.Equal(TokenProblem.BadSignature, BadgeToken.TryRead(token.Replace("000123", "000124"), Key, out _));
        Assert.Equal(TokenProblem.BadSignature, BadgeToken.TryRead(token.Replace(".1.", ".2."), Key, out _));
        Assert.Equal(TokenProblem.BadSignature, BadgeToken.TryRead(BadgeToken.Create(new("CIIE10-SH-000123", 1), OtherKey), Key, out _));
        var sig = token[(token.LastIndexOf('.') + 1)..];
        var flipped = (sig[0] == 'A' ? 'B' : 'A') + sig[1..];
        Assert.Equal(TokenProblem.BadSignature, BadgeToken.TryRead(token[..(token.LastIndexOf('.') + 1)] + flipped, Key, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("CB1.X.1")]
    [InlineData("CB2.CIIE10-SH-000123.1.AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("CB1.CIIE10-SH-000123.0.AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("CB1.CIIE10-SH-000123.-1.AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("CB1..1.AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("CB1.CIIE10-SH-000123.1.AAAA")]
    [InlineData("CB1.CIIE10-SH-000123.1.AAAAAAAAAAAAAAAAAAAA<>")]
    [InlineData("CB1.A.B.1.AAAAAAAAAAAAAAAAAAAAAA")]
    public void Anything_not_of_the_shape_is_malformed(string? token) =>
        Assert.Equal(TokenProblem.Malformed, BadgeToken.TryRead(token, Key, out _));

    [Fact]
    public void A_huge_input_is_malformed_without_work() =>
        Assert.Equal(TokenProblem.Malformed, BadgeToken.TryRead(new string('x', 100_000), Key, out _));

    [Theory]
    [InlineData("", 1)]
    [InlineData("A.B", 1)]
    [InlineData("CIIE10-SH-000123", 0)]
    public void A_badge_without_number_or_serial_gets_no_token(string number, int serial) =>
        Assert.Throws<ArgumentException>(() => BadgeToken.Create(new(number, serial), Key));
}

public class GateRules
{
    private static readonly DateOnly Day1 = new(2027, 11, 5), Day3 = new(2027, 11, 7), Day6 = new(2027, 11, 10);
    private static readonly GateBadge Good = new("CIIE10-SH-000123", 1, BadgeStatus.Dispatched, PersonStatus.Approved, Day1, Day3);

    private static GateDecision In(GateBadge? badge, DateOnly today, bool inside = false, int serial = 1, TokenProblem token = TokenProblem.None) =>
        GateCheck.Decide(token, serial, badge, today, GateDirection.In, inside);

    [Fact]
    public void A_valid_badge_on_an_entry_day_is_admitted() => Assert.Equal(GateDecision.Admitted, In(Good, Day1));

    [Theory]
    [InlineData(BadgeStatus.Produced)]
    [InlineData(BadgeStatus.Dispatched)]
    [InlineData(BadgeStatus.Reused)]
    public void Produced_dispatched_and_reused_badges_open_the_gate(BadgeStatus status) => Assert.True(In(Good with { Status = status }, Day3).Admit);

    [Theory]
    [InlineData(BadgeStatus.None, GateRefusal.NotIssued)]
    [InlineData(BadgeStatus.Queued, GateRefusal.NotIssued)]
    [InlineData(BadgeStatus.Revoked, GateRefusal.Revoked)]
    public void Badges_never_handed_out_or_revoked_are_refused(BadgeStatus status, GateRefusal why) => Assert.Equal(GateDecision.Refuse(why), In(Good with { Status = status }, Day1));

    [Fact]
    public void The_code_of_an_older_printing_is_revoked() => Assert.Equal(GateDecision.Refuse(GateRefusal.Revoked), In(Good with { Serial = 2 }, Day1, serial: 1));

    [Theory]
    [InlineData(PersonStatus.Cancelled)]
    [InlineData(PersonStatus.Rejected)]
    [InlineData(PersonStatus.Deleted)]
    public void A_cancelled_or_rejected_holder_is_refused(PersonStatus status) =>
        Assert.Equal(GateDecision.Refuse(GateRefusal.PersonCancelled), In(Good with { PersonStatus = status }, Day1));

    [Fact]
    public void Outside_the_entry_dates_is_the_wrong_day()
    {
        Assert.Equal(GateDecision.Refuse(GateRefusal.WrongDay), In(Good, Day6));
        Assert.Equal(GateDecision.Refuse(GateRefusal.WrongDay), In(Good, Day1.AddDays(-1)));
        Assert.Equal(GateDecision.Refuse(GateRefusal.WrongDay), In(Good with { EntryFrom = null }, Day1));
    }

    [Fact]
    public void A_second_entry_without_going_out_is_refused_and_going_out_needs_being_in()
    {
        Assert.Equal(GateDecision.Refuse(GateRefusal.AlreadyInside), In(Good, Day1, inside: true));
        Assert.Equal(GateDecision.Admitted, GateCheck.Decide(TokenProblem.None, 1, Good, Day1, GateDirection.Out, inside: true));
        Assert.Equal(GateDecision.Refuse(GateRefusal.NotInside), GateCheck.Decide(TokenProblem.None, 1, Good, Day1, GateDirection.Out, inside: false));
        Assert.Equal(GateDecision.Admitted, GateCheck.Decide(TokenProblem.None, 1, Good, Day6, GateDirection.Out, inside: true));
    }

    [Fact]
    public void Forged_and_unknown_codes_are_refused_first()
    {
        Assert.Equal(GateDecision.Refuse(GateRefusal.Forged), In(Good, Day1, token: TokenProblem.BadSignature));
        Assert.Equal(GateDecision.Refuse(GateRefusal.Unknown), In(Good, Day1, token: TokenProblem.Malformed));
        Assert.Equal(GateDecision.Refuse(GateRefusal.Unknown), In(null, Day1));
    }

    [Fact]
    public void Every_refusal_has_words_for_the_guard() =>
        Assert.All(Enum.GetValues<GateRefusal>(), r => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}.*\(.+\)", GateCheck.Describe(r)));
}
