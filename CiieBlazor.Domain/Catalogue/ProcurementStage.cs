namespace CiieBlazor.Domain.Catalogue;

/// <summary>采购阶段: how far the buyer is with a country or region. Values may be persisted: do not renumber.</summary>
public enum ProcurementStage
{
    /// <summary>需求预测 (the guide's example)</summary>
    DemandForecast = 0,
    /// <summary>供应商寻源</summary>
    SupplierSourcing = 1,
    /// <summary>询价比价</summary>
    Quotation = 2,
    /// <summary>商务谈判</summary>
    Negotiation = 3,
    /// <summary>签约采购</summary>
    Contracting = 4,
    /// <summary>已有采购</summary>
    ExistingPurchase = 5,
}

/// <summary>Chinese and English labels for <see cref="ProcurementStage"/>.</summary>
public static class ProcurementStages
{
    /// <summary>All stages in process order.</summary>
    public static IReadOnlyList<ProcurementStage> All { get; } = Array.AsReadOnly(
    [
        ProcurementStage.DemandForecast,
        ProcurementStage.SupplierSourcing,
        ProcurementStage.Quotation,
        ProcurementStage.Negotiation,
        ProcurementStage.Contracting,
        ProcurementStage.ExistingPurchase,
    ]);

    /// <summary>The Chinese label, e.g. 需求预测; the enum name for an undefined value.</summary>
    public static string ChineseLabel(this ProcurementStage stage) => stage switch
    {
        ProcurementStage.DemandForecast => "需求预测",
        ProcurementStage.SupplierSourcing => "供应商寻源",
        ProcurementStage.Quotation => "询价比价",
        ProcurementStage.Negotiation => "商务谈判",
        ProcurementStage.Contracting => "签约采购",
        ProcurementStage.ExistingPurchase => "已有采购",
        _ => stage.ToString(),
    };

    /// <summary>The English label, e.g. "Demand forecast"; the enum name for an undefined value.</summary>
    public static string EnglishLabel(this ProcurementStage stage) => stage switch
    {
        ProcurementStage.DemandForecast => "Demand forecast",
        ProcurementStage.SupplierSourcing => "Supplier sourcing",
        ProcurementStage.Quotation => "Quotation and price comparison",
        ProcurementStage.Negotiation => "Business negotiation",
        ProcurementStage.Contracting => "Contracting and purchasing",
        ProcurementStage.ExistingPurchase => "Existing purchases",
        _ => stage.ToString(),
    };

    /// <summary>Both labels, e.g. "需求预测 (Demand forecast)".</summary>
    public static string Label(this ProcurementStage stage) => $"{stage.ChineseLabel()} ({stage.EnglishLabel()})";

    /// <summary>
    /// The stage whose Chinese label, English label or enum name equals the text (trimmed, case-insensitive);
    /// null otherwise. Numeric strings are not accepted.
    /// </summary>
    public static ProcurementStage? FromLabel(string? text)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value) || value.Length > 64)
        {
            return null;
        }
        foreach (var stage in All)
        {
            if (string.Equals(value, stage.ChineseLabel(), StringComparison.Ordinal)
                || string.Equals(value, stage.EnglishLabel(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(value, stage.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return stage;
            }
        }
        return null;
    }
}
