using CiieBlazor.Domain.Common;

namespace CiieBlazor.Domain.SideEvents;

public enum SideEventStatus
{
    /// <summary>草稿 — created, not yet shown to visitors</summary>
    Draft,
    /// <summary>已发布</summary>
    Published,
    /// <summary>已撤回 — was published, taken off the visitors' list</summary>
    Unpublished,
}

public enum SideEventTrigger
{
    Publish,
    Unpublish,
}

/// <summary>What an operator fills in for a side event (活动名称, 举办日期 and times, 举办地点, 主办单位, 联系人, 联系方式, 是否面向专业观众, 活动简介).</summary>
public sealed record SideEventDetails(
    string? Name,
    DateOnly Date,
    TimeOnly Start,
    TimeOnly End,
    string? Location,
    string? Host,
    string? ContactPerson,
    string? ContactDetails,
    bool OpenToVisitors,
    string? Description);

public static class SideEventMachine
{
    public static StateMachine<SideEventStatus, SideEventTrigger, SideEvent> Table { get; } =
        new StateMachine<SideEventStatus, SideEventTrigger, SideEvent>("SideEvent")
            .Permit(SideEventStatus.Draft, SideEventTrigger.Publish, SideEventStatus.Published)
            .Permit(SideEventStatus.Unpublished, SideEventTrigger.Publish, SideEventStatus.Published)
            .Permit(SideEventStatus.Published, SideEventTrigger.Unpublish, SideEventStatus.Unpublished);
}

/// <summary>
/// 配套活动: created and published by operators; visitors see it while it is published and open to professional
/// visitors (是否面向专业观众), and contact the host to sign up. Every change is audited.
/// </summary>
public sealed class SideEvent : AggregateRoot
{
    public const int MaxNameLength = 200;
    public const int MaxLocationLength = 200;
    public const int MaxHostLength = 200;
    public const int MaxContactPersonLength = 50;
    public const int MaxContactDetailsLength = 100;
    public const int MaxDescriptionLength = 2000;

    private SideEvent() { }

    private SideEvent(Guid editionId) => EditionId = editionId;

    public Guid EditionId { get; private set; }
    public string Name { get; private set; } = "";
    public DateOnly Date { get; private set; }
    public TimeOnly Start { get; private set; }
    public TimeOnly End { get; private set; }
    public string Location { get; private set; } = "";
    public string Host { get; private set; } = "";
    public string ContactPerson { get; private set; } = "";
    public string ContactDetails { get; private set; } = "";
    public bool OpenToVisitors { get; private set; }
    public string? Description { get; private set; }
    public SideEventStatus Status { get; private set; }

    /// <summary>Listed to visitor organisations: published and open to professional visitors.</summary>
    public bool VisibleToVisitors => Status == SideEventStatus.Published && OpenToVisitors;

    public bool CanPublish => SideEventMachine.Table.CanFire(Status, SideEventTrigger.Publish, this);
    public bool CanUnpublish => SideEventMachine.Table.CanFire(Status, SideEventTrigger.Unpublish, this);

    /// <summary>A new event is a draft: visitors see it only once it is published.</summary>
    public static SideEvent Create(Guid editionId, SideEventDetails details, Actor actor, DateTimeOffset now)
    {
        var sideEvent = new SideEvent(editionId);
        sideEvent.Apply(details);
        sideEvent.Record(SideEventMachine.Table.Name, SideEventStatus.Draft, SideEventStatus.Draft, "Create", actor, now, sideEvent.Name);
        return sideEvent;
    }

    /// <summary>Edits every field (also while published); the audit row names the fields that changed.</summary>
    public void Change(SideEventDetails details, Actor actor, DateTimeOffset now)
    {
        var before = Snapshot();
        Apply(details);
        var changed = before.Zip(Snapshot()).Where(p => p.First.Value != p.Second.Value).Select(p => p.First.Field).ToList();
        if (changed.Count == 0) return;
        Record(SideEventMachine.Table.Name, Status, Status, "Edit", actor, now, string.Join(", ", changed));
    }

    public void Publish(Actor actor, DateTimeOffset now) => Fire(SideEventTrigger.Publish, actor, now);

    public void Unpublish(Actor actor, DateTimeOffset now) => Fire(SideEventTrigger.Unpublish, actor, now);

    /// <summary>Every rule the details break, as (field, message); empty when they are valid. The input validator shows the same next to each field.</summary>
    public static IReadOnlyList<(string Field, string Message)> Problems(SideEventDetails d)
    {
        static string? Text(string? value, string zh, string en, int max, bool required = true) =>
            string.IsNullOrWhiteSpace(value) ? (required ? $"请填写{zh} ({en} is required)" : null)
            : value.Trim().Length > max ? $"{zh}不能超过{max}个字符 ({en}: at most {max} characters)"
            : null;
        (string Field, string? Message)[] checks =
        [
            (nameof(Name), Text(d.Name, "活动名称", "event name", MaxNameLength)),
            (nameof(End), d.End <= d.Start ? "结束时间须晚于开始时间 (the end must come after the start)" : null),
            (nameof(Location), Text(d.Location, "举办地点", "location", MaxLocationLength)),
            (nameof(Host), Text(d.Host, "主办单位", "host", MaxHostLength)),
            (nameof(ContactPerson), Text(d.ContactPerson, "联系人", "contact person", MaxContactPersonLength)),
            (nameof(ContactDetails), Text(d.ContactDetails, "联系方式", "contact details", MaxContactDetailsLength)),
            (nameof(Description), Text(d.Description, "活动简介", "description", MaxDescriptionLength, required: false)),
        ];
        return checks.Where(c => c.Message is not null).Select(c => (c.Field, c.Message!)).ToList();
    }

    private void Apply(SideEventDetails d)
    {
        if (Problems(d) is [var first, ..])
        {
            throw DomainException.Rule(SideEventMachine.Table.Name, "Save", first.Field == nameof(End) ? "EndAfterStart" : "ValidData", first.Message);
        }
        Name = d.Name!.Trim();
        Date = d.Date;
        Start = d.Start;
        End = d.End;
        Location = d.Location!.Trim();
        Host = d.Host!.Trim();
        ContactPerson = d.ContactPerson!.Trim();
        ContactDetails = d.ContactDetails!.Trim();
        OpenToVisitors = d.OpenToVisitors;
        Description = string.IsNullOrWhiteSpace(d.Description) ? null : d.Description.Trim();
    }

    private (string Field, string? Value)[] Snapshot() =>
    [
        (nameof(Name), Name), (nameof(Date), Date.ToString("O")), (nameof(Start), Start.ToString("HH:mm")), (nameof(End), End.ToString("HH:mm")),
        (nameof(Location), Location), (nameof(Host), Host), (nameof(ContactPerson), ContactPerson), (nameof(ContactDetails), ContactDetails),
        (nameof(OpenToVisitors), OpenToVisitors.ToString()), (nameof(Description), Description),
    ];

    private void Fire(SideEventTrigger trigger, Actor actor, DateTimeOffset now)
    {
        var from = Status;
        Status = SideEventMachine.Table.Fire(Status, trigger, this);
        Record(SideEventMachine.Table.Name, from, Status, trigger.ToString(), actor, now);
    }
}
