using System.Collections.Frozen;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;

namespace CiieBlazor.Domain.Catalogue;

/// <summary>What a catalogue match points at: a zone (专区) or a product (产品).</summary>
public enum CatalogueNodeKind
{
    Zone,
    Product,
}

/// <summary>How well typed text matched a node; lower is better.</summary>
public enum CatalogueMatchQuality
{
    /// <summary>The text is the node's Chinese or English name.</summary>
    ExactName,
    /// <summary>A name starts with the text.</summary>
    NamePrefix,
    /// <summary>A name contains the text.</summary>
    NameContains,
    /// <summary>Only a keyword synonym matched (exactly, as a prefix or within).</summary>
    Synonym,
}

/// <summary>展区 / 领域: an exhibition area. <paramref name="Code"/> is one ASCII segment, e.g. "MED".</summary>
public sealed record CatalogueArea(
    string Code,
    string NameZh,
    string NameEn,
    IReadOnlyList<string> Keywords,
    IReadOnlyList<CatalogueZone> Zones);

/// <summary>专区: a zone inside an area. <paramref name="Code"/> is "AREA.ZONE", e.g. "MED.PHARMA".</summary>
public sealed record CatalogueZone(
    string Code,
    string NameZh,
    string NameEn,
    IReadOnlyList<string> Keywords,
    string AreaCode,
    string PathZh,
    string PathEn,
    IReadOnlyList<CatalogueProduct> Products);

/// <summary>产品: a product category inside exactly one zone. <paramref name="Code"/> is "AREA.ZONE.PRODUCT", e.g. "MED.PHARMA.DRUGS".</summary>
public sealed record CatalogueProduct(
    string Code,
    string NameZh,
    string NameEn,
    IReadOnlyList<string> Keywords,
    string AreaCode,
    string ZoneCode,
    string PathZh,
    string PathEn);

/// <summary>One result of <see cref="IndustryCatalogue.Match"/>: the node, its path (area › zone › product) and how it matched.</summary>
public sealed record CatalogueMatch(
    string Code,
    CatalogueNodeKind Kind,
    string NameZh,
    string NameEn,
    string PathZh,
    string PathEn,
    CatalogueMatchQuality Quality);

/// <summary>
/// 感兴趣行业和产品: the catalogue of import purchasing interests, area (展区/领域) → zone (专区) → product (产品).
/// The first area holds the registration guide's example (医药及农产品领域 with its nine zones and six products)
/// verbatim; the others follow the CIIE's exhibition areas. Codes are stable ASCII identifiers — store codes, not
/// names. The data is immutable and built once.
/// </summary>
public static class IndustryCatalogue
{
    /// <summary>Typed text longer than this (after trimming) matches nothing.</summary>
    public const int MaxQueryLength = 100;

    /// <summary>Separator between the levels of a path.</summary>
    public const string PathSeparator = " › ";

    public static IReadOnlyList<CatalogueArea> Areas { get; } = BuildAreas();

    /// <summary>All zones, in catalogue order.</summary>
    public static IReadOnlyList<CatalogueZone> Zones { get; } =
        Array.AsReadOnly(Areas.SelectMany(a => a.Zones).ToArray());

    /// <summary>All products, in catalogue order.</summary>
    public static IReadOnlyList<CatalogueProduct> Products { get; } =
        Array.AsReadOnly(Zones.SelectMany(z => z.Products).ToArray());

    private static readonly FrozenDictionary<string, CatalogueArea> AreasByCode =
        Areas.ToFrozenDictionary(a => a.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, CatalogueZone> ZonesByCode =
        Zones.ToFrozenDictionary(z => z.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, CatalogueProduct> ProductsByCode =
        Products.ToFrozenDictionary(p => p.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly MatchEntry[] Index = BuildIndex();

    /// <summary>The area with this code (case-insensitive, trimmed), or null.</summary>
    public static CatalogueArea? FindArea(string? code) => Lookup(AreasByCode, code);

    /// <summary>The zone with this code (case-insensitive, trimmed), e.g. "MED.PHARMA", or null.</summary>
    public static CatalogueZone? FindZone(string? code) => Lookup(ZonesByCode, code);

    /// <summary>The product with this code (case-insensitive, trimmed), e.g. "MED.PHARMA.DRUGS", or null.</summary>
    public static CatalogueProduct? FindProduct(string? code) => Lookup(ProductsByCode, code);

    /// <summary>
    /// Matches typed free text (Chinese or English, any case, surrounding spaces ignored, partial words allowed)
    /// against the names and keyword synonyms of zones and products. Chinese text matches anywhere in a name;
    /// Latin-script text at the start of a word ("robot" finds "Industrial robots", "ev" does not find "devices").
    /// Best first: exact name, then name prefix,
    /// then name contains, then synonym; ties go to the shorter (more specific) name, then catalogue order.
    /// Empty, whitespace-only or over-long (&gt; <see cref="MaxQueryLength"/>) text matches nothing. Markup is
    /// plain text. Never throws.
    /// </summary>
    public static IReadOnlyList<CatalogueMatch> Match(string? text, int max = 10)
    {
        if (max <= 0)
        {
            return [];
        }
        var query = CatalogueText.NormaliseQuery(text, MaxQueryLength);
        if (query is null)
        {
            return [];
        }

        var hits = new List<(MatchEntry Entry, CatalogueTextMatch Score)>();
        foreach (var entry in Index)
        {
            if (CatalogueText.Score(query, entry.Names, entry.Keywords) is { } score)
            {
                hits.Add((entry, score));
            }
        }

        return hits
            .OrderBy(h => h.Score.Tier)
            .ThenBy(h => h.Score.SubRank)
            .ThenBy(h => h.Score.MatchedLength)
            .ThenBy(h => h.Entry.Order)
            .Take(max)
            .Select(h => h.Entry.ToMatch(ToQuality(h.Score.Tier)))
            .ToArray();
    }

    private static CatalogueMatchQuality ToQuality(int tier) => tier switch
    {
        0 => CatalogueMatchQuality.ExactName,
        1 => CatalogueMatchQuality.NamePrefix,
        2 => CatalogueMatchQuality.NameContains,
        _ => CatalogueMatchQuality.Synonym,
    };

    private static T? Lookup<T>(FrozenDictionary<string, T> map, string? code) where T : class
    {
        if (code is null || code.Length > 64)
        {
            return null;
        }
        return map.TryGetValue(code.Trim(), out var value) ? value : null;
    }

    private sealed record MatchEntry(
        int Order,
        string Code,
        CatalogueNodeKind Kind,
        string NameZh,
        string NameEn,
        string PathZh,
        string PathEn,
        string[] Names,
        string[] Keywords)
    {
        public CatalogueMatch ToMatch(CatalogueMatchQuality quality) =>
            new(Code, Kind, NameZh, NameEn, PathZh, PathEn, quality);
    }

    private static MatchEntry[] BuildIndex()
    {
        var entries = new List<MatchEntry>();
        foreach (var zone in Zones)
        {
            entries.Add(Entry(entries.Count, zone.Code, CatalogueNodeKind.Zone, zone.NameZh, zone.NameEn, zone.PathZh, zone.PathEn, zone.Keywords));
            foreach (var product in zone.Products)
            {
                entries.Add(Entry(entries.Count, product.Code, CatalogueNodeKind.Product, product.NameZh, product.NameEn, product.PathZh, product.PathEn, product.Keywords));
            }
        }
        return entries.ToArray();

        static MatchEntry Entry(int order, string code, CatalogueNodeKind kind, string zh, string en, string pathZh, string pathEn, IReadOnlyList<string> keywords) =>
            new(order, code, kind, zh, en, pathZh, pathEn,
                [CatalogueText.Normalise(zh), CatalogueText.Normalise(en)],
                keywords.Select(CatalogueText.Normalise).Where(k => k.Length > 0).Distinct().ToArray());
    }

    // ------------------------------------------------------------------------------------------------------------
    // Data. Codes are stable: never rename or reuse a code; add new ones instead.
    // ------------------------------------------------------------------------------------------------------------

    private sealed record ProductDef(string Code, string Zh, string En, string[] Keywords);

    private sealed record ZoneDef(string Code, string Zh, string En, string[] Keywords, ProductDef[] Products);

    private static ProductDef P(string code, string zh, string en, params string[] keywords) => new(code, zh, en, keywords);

    private static ZoneDef Z(string code, string zh, string en, string[] keywords, params ProductDef[] products) =>
        new(code, zh, en, keywords, products);

    private static CatalogueArea A(string code, string zh, string en, string[] keywords, params ZoneDef[] zones)
    {
        var builtZones = zones.Select(z =>
        {
            var zoneCode = $"{code}.{z.Code}";
            var zonePathZh = zh + PathSeparator + z.Zh;
            var zonePathEn = en + PathSeparator + z.En;
            var products = z.Products
                .Select(p => new CatalogueProduct(
                    $"{zoneCode}.{p.Code}", p.Zh, p.En, Array.AsReadOnly(p.Keywords), code, zoneCode,
                    zonePathZh + PathSeparator + p.Zh, zonePathEn + PathSeparator + p.En))
                .ToArray();
            return new CatalogueZone(zoneCode, z.Zh, z.En, Array.AsReadOnly(z.Keywords), code, zonePathZh, zonePathEn,
                Array.AsReadOnly(products));
        }).ToArray();
        return new CatalogueArea(code, zh, en, Array.AsReadOnly(keywords), Array.AsReadOnly(builtZones));
    }

    private static ReadOnlyCollection<CatalogueArea> BuildAreas() => Array.AsReadOnly(new[]
    {
        // The registration guide's example (section 6, 填写单位信息), verbatim; CIIE's 医疗器械及医药保健 area.
        A("MED", "医药及农产品领域", "Medical, Pharmaceutical & Agricultural Products",
            ["医疗器械及医药保健", "医疗器械及医药保健展区", "医药", "农产品领域", "Medical Equipment & Healthcare Products", "healthcare"],
            Z("PHARMA", "医药专区", "Pharmaceuticals Zone", ["制药", "医药", "pharmaceutical", "pharma"],
                P("DRUGS", "药品", "Drugs", "药物", "西药", "处方药", "非处方药", "medicine", "medicines", "pharmaceuticals"),
                P("INNOVDRUGS", "创新药", "Innovative drugs", "新药", "靶向药", "novel drugs", "new drugs"),
                P("BIOLOGICS", "生物制品", "Biologics", "生物药", "单抗", "抗体药物", "biopharmaceuticals", "monoclonal antibodies"),
                P("API", "原料药", "Active pharmaceutical ingredients", "API", "医药中间体", "pharmaceutical intermediates"),
                P("RAREDISEASE", "罕见病药物", "Rare disease drugs", "孤儿药", "orphan drugs")),
            Z("AGRI", "农业专区", "Agriculture Zone", ["农业", "farming", "agritech"],
                P("SEEDS", "种子种苗", "Seeds and seedlings", "种子", "种苗", "育种", "seed", "breeding"),
                P("FERTILISERS", "肥料", "Fertilisers", "化肥", "钾肥", "fertilizer", "fertilizers", "potash"),
                P("CROPPROTECTION", "植物保护产品", "Crop protection products", "农药", "植保", "pesticides"),
                P("VETERINARY", "兽药及动物保健品", "Veterinary drugs and animal health products", "兽药", "动物疫苗", "animal health", "veterinary"),
                P("FEED", "饲料及饲料添加剂", "Feed and feed additives", "饲料", "饲料添加剂", "animal feed"),
                P("AGMACHINERY", "农业机械", "Agricultural machinery", "农机", "拖拉机", "tractors", "farm machinery")),
            Z("MODSERV", "现代服务业专区", "Modern Services Zone", ["服务业", "现代服务业", "modern services"],
                P("HEALTHIT", "医疗信息化服务", "Healthcare IT services", "医疗软件", "电子病历", "HIS", "EMR", "digital health"),
                P("CRO", "医药研发外包服务", "Pharmaceutical R&D outsourcing", "CRO", "CDMO", "CMO", "临床试验", "clinical trials"),
                P("INTERNETHEALTH", "互联网医疗", "Internet healthcare", "远程医疗", "在线问诊", "telemedicine", "telehealth"),
                P("HEALTHINSURANCE", "商业健康保险", "Commercial health insurance", "健康险", "医疗保险", "health insurance"),
                P("MEDTOURISM", "医疗旅游", "Medical tourism", "跨境医疗", "海外就医")),
            Z("DEVICE", "医疗器械及医疗保健品专区", "Medical Devices & Healthcare Products Zone", ["医疗设备", "保健品", "medtech"],
                P("DEVICES", "医疗器械", "Medical devices", "医疗设备", "医用设备", "medical equipment", "medtech"),
                P("CONSUMABLES", "医疗耗材", "Medical consumables", "耗材", "一次性医疗用品", "注射器", "导管", "disposables", "syringes", "catheters"),
                P("AESTHETICS", "医疗美容", "Medical aesthetics", "医美", "微整形", "玻尿酸", "激光美容", "aesthetic medicine", "cosmetic surgery"),
                P("HEALTHPRODUCTS", "保健用品", "Healthcare products", "保健器材", "按摩器", "health care products", "massagers"),
                P("DENTAL", "口腔医疗器械", "Dental devices", "牙科", "种植牙", "正畸", "dental implants", "orthodontics")),
            Z("PREMIUM", "高端消费品专区", "High-end Consumer Goods Zone", ["高端消费", "premium consumer goods", "luxury"],
                P("SUPPLEMENTS", "营养保健食品", "Nutritional supplements", "保健食品", "膳食补充剂", "维生素", "益生菌", "vitamins", "probiotics", "dietary supplements"),
                P("TONICS", "高端滋补品", "Premium tonic foods", "滋补品", "燕窝", "鱼油", "人参", "bird's nest", "fish oil", "ginseng"),
                P("FSMP", "特殊医学用途配方食品", "Foods for special medical purposes", "特医食品", "医学营养", "FSMP", "medical nutrition")),
            Z("REHAB", "康复养老专区", "Rehabilitation & Elderly Care Zone", ["康复", "养老", "rehabilitation", "elderly care", "aged care"],
                P("ELDERLYNEW", "养老健康及其新产品", "Elderly health products and new products", "养老产品", "老年用品", "适老化产品", "senior care products", "eldercare"),
                P("REHABDEVICES", "康复器械", "Rehabilitation devices", "康复设备", "康复训练", "rehabilitation equipment", "physiotherapy equipment"),
                P("MOBILITYAIDS", "助行辅具", "Mobility aids", "轮椅", "助行器", "护理床", "wheelchairs", "walkers", "nursing beds"),
                P("HEARING", "助听器", "Hearing aids", "听力", "人工耳蜗", "cochlear implants")),
            Z("CARE", "全龄照护专区", "All-age Care Zone", ["照护", "护理", "all-age care"],
                P("PHYSIO", "理疗护理", "Physiotherapy and nursing care", "理疗", "护理", "推拿", "physical therapy", "physiotherapy", "nursing"),
                P("HOMEMEDICAL", "家用医疗设备", "Home medical devices", "血压计", "血糖仪", "制氧机", "家用呼吸机", "blood pressure monitors", "glucose meters"),
                P("MATERNALCARE", "母婴健康护理", "Maternal and infant health care", "产后护理", "月子", "孕产", "postnatal care"),
                P("WOUNDCARE", "伤口护理产品", "Wound care products", "敷料", "创可贴", "dressings", "bandages")),
            Z("PUBHEALTH", "公共卫生及防疫专区", "Public Health & Epidemic Prevention Zone", ["防疫", "公共卫生", "public health", "epidemic prevention"],
                P("VACCINES", "疫苗", "Vaccines", "预防接种", "vaccine", "immunisation", "immunization"),
                P("PPE", "防护用品", "Personal protective equipment", "口罩", "防护服", "医用手套", "masks", "PPE", "protective clothing"),
                P("DISINFECTION", "消毒杀菌产品", "Disinfection and sterilisation products", "消毒液", "消毒剂", "灭菌", "disinfectants", "sterilization"),
                P("EMERGENCY", "应急医疗救援设备", "Emergency medical and rescue equipment", "急救", "除颤仪", "AED", "救护车", "ambulances", "defibrillators")),
            Z("ELDERSERV", "健康养老服务专区", "Health & Elderly-care Services Zone", ["养老服务", "健康服务", "health services"],
                P("ELDERLYCARE", "养老服务", "Elderly care services", "养老院", "养老机构", "居家养老", "nursing homes", "aged care services"),
                P("HEALTHMGMT", "健康管理服务", "Health management services", "体检", "健康体检", "health check-ups", "wellness"),
                P("REHABSERV", "康复医疗服务", "Rehabilitation medical services", "康复中心", "rehab"),
                P("SMARTELDERLY", "智慧养老", "Smart elderly care", "智慧养老平台", "smart aged care", "ageing tech")),
            Z("IMAGING", "医学影像及诊断专区", "Medical Imaging & Diagnostics Zone", ["影像", "诊断", "diagnostics"],
                P("IMAGINGEQUIP", "医学影像设备", "Medical imaging equipment", "CT", "MRI", "核磁共振", "X光", "超声", "PET-CT", "ultrasound", "x-ray"),
                P("IVD", "体外诊断", "In-vitro diagnostics", "IVD", "检测试剂", "诊断试剂", "化学发光", "基因检测", "diagnostic reagents", "genetic testing"),
                P("ENDOSCOPY", "内窥镜", "Endoscopes", "内镜", "胃镜", "endoscopy"),
                P("LABEQUIP", "医学实验室设备", "Medical laboratory equipment", "实验室仪器", "生化分析仪", "测序仪", "lab equipment", "sequencers"),
                P("RADIOTHERAPY", "放射治疗设备", "Radiotherapy equipment", "放疗", "质子治疗", "直线加速器", "proton therapy", "linear accelerators")),
            Z("SURGERY", "手术及介入专区", "Surgery & Interventional Zone", ["手术", "介入", "surgical"],
                P("SURGROBOTS", "手术机器人", "Surgical robots", "机器人手术", "达芬奇", "robotic surgery"),
                P("CARDIO", "心血管介入器械", "Cardiovascular interventional devices", "支架", "心脏起搏器", "心脏瓣膜", "stents", "pacemakers", "heart valves"),
                P("ORTHO", "骨科植入物", "Orthopaedic implants", "人工关节", "脊柱", "joint replacement", "orthopedic"),
                P("OPHTHALMIC", "眼科器械", "Ophthalmic devices", "人工晶体", "隐形眼镜", "眼科", "intraocular lenses", "contact lenses"),
                P("CRITICALCARE", "麻醉及重症监护设备", "Anaesthesia and intensive-care equipment", "呼吸机", "监护仪", "麻醉机", "ventilators", "patient monitors", "ICU"))),

        A("FOOD", "食品及农产品", "Food & Agricultural Products",
            ["食品及农产品展区", "食品", "农产品", "food", "agricultural products", "agri-food"],
            Z("DAIRY", "乳制品及烘焙专区", "Dairy & Bakery Zone", ["乳品", "烘焙", "dairy", "bakery"],
                P("DAIRY", "乳制品", "Dairy products", "牛奶", "奶制品", "酸奶", "milk", "yogurt", "yoghurt"),
                P("CHEESE", "奶酪及黄油", "Cheese and butter", "芝士", "奶油", "cheese", "butter"),
                P("INFANTFORMULA", "婴幼儿配方奶粉", "Infant formula", "奶粉", "婴儿奶粉", "baby formula", "milk powder"),
                P("BAKERY", "烘焙食品", "Bakery products", "面包", "饼干", "糕点", "bread", "biscuits", "pastry")),
            Z("MEAT", "肉类及水产品专区", "Meat & Seafood Zone", ["肉类", "水产", "meat", "seafood"],
                P("MEAT", "肉类", "Meat", "肉", "肉制品", "meat products"),
                P("BEEF", "牛肉", "Beef", "牛排", "和牛", "steak", "wagyu"),
                P("PORK", "猪肉", "Pork", "火腿", "ham"),
                P("POULTRY", "禽肉", "Poultry", "鸡肉", "鸡", "chicken"),
                P("LAMB", "羊肉", "Lamb and mutton", "mutton"),
                P("SEAFOOD", "水产品", "Aquatic products", "海鲜", "海产品", "鱼", "seafood", "fish"),
                P("SALMON", "三文鱼", "Salmon", "鲑鱼"),
                P("SHELLFISH", "虾蟹贝类", "Crustaceans and shellfish", "龙虾", "帝王蟹", "虾", "贝类", "lobster", "crab", "shrimp", "oysters")),
            Z("FRUIT", "果蔬及坚果专区", "Fruit, Vegetables & Nuts Zone", ["果蔬", "fruit and vegetables"],
                P("FRESHFRUIT", "新鲜水果", "Fresh fruit", "水果", "车厘子", "榴莲", "牛油果", "猕猴桃", "cherries", "durian", "avocado", "kiwifruit"),
                P("VEGETABLES", "蔬菜", "Vegetables", "蔬菜制品", "veg"),
                P("NUTS", "坚果", "Nuts", "杏仁", "开心果", "夏威夷果", "腰果", "almonds", "pistachios", "macadamia"),
                P("DRIEDFRUIT", "干果及果干", "Dried fruit", "葡萄干", "椰枣", "raisins", "dates"),
                P("JUICE", "果汁", "Fruit juice", "NFC果汁", "juice")),
            Z("BEVERAGE", "酒类及饮品专区", "Wine, Spirits & Beverages Zone", ["饮品", "酒水", "beverages", "drinks"],
                P("ALCOHOL", "酒类", "Alcoholic beverages", "酒", "洋酒", "alcohol", "liquor"),
                P("WINE", "葡萄酒", "Wine", "红酒", "白葡萄酒", "起泡酒", "香槟", "red wine", "champagne"),
                P("SPIRITS", "烈酒", "Spirits", "威士忌", "白兰地", "干邑", "伏特加", "whisky", "whiskey", "brandy", "cognac", "vodka"),
                P("BEER", "啤酒", "Beer", "精酿", "craft beer"),
                P("COFFEE", "咖啡", "Coffee", "咖啡豆", "速溶咖啡", "coffee beans"),
                P("TEA", "茶叶", "Tea", "红茶", "茶", "black tea"),
                P("SOFTDRINKS", "饮料及瓶装水", "Soft drinks and bottled water", "矿泉水", "饮料", "气泡水", "mineral water")),
            Z("GRAIN", "粮油及调味品专区", "Grain, Edible Oils & Condiments Zone", ["粮油", "grain and oils"],
                P("GRAIN", "粮食", "Grain", "大米", "小麦", "大豆", "玉米", "rice", "wheat", "soybeans", "corn", "cereals"),
                P("OIL", "食用油", "Edible oils", "橄榄油", "菜籽油", "olive oil", "cooking oil"),
                P("CONDIMENTS", "调味品", "Condiments and seasonings", "酱料", "香料", "调料", "sauces", "spices"),
                P("SUGAR", "糖及甜味剂", "Sugar and sweeteners", "白糖", "蜂蜜", "honey")),
            Z("SNACK", "休闲食品专区", "Snacks & Confectionery Zone", ["休闲食品", "snacks"],
                P("CONFECTIONERY", "糖果", "Confectionery", "软糖", "candy", "sweets"),
                P("CHOCOLATE", "巧克力", "Chocolate", "可可", "cocoa"),
                P("SNACKFOODS", "休闲零食", "Snack foods", "零食", "薯片", "chips", "crisps"),
                P("ICECREAM", "冰淇淋及冷冻甜品", "Ice cream and frozen desserts", "冰激凌", "gelato"),
                P("PREPARED", "预制食品", "Prepared foods", "预制菜", "速冻食品", "方便食品", "ready meals", "frozen food"))),

        A("AUTO", "汽车", "Automobile",
            ["汽车展区", "automotive", "vehicles", "cars"],
            Z("NEV", "新能源汽车专区", "New Energy Vehicles Zone", ["新能源", "new energy"],
                P("NEV", "新能源汽车", "New energy vehicles", "NEV", "电动车", "电动汽车", "EV", "electric vehicles"),
                P("BEV", "纯电动汽车", "Battery electric vehicles", "纯电", "BEV"),
                P("PHEV", "插电式混合动力汽车", "Plug-in hybrid vehicles", "混动", "插混", "PHEV", "hybrid"),
                P("FCEV", "氢燃料电池汽车", "Hydrogen fuel-cell vehicles", "氢能汽车", "燃料电池", "fuel cell", "FCEV"),
                P("BATTERIES", "动力电池", "Traction batteries", "锂电池", "电池", "lithium-ion", "EV batteries"),
                P("CHARGING", "充电设施", "Charging infrastructure", "充电桩", "换电", "charging stations", "chargers")),
            Z("MOBILITY", "智能出行专区", "Smart Mobility Zone", ["出行", "mobility"],
                P("MOBILITY", "智能出行", "Smart mobility solutions", "出行服务", "共享出行", "mobility services", "ride-hailing"),
                P("AUTONOMOUS", "自动驾驶", "Autonomous driving", "无人驾驶", "辅助驾驶", "ADAS", "self-driving", "driverless"),
                P("CONNECTED", "车联网", "Connected vehicles", "V2X", "智能网联", "telematics"),
                P("COCKPIT", "智能座舱", "Smart cockpits", "车载娱乐", "infotainment", "HUD"),
                P("LIDAR", "车载传感器及激光雷达", "Automotive sensors and LiDAR", "激光雷达", "毫米波雷达", "LiDAR", "radar")),
            Z("PARTS", "汽车零部件专区", "Auto Parts Zone", ["零部件", "auto parts"],
                P("PARTS", "汽车零部件", "Auto parts", "零配件", "配件", "auto components", "spare parts"),
                P("ELECTRONICS", "汽车电子", "Automotive electronics", "车规级芯片", "ECU"),
                P("TYRES", "轮胎", "Tyres", "轮毂", "tire", "tires", "wheels"),
                P("POWERTRAIN", "动力总成", "Powertrains", "发动机", "变速箱", "电驱动", "engines", "transmissions", "e-axles"),
                P("AFTERMARKET", "汽车后市场用品", "Automotive aftermarket products", "汽车用品", "润滑油", "车载用品", "lubricants", "car care")),
            Z("VEHICLES", "整车专区", "Vehicles Zone", ["整车", "complete vehicles"],
                P("LUXURYCARS", "豪华汽车", "Luxury cars", "豪车", "跑车", "supercars", "sports cars", "premium cars"),
                P("COMMERCIAL", "商用车", "Commercial vehicles", "卡车", "客车", "trucks", "buses"),
                P("MOTORCYCLES", "摩托车", "Motorcycles", "机车", "motorbikes"),
                P("SPECIAL", "房车及特种车辆", "Recreational and special-purpose vehicles", "房车", "露营车", "caravans", "motorhomes"))),

        A("TECH", "技术装备", "Technology & Equipment",
            ["技术装备展区", "智能及高端装备", "equipment", "technology", "machinery"],
            Z("IC", "集成电路专区", "Integrated Circuits Zone", ["半导体", "semiconductors"],
                P("IC", "集成电路", "Integrated circuits", "芯片", "半导体", "晶片", "chip", "chips", "semiconductors", "IC"),
                P("SEMIEQUIP", "半导体设备", "Semiconductor equipment", "光刻机", "刻蚀机", "lithography", "wafer fab equipment"),
                P("SEMIMATERIALS", "半导体材料", "Semiconductor materials", "晶圆", "硅片", "光刻胶", "wafers", "photoresist"),
                P("COMPONENTS", "电子元器件", "Electronic components", "被动元件", "连接器", "电容", "passive components", "connectors"),
                P("SENSORS", "传感器", "Sensors", "MEMS", "传感元件")),
            Z("ROBOTICS", "机器人及智能制造专区", "Robotics & Intelligent Manufacturing Zone", ["智能制造", "smart manufacturing"],
                P("INDROBOTS", "工业机器人", "Industrial robots", "机械臂", "焊接机器人", "robot arm", "robotic arm", "welding robots"),
                P("COBOTS", "协作机器人", "Collaborative robots", "cobot", "cobots"),
                P("SERVROBOTS", "服务机器人", "Service robots", "配送机器人", "清洁机器人", "人形机器人", "delivery robots", "humanoid robots"),
                P("AUTOMATION", "工业自动化控制系统", "Industrial automation and control systems", "PLC", "伺服", "变频器", "DCS", "servo", "automation"),
                P("ADDITIVE", "增材制造", "Additive manufacturing", "3D打印", "3D printing"),
                P("VISION", "机器视觉", "Machine vision", "视觉检测", "工业相机", "industrial cameras")),
            Z("MACHINE", "数控机床及精密仪器专区", "CNC Machine Tools & Precision Instruments Zone", ["机床", "仪器", "instruments"],
                P("CNC", "数控机床", "CNC machine tools", "机床", "加工中心", "车床", "machining centres", "lathes"),
                P("LASER", "激光加工设备", "Laser processing equipment", "激光切割", "激光焊接", "laser cutting"),
                P("METROLOGY", "精密测量仪器", "Precision measuring instruments", "三坐标", "量具", "metrology", "CMM"),
                P("CUTTINGTOOLS", "切削刀具", "Cutting tools", "刀具", "磨具", "tooling"),
                P("ANALYTICAL", "科学分析仪器", "Scientific and analytical instruments", "质谱仪", "色谱仪", "显微镜", "mass spectrometers", "chromatography", "microscopes")),
            Z("ENERGY", "能源低碳及环保技术专区", "Energy, Low-carbon & Environmental Technology Zone", ["能源", "低碳", "环保", "energy", "low-carbon", "environmental"],
                P("PV", "光伏设备", "Photovoltaic equipment", "太阳能", "光伏组件", "solar", "solar panels"),
                P("WIND", "风电设备", "Wind power equipment", "风机", "风力发电", "wind turbines"),
                P("HYDROGEN", "氢能装备", "Hydrogen energy equipment", "电解槽", "制氢", "electrolysers", "electrolyzers"),
                P("STORAGE", "储能系统", "Energy storage systems", "储能", "储能电池", "ESS", "battery storage"),
                P("ENVIRO", "环保设备", "Environmental protection equipment", "废气处理", "固废处理", "除尘", "pollution control"),
                P("WATER", "水处理设备", "Water treatment equipment", "污水处理", "净水", "wastewater", "water purification"),
                P("GRID", "智能电网设备", "Smart grid equipment", "输配电", "变压器", "transformers", "power transmission")),
            Z("DIGITAL", "数字技术专区", "Digital Technology Zone", ["数字化", "数字经济", "digital"],
                P("AI", "人工智能", "Artificial intelligence", "AI", "大模型", "机器学习", "machine learning", "LLM"),
                P("CLOUD", "云计算及数据中心", "Cloud computing and data centres", "云服务", "服务器", "数据中心", "servers", "data centers"),
                P("INDSOFTWARE", "工业软件", "Industrial software", "CAD", "CAE", "EDA", "PLM", "MES", "仿真软件", "simulation software"),
                P("CYBERSECURITY", "网络安全", "Cybersecurity", "信息安全", "数据安全", "cyber security", "information security"),
                P("IOT", "物联网", "Internet of things", "IoT", "工业互联网", "IIoT"),
                P("TELECOM", "通信设备", "Telecommunications equipment", "5G", "通讯设备", "网络设备", "networking equipment")),
            Z("MATERIALS", "新材料专区", "Advanced Materials Zone", ["材料", "materials"],
                P("ADVANCED", "新材料", "Advanced materials", "先进材料", "new materials"),
                P("CARBONFIBRE", "碳纤维及复合材料", "Carbon fibre and composites", "碳纤维", "复合材料", "carbon fiber", "composites"),
                P("SPECCHEM", "特种化学品", "Specialty chemicals", "精细化工", "化工原料", "fine chemicals"),
                P("PLASTICS", "工程塑料", "Engineering plastics", "高分子材料", "塑料", "polymers"),
                P("METALS", "特种金属材料", "Specialty metals", "合金", "钛合金", "稀有金属", "alloys", "titanium")),
            Z("AEROMARINE", "航空航天及海工装备专区", "Aerospace & Marine Equipment Zone", ["航空", "航天", "aerospace", "marine"],
                P("AIRCRAFT", "民用航空器", "Civil aircraft", "飞机", "公务机", "直升机", "aircraft", "helicopters", "business jets"),
                P("AEROPARTS", "航空零部件", "Aircraft parts", "航空发动机", "航材", "aero engines"),
                P("DRONES", "无人机", "Drones", "UAV", "无人飞行器", "unmanned aerial vehicles"),
                P("MARINE", "船舶及海洋工程装备", "Ships and marine engineering equipment", "船舶", "游艇", "海工", "vessels", "yachts", "offshore equipment"))),

        A("CONS", "消费品", "Consumer Goods",
            ["消费品展区", "consumer products"],
            Z("BEAUTY", "美妆及日化用品专区", "Cosmetics & Daily Chemicals Zone", ["美妆", "日化", "beauty"],
                P("COSMETICS", "化妆品", "Cosmetics", "美妆", "化妆", "beauty", "make-up", "makeup"),
                P("SKINCARE", "护肤品", "Skincare", "面霜", "精华", "面膜", "skin care", "serum"),
                P("COLOUR", "彩妆", "Colour cosmetics", "口红", "粉底", "lipstick", "foundation"),
                P("FRAGRANCE", "香水", "Fragrances", "香氛", "perfume", "perfumes"),
                P("PERSONALCARE", "个人护理用品", "Personal care products", "洗发水", "沐浴露", "口腔护理", "牙膏", "shampoo", "toothpaste"),
                P("HOUSEHOLD", "家庭清洁用品", "Household cleaning products", "洗衣液", "清洁剂", "detergent")),
            Z("BABY", "母婴及儿童用品专区", "Maternal, Baby & Children's Products Zone", ["母婴", "儿童", "baby", "kids"],
                P("BABY", "母婴用品", "Maternal and baby products", "婴儿用品", "纸尿裤", "奶瓶", "孕妇用品", "diapers", "nappies", "baby bottles"),
                P("KIDSWEAR", "童装", "Children's clothing", "儿童服装", "kids wear"),
                P("TOYS", "玩具", "Toys", "益智玩具", "积木", "潮玩", "building blocks", "educational toys"),
                P("STROLLERS", "童车及安全座椅", "Strollers and child car seats", "婴儿车", "儿童安全座椅", "prams", "car seats"),
                P("EDUCATION", "儿童教育产品", "Children's educational products", "早教", "绘本", "early education")),
            Z("JEWELLERY", "珠宝首饰及钟表专区", "Jewellery & Watches Zone", ["珠宝", "钟表", "jewelry"],
                P("JEWELLERY", "珠宝首饰", "Jewellery", "珠宝", "首饰", "饰品", "jewelry"),
                P("DIAMONDS", "钻石", "Diamonds", "钻戒", "diamond"),
                P("GOLD", "黄金饰品", "Gold jewellery", "黄金", "金饰", "gold"),
                P("GEMSTONES", "珍珠及彩色宝石", "Pearls and coloured gemstones", "珍珠", "宝石", "翡翠", "祖母绿", "gemstones", "emeralds", "sapphires"),
                P("WATCHES", "腕表", "Watches", "手表", "钟表", "timepieces")),
            Z("FASHION", "时尚服饰专区", "Fashion & Apparel Zone", ["时尚", "服饰", "fashion"],
                P("APPAREL", "服装", "Apparel", "服饰", "时装", "成衣", "clothing", "garments"),
                P("FOOTWEAR", "鞋履", "Footwear", "鞋", "运动鞋", "shoes", "sneakers"),
                P("BAGS", "箱包皮具", "Bags, luggage and leather goods", "手袋", "行李箱", "handbags", "luggage", "leather goods"),
                P("ACCESSORIES", "时尚配饰", "Fashion accessories", "眼镜", "太阳镜", "围巾", "eyewear", "sunglasses", "scarves"),
                P("TEXTILES", "家纺及纺织品", "Home textiles and fabrics", "床品", "面料", "bedding", "fabrics")),
            Z("HOME", "家居家电专区", "Home & Appliances Zone", ["家居", "家电", "home"],
                P("APPLIANCES", "家用电器", "Home appliances", "家电", "厨房电器", "洗衣机", "冰箱", "kitchen appliances"),
                P("FURNITURE", "家具", "Furniture", "沙发", "床垫", "sofas", "mattresses"),
                P("KITCHENWARE", "厨具及餐具", "Kitchenware and tableware", "锅具", "餐具", "cookware", "tableware"),
                P("SMARTHOME", "智能家居", "Smart home", "智能家居系统", "智能门锁", "smart locks"),
                P("DECOR", "家居装饰", "Home décor", "灯具", "装饰品", "lighting", "home decor"),
                P("BUILDING", "建材及卫浴", "Building materials and sanitary ware", "卫浴", "瓷砖", "地板", "bathroom", "tiles", "flooring")),
            Z("SPORTS", "体育及户外用品专区", "Sports & Outdoor Zone", ["体育", "户外", "sports", "outdoor"],
                P("SPORTINGGOODS", "体育用品", "Sporting goods", "运动器材", "球类", "sports equipment"),
                P("OUTDOOR", "户外装备", "Outdoor equipment", "露营", "登山", "camping", "hiking"),
                P("FITNESS", "健身器材", "Fitness equipment", "跑步机", "gym equipment", "treadmills"),
                P("BICYCLES", "自行车", "Bicycles", "单车", "电助力自行车", "e-bikes", "bikes", "cycling"),
                P("WINTER", "冰雪运动装备", "Winter sports equipment", "滑雪", "滑雪板", "ski", "snowboard")),
            Z("ELECTRONICS", "消费电子及文创专区", "Consumer Electronics & Creative Goods Zone", ["电子产品", "文创", "electronics"],
                P("CONSUMERELEC", "消费电子", "Consumer electronics", "手机", "智能手机", "平板电脑", "笔记本电脑", "耳机", "smartphones", "laptops", "headphones"),
                P("WEARABLES", "智能穿戴设备", "Wearable devices", "智能手表", "手环", "smartwatches", "wearables"),
                P("AUDIOVIDEO", "影音设备", "Audio-visual equipment", "音响", "相机", "摄影器材", "cameras", "speakers"),
                P("ARTS", "文创及艺术品", "Cultural and creative products and artworks", "艺术品", "文创产品", "收藏品", "art", "collectibles"),
                P("STATIONERY", "文具及办公用品", "Stationery and office supplies", "办公用品", "笔", "office supplies"),
                P("PETS", "宠物用品", "Pet products", "宠物食品", "猫粮", "狗粮", "pet food"))),

        A("SERV", "服务贸易", "Trade in Services",
            ["服务贸易展区", "services"],
            Z("TRADE", "贸易及供应链服务专区", "Trade & Supply Chain Services Zone", ["贸易服务", "供应链", "trade services"],
                P("CBEC", "跨境电商服务", "Cross-border e-commerce services", "跨境电商", "电商平台", "e-commerce", "ecommerce"),
                P("SUPPLYCHAIN", "供应链管理服务", "Supply chain management services", "供应链", "SCM", "procurement services"),
                P("TIC", "检验检测认证服务", "Testing, inspection and certification services", "检测", "认证", "检验", "TIC", "certification"),
                P("IMPORTAGENCY", "进口代理服务", "Import agency services", "外贸代理", "报关", "清关", "customs clearance", "customs brokerage"),
                P("BONDED", "保税展示交易服务", "Bonded display and trading services", "保税", "保税区", "bonded warehouses")),
            Z("LOGISTICS", "物流服务专区", "Logistics Services Zone", ["物流", "logistics"],
                P("LOGISTICS", "物流服务", "Logistics services", "物流", "logistics"),
                P("FREIGHT", "国际货运代理", "International freight forwarding", "货代", "国际货运", "freight forwarding", "forwarders"),
                P("COLDCHAIN", "冷链物流", "Cold-chain logistics", "冷链", "冷藏运输", "cold chain"),
                P("SHIPPING", "航运服务", "Shipping services", "海运", "集装箱", "ocean freight", "container shipping"),
                P("AIRCARGO", "航空货运", "Air cargo", "空运", "航空物流", "air freight"),
                P("WAREHOUSING", "仓储服务", "Warehousing services", "仓储", "海外仓", "仓库", "warehousing")),
            Z("FINANCE", "金融服务专区", "Financial Services Zone", ["金融", "finance"],
                P("FINANCE", "金融服务", "Financial services", "金融", "finance"),
                P("BANKING", "银行服务", "Banking services", "银行", "banks"),
                P("INSURANCE", "保险服务", "Insurance services", "保险", "财产保险", "insurance"),
                P("TRADEFINANCE", "贸易融资", "Trade finance", "信用证", "保理", "letters of credit", "factoring"),
                P("PAYMENTS", "跨境支付", "Cross-border payments", "跨境结算", "支付", "payments", "remittances"),
                P("ASSETMGMT", "资产管理", "Asset management", "投资", "基金", "财富管理", "wealth management", "investment")),
            Z("PROFESSIONAL", "专业服务专区", "Professional Services Zone", ["专业服务", "professional services"],
                P("LEGAL", "法律服务", "Legal services", "律师", "法务", "律师事务所", "lawyers", "law firms"),
                P("ACCOUNTING", "会计审计服务", "Accounting and auditing services", "审计", "会计", "税务", "tax", "audit"),
                P("CONSULTING", "管理咨询", "Management consulting", "咨询", "consulting", "advisory"),
                P("HR", "人力资源服务", "Human resources services", "招聘", "猎头", "人才", "recruitment", "headhunting"),
                P("IP", "知识产权服务", "Intellectual property services", "专利", "商标", "patents", "trademarks")),
            Z("TOURISM", "文化旅游及会展专区", "Culture, Tourism & Exhibition Services Zone", ["文旅", "会展", "tourism"],
                P("TOURISM", "旅游服务", "Tourism services", "旅游", "旅行", "酒店", "travel", "hotels"),
                P("CREATIVE", "文化创意服务", "Cultural and creative services", "设计服务", "创意设计", "影视", "design services", "film"),
                P("EXHIBITION", "会展服务", "Exhibition and event services", "会展", "展览", "会议", "MICE", "events"),
                P("EDUCATION", "教育服务", "Education services", "教育", "培训", "留学", "training", "study abroad")),
            Z("TECHSERV", "科技服务专区", "Technology Services Zone", ["科技服务", "technology services"],
                P("RANDD", "研发设计服务", "R&D and design services", "研发外包", "工业设计", "industrial design", "R&D"),
                P("TECHTRANSFER", "技术转让及许可", "Technology transfer and licensing", "技术许可", "licensing"),
                P("ITSERV", "信息技术服务", "IT services", "软件外包", "IT外包", "系统集成", "software outsourcing", "system integration"),
                P("DIGITALSERV", "数字服务", "Digital services", "数字营销", "数据服务", "digital marketing", "data services"),
                P("ENGINEERING", "工程服务", "Engineering services", "工程咨询", "工程设计", "engineering consulting", "EPC"))),
    });
}

/// <summary>The outcome of scoring one node against a query: tier 0 exact name, 1 name prefix, 2 name contains, 3 synonym.</summary>
internal readonly record struct CatalogueTextMatch(int Tier, int SubRank, int MatchedLength);

/// <summary>Text normalisation and scoring shared by the catalogue and country matchers.</summary>
internal static class CatalogueText
{
    /// <summary>
    /// Trims; rejects empty and over-long text (null); replaces control characters and broken surrogates with
    /// spaces; folds full-width forms (NFKC); lower-cases (invariant); collapses runs of whitespace.
    /// </summary>
    public static string? NormaliseQuery(string? text, int maxLength)
    {
        if (text is null)
        {
            return null;
        }
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.Length > maxLength)
        {
            return null;
        }
        var normalised = Normalise(trimmed);
        return normalised.Length == 0 ? null : normalised;
    }

    public static string Normalise(string text)
    {
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c) || char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                clean.Append(' ');
            }
            else
            {
                clean.Append(c);
            }
        }

        string folded;
        try
        {
            folded = clean.ToString().Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            folded = clean.ToString();
        }
        folded = folded.ToLowerInvariant();

        var result = new StringBuilder(folded.Length);
        var pendingSpace = false;
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = result.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                result.Append(' ');
                pendingSpace = false;
            }
            result.Append(c);
        }
        return result.ToString();
    }

    /// <summary>Scores a normalised query against normalised names, then keywords; null when nothing matches.</summary>
    public static CatalogueTextMatch? Score(string query, IReadOnlyList<string> names, IReadOnlyList<string> keywords)
    {
        CatalogueTextMatch? best = null;
        foreach (var name in names)
        {
            if (name.Length == 0)
            {
                continue;
            }
            CatalogueTextMatch? candidate = null;
            if (name == query)
            {
                candidate = new CatalogueTextMatch(0, 0, name.Length);
            }
            else if (name.StartsWith(query, StringComparison.Ordinal))
            {
                candidate = new CatalogueTextMatch(1, 0, name.Length);
            }
            else
            {
                if (ContainsMatch(name, query))
                {
                    candidate = new CatalogueTextMatch(2, 0, name.Length);
                }
            }
            best = Better(best, candidate);
        }
        if (best is not null)
        {
            return best;
        }

        foreach (var keyword in keywords)
        {
            CatalogueTextMatch? candidate = null;
            if (keyword == query)
            {
                candidate = new CatalogueTextMatch(3, 0, keyword.Length);
            }
            else if (keyword.StartsWith(query, StringComparison.Ordinal))
            {
                candidate = new CatalogueTextMatch(3, 1, keyword.Length);
            }
            else if (ContainsMatch(keyword, query))
            {
                candidate = new CatalogueTextMatch(3, 2, keyword.Length);
            }
            best = Better(best, candidate);
        }
        return best;
    }

    /// <summary>
    /// Whether <paramref name="text"/> contains <paramref name="query"/> (both normalised) past its first character.
    /// Chinese (any non-ASCII-alphanumeric start) matches anywhere; Latin-script text only at the start of a word,
    /// so "robot" finds "industrial robots" but "ev" does not find "devices".
    /// </summary>
    public static bool ContainsMatch(string text, string query)
    {
        if (query.Length == 0 || query.Length >= text.Length)
        {
            return false;
        }
        var latin = char.IsAsciiLetterOrDigit(query[0]);
        for (var at = text.IndexOf(query, 1, StringComparison.Ordinal); at > 0;
             at = at + 1 < text.Length ? text.IndexOf(query, at + 1, StringComparison.Ordinal) : -1)
        {
            if (!latin || !char.IsLetterOrDigit(text[at - 1]))
            {
                return true;
            }
        }
        return false;
    }

    private static CatalogueTextMatch? Better(CatalogueTextMatch? current, CatalogueTextMatch? candidate)
    {
        if (candidate is not { } c)
        {
            return current;
        }
        if (current is not { } b)
        {
            return c;
        }
        var order = (c.Tier, c.SubRank, c.MatchedLength).CompareTo((b.Tier, b.SubRank, b.MatchedLength));
        return order < 0 ? c : b;
    }
}
