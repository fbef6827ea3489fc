using CiieBlazor.Domain.Common;

namespace CiieBlazor.Tests.Domain;

public sealed class SequentialGuidTests
{
    [Fact]
    public void IdsMadeInTheSameMillisecondStillSortInCreationOrder()
    {
        var sequence = new SequentialGuid();
        var now = DateTimeOffset.UtcNow; // one millisecond for all
        var ids = Enumerable.Range(0, 5_000).Select(_ => sequence.Next(now)).ToList();

        for (var i = 1; i < ids.Count; i++)
        {
            Assert.True(ids[i - 1].CompareTo(ids[i]) < 0, $"id {i} is not above id {i - 1} as .NET compares them");
            Assert.True(string.CompareOrdinal(ids[i - 1].ToString("D").ToUpperInvariant(), ids[i].ToString("D").ToUpperInvariant()) < 0,
                $"id {i} does not sort above id {i - 1} as text (how SQLite orders them)");
            Assert.Equal(7, ids[i].Version);
            Assert.Equal(ids[0].ToString()[..13], ids[i].ToString()[..13]); // the same millisecond
        }
    }

    [Fact]
    public void AClockThatGoesBackDoesNotMakeAnIdSortBeforeAnEarlierOne()
    {
        var sequence = new SequentialGuid();
        var first = sequence.Next(DateTimeOffset.UtcNow);
        var second = sequence.Next(DateTimeOffset.UtcNow.AddDays(-2));
        Assert.True(first.CompareTo(second) < 0);
    }
}
