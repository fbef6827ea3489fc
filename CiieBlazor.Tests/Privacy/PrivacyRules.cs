using CiieBlazor.Domain.Common;
using CiieBlazor.Domain.Editions;
using CiieBlazor.Domain.Privacy;

namespace CiieBlazor.Tests.Privacy;

/// <summary>The domain's rules for consents and for when an edition's personal data may be erased.</summary>
public sealed class PrivacyRules
{
    private static Edition Ninth(bool current = false) =>
        new(9, new DateOnly(2026, 11, 5), new DateOnly(2026, 11, 10), Money.Cny(200m), 50m, isCurrent: current);

    [Theory]
    [InlineData("2027-11-10", false)] // the 365th day after the last day: still kept
    [InlineData("2027-11-11", true)]
    [InlineData("2030-01-01", true)]
    public void AnEditionIsDueTheDayAfterItsRetentionPeriod(string today, bool due) =>
        Assert.Equal(due, PersonalDataRetention.IsDue(Ninth(), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), 365));

    [Fact]
    public void TheCurrentEditionIsNeverDue() =>
        Assert.Contains("current edition", PersonalDataRetention.WhyNot(Ninth(current: true), new DateOnly(2099, 1, 1), 1));

    [Fact]
    public void AnEditionIsErasedOnceWithAnAuditEntry()
    {
        var edition = Ninth();
        var at = new DateTimeOffset(2027, 11, 10, 16, 1, 0, TimeSpan.Zero); // 2027-11-11 00:01 in China
        edition.MarkPersonalDataErased(PersonalDataRetention.ChinaDay(at), 365, Actor.System, at, "人员 3");

        Assert.Equal(at, edition.PersonalDataErasedAt);
        var audit = Assert.Single(edition.TakeAudit());
        Assert.Equal(("EditionPersonalData", "Retained", "Erased", "人员 3"), (audit.Machine, audit.From, audit.To, audit.Reason));
        var again = Assert.Throws<DomainException>(() => edition.MarkPersonalDataErased(new DateOnly(2028, 1, 1), 365, Actor.System, at, "人员 0"));
        Assert.Contains("already erased", again.Message);
    }

    [Fact]
    public void ErasingInsideTheRetentionPeriodIsRefused()
    {
        var refused = Assert.Throws<DomainException>(() => Ninth().MarkPersonalDataErased(new DateOnly(2027, 11, 10), 365, Actor.System, DateTimeOffset.UnixEpoch, "-"));
        Assert.Contains("retention period", refused.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(36_501)]
    public void ARetentionPeriodOutsideItsRangeIsRejected(int days) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PersonalDataRetention.ErasableFrom(Ninth(), days));

    [Fact]
    public void AConsentNotTickedIsRefusedAndATickedOneKeepsVersionTimeAndAddress()
    {
        var at = new DateTimeOffset(2027, 6, 1, 10, 0, 0, OrderNumber.ChinaOffset);
        var refused = Assert.Throws<DomainException>(() => ConsentRecord.Given(false, ConsentSubject.RegistrationPrivacyTerms, "2027-1", "u1", Guid.NewGuid(), at, null));
        Assert.Equal("Consent.-.RegistrationPrivacyTerms.Ticked", refused.Code);

        var organisation = Guid.NewGuid();
        var record = ConsentRecord.Given(true, ConsentSubject.PersonalInformationPolicy, " 2027-1 ", "u1", organisation, at, "2001:db8::1");
        Assert.Equal(("u1", organisation, "2027-1", at, "2001:db8::1"), (record.UserId, record.OrganisationId, record.PolicyVersion, record.At, record.ClientAddress));
        Assert.NotEqual(Guid.Empty, record.Id);
        Assert.Throws<ArgumentException>(() => ConsentRecord.Given(true, ConsentSubject.PersonalInformationPolicy, "", "u1", organisation, at, null));
    }
}
