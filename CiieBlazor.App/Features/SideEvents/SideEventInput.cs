using CiieBlazor.Domain.SideEvents;
using FluentValidation;

namespace CiieBlazor.App.Features.SideEvents;

/// <summary>新增 / 编辑配套活动: what the operators' dialog edits (pickers give nullable values).</summary>
public sealed class SideEventInput
{
    public string? Name { get; set; }
    public DateOnly? Date { get; set; }
    public TimeOnly? Start { get; set; }
    public TimeOnly? End { get; set; }
    public string? Location { get; set; }
    public string? Host { get; set; }
    public string? ContactPerson { get; set; }
    public string? ContactDetails { get; set; }
    public bool OpenToVisitors { get; set; } = true;
    public string? Description { get; set; }

    public SideEventInput Copy() => (SideEventInput)MemberwiseClone();

    /// <summary>The domain's details; call only after the validator passed (date and times given).</summary>
    public SideEventDetails ToDetails() =>
        new(Name, Date!.Value, Start!.Value, End!.Value, Location, Host, ContactPerson, ContactDetails, OpenToVisitors, Description);
}

/// <summary>Field messages for the dialog: the pickers must be filled, then the side event's own rules, each on its field.</summary>
public sealed class SideEventInputValidator : AbstractValidator<SideEventInput>
{
    public SideEventInputValidator()
    {
        RuleFor(x => x.Date).NotNull().WithMessage("请选择举办日期 (choose the date)");
        RuleFor(x => x.Start).NotNull().WithMessage("请选择开始时间 (choose the start time)");
        RuleFor(x => x.End).NotNull().WithMessage("请选择结束时间 (choose the end time)");
        RuleFor(x => x).Custom((input, ctx) =>
        {
            // Without a date or times the domain cannot judge them yet; the text fields are checked all the same.
            var details = new SideEventDetails(input.Name, input.Date ?? default, input.Start ?? TimeOnly.MinValue, input.End ?? TimeOnly.MaxValue,
                input.Location, input.Host, input.ContactPerson, input.ContactDetails, input.OpenToVisitors, input.Description);
            foreach (var (field, message) in SideEvent.Problems(details))
            {
                if (field == nameof(SideEvent.End) && (input.Start is null || input.End is null)) continue;
                ctx.AddFailure(field, message);
            }
        });
    }
}

/// <summary>The lists' search form (活动名称, 举办日期, 主办单位; operators also 状态) as the page holds it; the date picker gives a DateTime.</summary>
public sealed class SideEventFilter
{
    public string? Name { get; set; }
    public DateTime? Date { get; set; }
    public string? Host { get; set; }
    public SideEventStatus? Status { get; set; }

    public SideEventQuery ToQuery(int page, int pageSize) =>
        new(Name, Date is { } d ? DateOnly.FromDateTime(d) : null, Host, Status, page, pageSize);

    /// <summary>重置: every field empty.</summary>
    public void Reset() => (Name, Date, Host, Status) = (null, null, null, null);
}
