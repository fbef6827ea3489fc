using Microsoft.EntityFrameworkCore;

namespace CiieBlazor.App.Data;

/// <summary>Named counters (order numbers, invoice numbers) taken inside the caller's save.</summary>
public static class Sequences
{
    /// <summary>
    /// The next value of <paramref name="name"/>. The counter row is saved with the caller's changes and its concurrency
    /// token makes two takers of the same value fail to save together: the loser tries again on fresh data.
    /// </summary>
    public static async Task<long> NextAsync(AppDbContext db, string name, CancellationToken ct)
    {
        // Several values in one save (a batch of badges) come from the counter already tracked.
        var counter = db.Sequences.Local.FirstOrDefault(s => s.Name == name) ?? await db.Sequences.SingleOrDefaultAsync(s => s.Name == name, ct);
        if (counter is null)
        {
            counter = new SequenceCounter { Name = name, Value = 0 };
            db.Sequences.Add(counter);
        }
        counter.Value++;
        counter.Version = Guid.NewGuid();
        return counter.Value;
    }
}
