using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Organisations;
using CiieBlazor.Domain.Persons;

namespace CiieBlazor.Domain.Progress;

/// <summary>A number of persons in one (status, tag, badge status) cell, as the maintained counters hold them.</summary>
public readonly record struct PersonCell(PersonStatus Status, PersonTag? Tag, BadgeStatus Badge, int Count);

/// <summary>How far an edition (or one delegation of it) is, step by step — what the operators' dashboard shows.</summary>
public sealed record StepTally
{
    public int Registered { get; init; }
    public int OrganisationsSubmitted { get; init; }
    public int OrganisationsApproved { get; init; }
    public int PersonsSubmitted { get; init; }
    public int Tagged { get; init; }
    public int Payers { get; init; }
    public int Paid { get; init; }
    public int Reviewed { get; init; }
    public int Approved { get; init; }
    public int Rejected { get; init; }
    public int Produced { get; init; }
    public int Dispatched { get; init; }
    public int Cancelled { get; init; }

    public static StepTally operator +(StepTally a, StepTally b) => new()
    {
        Registered = a.Registered + b.Registered, OrganisationsSubmitted = a.OrganisationsSubmitted + b.OrganisationsSubmitted,
        OrganisationsApproved = a.OrganisationsApproved + b.OrganisationsApproved, PersonsSubmitted = a.PersonsSubmitted + b.PersonsSubmitted,
        Tagged = a.Tagged + b.Tagged, Payers = a.Payers + b.Payers, Paid = a.Paid + b.Paid, Reviewed = a.Reviewed + b.Reviewed, Approved = a.Approved + b.Approved,
        Rejected = a.Rejected + b.Rejected, Produced = a.Produced + b.Produced, Dispatched = a.Dispatched + b.Dispatched, Cancelled = a.Cancelled + b.Cancelled,
    };
}

/// <summary>
/// The steps counted the way the flowchart counts them (<see cref="ProgressFlowchart"/>), for many organisations at once:
/// from counter cells and registration counts, never from a scan of persons.
/// </summary>
public static class EditionTally
{
    public static StepTally Count(IEnumerable<PersonCell> persons, IEnumerable<(RegistrationStatus Status, int Count)> registrations)
    {
        int registered = 0, submitted = 0, approvedOrgs = 0;
        foreach (var (status, count) in registrations)
        {
            registered += count;
            if (status is RegistrationStatus.Submitted or RegistrationStatus.Approved) submitted += count;
            if (status == RegistrationStatus.Approved) approvedOrgs += count;
        }
        int personsSubmitted = 0, tagged = 0, payers = 0, paid = 0, approved = 0, rejected = 0, produced = 0, dispatched = 0, cancelled = 0;
        foreach (var c in persons)
        {
            if (c.Status == PersonStatus.Cancelled) cancelled += c.Count;
            if (c.Status is PersonStatus.Saved or PersonStatus.Deleted or PersonStatus.Cancelled) continue;
            personsSubmitted += c.Count;
            if (c.Status is PersonStatus.AwaitingTag or PersonStatus.AwaitingLock) continue;
            tagged += c.Count;
            if (c.Tag == PersonTag.ProfessionalVisitor)
            {
                payers += c.Count;
                if (c.Status != PersonStatus.AwaitingPayment) paid += c.Count;
            }
            if (c.Status == PersonStatus.Approved)
            {
                approved += c.Count;
                if (c.Badge is BadgeStatus.Produced or BadgeStatus.Dispatched or BadgeStatus.Reused) produced += c.Count;
                if (c.Badge is BadgeStatus.Dispatched or BadgeStatus.Reused) dispatched += c.Count;
            }
            if (c.Status == PersonStatus.Rejected) rejected += c.Count;
        }
        return new StepTally
        {
            Registered = registered, OrganisationsSubmitted = submitted, OrganisationsApproved = approvedOrgs, PersonsSubmitted = personsSubmitted, Tagged = tagged,
            Payers = payers, Paid = paid, Reviewed = approved + rejected, Approved = approved, Rejected = rejected, Produced = produced, Dispatched = dispatched,
            Cancelled = cancelled,
        };
    }
}
