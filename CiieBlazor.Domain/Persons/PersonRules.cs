using CiieBlazor.Domain.Badges;
using CiieBlazor.Domain.Common;

namespace CiieBlazor.Domain.Persons;

/// <summary>证件复用: who may reuse last edition's badge.</summary>
public static class ReuseEligibility
{
    /// <summary>
    /// Null when eligible, else the reason: the person held the previous edition's professional-visitor badge
    /// (produced, dispatched or itself reused) and passed that edition's person review.
    /// </summary>
    public static string? Check(Person previous, BadgeStatus previousBadge, int previousEditionNumber, int currentEditionNumber)
    {
        if (previousEditionNumber != currentEditionNumber - 1)
            return "仅上一届的专业观众证件可以复用 (only last edition's badge can be reused)";
        if (previous.Status != PersonStatus.Approved)
            return "该人员上届未通过人员信息审核，请选择重新申办 (did not pass last edition's review: apply anew)";
        if (previousBadge is not (BadgeStatus.Produced or BadgeStatus.Dispatched or BadgeStatus.Reused))
            return "该人员上届未持有专业观众证件，请选择重新申办 (held no badge last edition: apply anew)";
        if (previous.Tag is null)
            return "该人员上届没有人员标签，请选择重新申办 (no tag last edition: apply anew)";
        return null;
    }
}

/// <summary>One document number, one person per edition.</summary>
public static class DocumentUniqueness
{
    public sealed record Holder(Guid PersonId, Guid OrganisationId, string OrganisationName, string PersonName, PersonStatus Status);

    /// <summary>Throws when another live person of the edition already holds the number, naming where.</summary>
    public static void Ensure(Guid personId, Guid organisationId, IEnumerable<Holder> sameNumber)
    {
        var other = sameNumber.FirstOrDefault(h => h.PersonId != personId && h.Status is not (PersonStatus.Deleted or PersonStatus.Cancelled));
        if (other is null) return;
        throw DomainException.Rule("Person", "Save", "DocumentUnique", other.OrganisationId == organisationId
            ? $"该证件号码已在本单位登记（{other.PersonName}），同一届同一证件号码只能登记一次 (already registered by your organisation: {other.PersonName})"
            : $"该证件号码已由“{other.OrganisationName}”登记，同一届同一证件号码只能登记一次，请联系该单位或客服 (already registered by {other.OrganisationName})");
    }
}

/// <summary>证件照片: JPEG or PNG, portrait, large enough for a badge, at most 5 MB.</summary>
public static class PhotoRules
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MinWidth = 295;
    public const int MinHeight = 413;

    /// <summary>Null when the picture suits a badge, else the reason.</summary>
    public static string? Check(string? contentType, long size, int width, int height)
    {
        if (contentType is not ("image/jpeg" or "image/png"))
            return "证件照片须为JPG或PNG图片（按文件内容识别） (the photo must be a JPEG or PNG picture)";
        if (size > MaxBytes) return "证件照片不能超过5MB (at most 5 MB)";
        if (width < MinWidth || height < MinHeight)
            return $"证件照片像素过小（{width}×{height}），至少{MinWidth}×{MinHeight}像素 (at least {MinWidth}×{MinHeight} pixels)";
        if (width > height) return "证件照片须为竖版免冠正面照 (use a portrait photo)";
        return null;
    }
}
