using CiieBlazor.Domain.Common;

namespace CiieBlazor.Domain.SideEvents;

/// <summary>配套活动: published by operators, listed to visitors when open to professional visitors.</summary>
public sealed class SideEvent : AggregateRoot
{
    private SideEvent() { }

    public SideEvent(Guid editionId, string name, DateOnly date, string host, string contactPerson, string contactDetails, bool openToVisitors)
    {
        EditionId = editionId;
        Change(name, date, host, contactPerson, contactDetails, openToVisitors);
    }

    public Guid EditionId { get; private set; }
    public string Name { get; private set; } = "";
    public DateOnly Date { get; private set; }
    public string Host { get; private set; } = "";
    public string ContactPerson { get; private set; } = "";
    public string ContactDetails { get; private set; } = "";
    public bool OpenToVisitors { get; private set; }
    public bool Published { get; private set; }

    public void Change(string name, DateOnly date, string host, string contactPerson, string contactDetails, bool openToVisitors)
    {
        string Need(string? v, string zh) => string.IsNullOrWhiteSpace(v) || v.Trim().Length > 200
            ? throw DomainException.Rule("SideEvent", "Save", "ValidData", $"请填写{zh}（不超过200字） ({zh} is required, at most 200 characters)")
            : v.Trim();
        Name = Need(name, "活动名称");
        Host = Need(host, "主办单位");
        ContactPerson = Need(contactPerson, "联系人");
        ContactDetails = Need(contactDetails, "联系方式");
        Date = date;
        OpenToVisitors = openToVisitors;
    }

    public void Publish() => Published = true;
    public void Withdraw() => Published = false;
}
