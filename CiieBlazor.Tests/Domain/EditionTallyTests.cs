using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;
using CiieBlazor.Domain.Progress;

namespace CiieBlazor.Tests.Domain;

public class EditionTallyCounts
{
    /// <summary>The dashboard counts one organisation's persons exactly as its flowchart does (steps 5–8), for random mixes.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void OneOrganisationsTallyAgreesWithItsFlowchart(int seed)
    {
        var random = new Random(seed);
        var statuses = Enum.GetValues<PersonStatus>();
        var badges = Enum.GetValues<BadgeStatus>();
        var persons = Enumerable.Range(0, 60).Select(_ =>
        {
            var status = statuses[random.Next(statuses.Length)];
            PersonTag? tag = status is PersonStatus.Saved or PersonStatus.AwaitingTag ? null : (PersonTag)random.Next(3);
            var badge = status == PersonStatus.Approved ? badges[random.Next(badges.Length)] : BadgeStatus.None;
            return new PersonProgress(status, tag, false, badge);
        }).ToList();

        var steps = ProgressFlowchart.Compute(RegistrationStatus.Approved, persons);
        var tally = EditionTally.Count(persons.GroupBy(p => (p.Status, p.Tag, p.Badge)).Select(g => new PersonCell(g.Key.Status, g.Key.Tag, g.Key.Badge, g.Count())),
            [(RegistrationStatus.Approved, 1)]);

        ProgressStep Step(ProgressStepKind k) => steps.Single(s => s.Kind == k);
        Assert.Equal((Step(ProgressStepKind.Payment).Done, Step(ProgressStepKind.Payment).Total), (tally.Paid, tally.Payers));
        Assert.Equal((Step(ProgressStepKind.PersonReview).Done, Step(ProgressStepKind.PersonReview).Total), (tally.Reviewed, tally.PersonsSubmitted));
        Assert.Equal(Step(ProgressStepKind.BadgeProduction).Done, tally.Produced);
        Assert.Equal(Step(ProgressStepKind.BadgeDispatch).Done, tally.Dispatched);
        Assert.Equal(Step(ProgressStepKind.DelegationReview).Done, tally.Tagged);
        Assert.Equal(persons.Count(p => p.Status == PersonStatus.Cancelled), tally.Cancelled);
    }

    [Fact]
    public void OrganisationsAreCountedByTheirRegistrationStatus()
    {
        var tally = EditionTally.Count([], [(RegistrationStatus.Draft, 5), (RegistrationStatus.Submitted, 3), (RegistrationStatus.Approved, 2), (RegistrationStatus.Returned, 1)]);
        Assert.Equal((11, 5, 2), (tally.Registered, tally.OrganisationsSubmitted, tally.OrganisationsApproved));
    }

    [Fact]
    public void TalliesAdd()
    {
        var a = new StepTally { Registered = 1, Paid = 2, Dispatched = 3 };
        var b = new StepTally { Registered = 10, Paid = 20, Cancelled = 4 };
        Assert.Equal(new StepTally { Registered = 11, Paid = 22, Dispatched = 3, Cancelled = 4 }, a + b);
    }
}
