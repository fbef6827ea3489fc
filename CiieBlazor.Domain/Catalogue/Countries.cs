using System.Collections.Frozen;

namespace CiieBlazor.Domain.Catalogue;

/// <summary>What kind of entry a <see cref="Country"/> row is.</summary>
public enum CountryKind
{
    /// <summary>A sovereign state.</summary>
    Country,
    /// <summary>中国香港、中国澳门、中国台湾: regions of China with their own ISO 3166-1 codes.</summary>
    ChineseRegion,
    /// <summary>A dependent territory or other area with its own ISO 3166-1 code (e.g. 格陵兰, 波多黎各).</summary>
    Territory,
}

/// <summary>
/// A country or region (国家地区): ISO 3166-1 alpha-2 code, the name in mainland Chinese official usage, an English
/// name, and extra names used only for matching (full official names, common English variants).
/// </summary>
public sealed record Country(string Code, string NameZh, string NameEn, CountryKind Kind, IReadOnlyList<string> Aliases)
{
    public bool IsChineseRegion => Kind == CountryKind.ChineseRegion;

    public override string ToString() => $"{NameZh} ({Code})";
}

/// <summary>The ISO 3166-1 countries and regions (249 entries) for the 国家地区 rows of the purchasing intent.</summary>
public static class Countries
{
    /// <summary>Typed text longer than this (after trimming) matches nothing.</summary>
    public const int MaxQueryLength = 100;

    // Declared before All: static initialisers run in textual order and Build() needs these.
    private static readonly FrozenSet<string> ChineseRegions = FrozenSet.ToFrozenSet(["HK", "MO", "TW"]);

    private static readonly FrozenSet<string> Territories = FrozenSet.ToFrozenSet(
    [
        "AI", "AQ", "AS", "AW", "AX", "BL", "BM", "BQ", "BV", "CC", "CW", "CX", "EH", "FK", "FO", "GF", "GG", "GI", "GL",
        "GP", "GS", "GU", "HM", "IM", "IO", "JE", "KY", "MF", "MP", "MQ", "MS", "NC", "NF", "PF", "PM", "PN", "PR", "RE",
        "SH", "SJ", "SX", "TC", "TF", "TK", "UM", "VG", "VI", "WF", "YT",
    ]);

    /// <summary>All entries, in ISO code order.</summary>
    public static IReadOnlyList<Country> All { get; } = Build();

    private static readonly FrozenDictionary<string, Country> ByCode =
        All.ToFrozenDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);

    private static readonly (Country Country, string[] Names, string[] Aliases)[] Index =
        All.Select(c => (c,
                new[] { CatalogueText.Normalise(c.NameZh), CatalogueText.Normalise(c.NameEn) },
                c.Aliases.Select(CatalogueText.Normalise).Where(a => a.Length > 0).Distinct().ToArray()))
            .ToArray();

    /// <summary>The entry for an alpha-2 code (case-insensitive, trimmed), e.g. "US" → 美国; null if unknown.</summary>
    public static Country? Find(string? code)
    {
        if (code is null || code.Length > 8)
        {
            return null;
        }
        return ByCode.TryGetValue(code.Trim(), out var country) ? country : null;
    }

    /// <summary>What a page shows for a stored code: the Chinese or English name, the code itself if unknown, "" for none.</summary>
    public static string NameOf(string? code, bool english) =>
        string.IsNullOrWhiteSpace(code) ? "" : Find(code) is { } c ? (english ? c.NameEn : c.NameZh) : code;

    /// <summary>
    /// Countries whose Chinese or English name (or an alias, or exactly the code) matches typed text: case-insensitive,
    /// prefix or contains (Latin-script text at the start of a word). Best first: exact name/alias/code, name prefix, alias prefix, name contains, alias
    /// contains; ties go to the shorter name, then code order. Empty, whitespace-only or over-long text matches
    /// nothing; never throws.
    /// </summary>
    public static IReadOnlyList<Country> Match(string? text, int max = 20)
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

        var hits = new List<(Country Country, int Rank, int Length, int Order)>();
        for (var i = 0; i < Index.Length; i++)
        {
            var (country, names, aliases) = Index[i];
            int? rank = null;
            var length = int.MaxValue;
            void Consider(int r, int len)
            {
                if (rank is null || r < rank || (r == rank && len < length))
                {
                    rank = r;
                    length = len;
                }
            }

            if (query.Length == 2 && string.Equals(country.Code, query, StringComparison.OrdinalIgnoreCase))
            {
                Consider(0, 0);
            }
            foreach (var name in names)
            {
                if (name == query) Consider(0, name.Length);
                else if (name.StartsWith(query, StringComparison.Ordinal)) Consider(1, name.Length);
                else if (CatalogueText.ContainsMatch(name, query)) Consider(3, name.Length);
            }
            foreach (var alias in aliases)
            {
                if (alias == query) Consider(0, alias.Length);
                else if (alias.StartsWith(query, StringComparison.Ordinal)) Consider(2, alias.Length);
                else if (CatalogueText.ContainsMatch(alias, query)) Consider(4, alias.Length);
            }
            if (rank is { } found)
            {
                hits.Add((country, found, length, i));
            }
        }

        return hits
            .OrderBy(h => h.Rank)
            .ThenBy(h => h.Length)
            .ThenBy(h => h.Order)
            .Take(max)
            .Select(h => h.Country)
            .ToArray();
    }

    private static Country C(string code, string zh, string en, params string[] aliases) =>
        new(code, zh, en,
            ChineseRegions.Contains(code) ? CountryKind.ChineseRegion
            : Territories.Contains(code) ? CountryKind.Territory
            : CountryKind.Country,
            Array.AsReadOnly(aliases));

    private static IReadOnlyList<Country> Build() => Array.AsReadOnly(new[]
    {
        C("AD", "安道尔", "Andorra"),
        C("AE", "阿联酋", "United Arab Emirates", "阿拉伯联合酋长国", "UAE"),
        C("AF", "阿富汗", "Afghanistan"),
        C("AG", "安提瓜和巴布达", "Antigua and Barbuda"),
        C("AI", "安圭拉", "Anguilla"),
        C("AL", "阿尔巴尼亚", "Albania"),
        C("AM", "亚美尼亚", "Armenia"),
        C("AO", "安哥拉", "Angola"),
        C("AQ", "南极洲", "Antarctica"),
        C("AR", "阿根廷", "Argentina"),
        C("AS", "美属萨摩亚", "American Samoa"),
        C("AT", "奥地利", "Austria"),
        C("AU", "澳大利亚", "Australia", "澳洲"),
        C("AW", "阿鲁巴", "Aruba"),
        C("AX", "奥兰群岛", "Åland Islands", "Aland Islands"),
        C("AZ", "阿塞拜疆", "Azerbaijan"),
        C("BA", "波黑", "Bosnia and Herzegovina", "波斯尼亚和黑塞哥维那"),
        C("BB", "巴巴多斯", "Barbados"),
        C("BD", "孟加拉国", "Bangladesh", "孟加拉"),
        C("BE", "比利时", "Belgium"),
        C("BF", "布基纳法索", "Burkina Faso"),
        C("BG", "保加利亚", "Bulgaria"),
        C("BH", "巴林", "Bahrain"),
        C("BI", "布隆迪", "Burundi"),
        C("BJ", "贝宁", "Benin"),
        C("BL", "圣巴泰勒米", "Saint Barthélemy", "Saint Barthelemy"),
        C("BM", "百慕大", "Bermuda"),
        C("BN", "文莱", "Brunei", "Brunei Darussalam"),
        C("BO", "玻利维亚", "Bolivia", "多民族玻利维亚国"),
        C("BQ", "荷兰加勒比区", "Caribbean Netherlands", "Bonaire, Sint Eustatius and Saba"),
        C("BR", "巴西", "Brazil"),
        C("BS", "巴哈马", "Bahamas"),
        C("BT", "不丹", "Bhutan"),
        C("BV", "布韦岛", "Bouvet Island"),
        C("BW", "博茨瓦纳", "Botswana"),
        C("BY", "白俄罗斯", "Belarus"),
        C("BZ", "伯利兹", "Belize"),
        C("CA", "加拿大", "Canada"),
        C("CC", "科科斯（基林）群岛", "Cocos (Keeling) Islands"),
        C("CD", "刚果（金）", "Democratic Republic of the Congo", "刚果民主共和国", "DR Congo", "Congo-Kinshasa"),
        C("CF", "中非", "Central African Republic", "中非共和国"),
        C("CG", "刚果（布）", "Republic of the Congo", "刚果共和国", "Congo-Brazzaville"),
        C("CH", "瑞士", "Switzerland"),
        C("CI", "科特迪瓦", "Côte d'Ivoire", "Cote d'Ivoire", "Ivory Coast"),
        C("CK", "库克群岛", "Cook Islands"),
        C("CL", "智利", "Chile"),
        C("CM", "喀麦隆", "Cameroon"),
        C("CN", "中国", "China", "中华人民共和国", "中国大陆", "People's Republic of China", "PRC", "Chinese mainland"),
        C("CO", "哥伦比亚", "Colombia"),
        C("CR", "哥斯达黎加", "Costa Rica"),
        C("CU", "古巴", "Cuba"),
        C("CV", "佛得角", "Cabo Verde", "Cape Verde"),
        C("CW", "库拉索", "Curaçao", "Curacao"),
        C("CX", "圣诞岛", "Christmas Island"),
        C("CY", "塞浦路斯", "Cyprus"),
        C("CZ", "捷克", "Czechia", "捷克共和国", "Czech Republic"),
        C("DE", "德国", "Germany", "德意志联邦共和国", "Deutschland"),
        C("DJ", "吉布提", "Djibouti"),
        C("DK", "丹麦", "Denmark"),
        C("DM", "多米尼克", "Dominica"),
        C("DO", "多米尼加", "Dominican Republic", "多米尼加共和国"),
        C("DZ", "阿尔及利亚", "Algeria"),
        C("EC", "厄瓜多尔", "Ecuador"),
        C("EE", "爱沙尼亚", "Estonia"),
        C("EG", "埃及", "Egypt"),
        C("EH", "西撒哈拉", "Western Sahara"),
        C("ER", "厄立特里亚", "Eritrea"),
        C("ES", "西班牙", "Spain"),
        C("ET", "埃塞俄比亚", "Ethiopia"),
        C("FI", "芬兰", "Finland"),
        C("FJ", "斐济", "Fiji"),
        C("FK", "马尔维纳斯群岛（福克兰）", "Falkland Islands (Malvinas)", "福克兰群岛", "Malvinas"),
        C("FM", "密克罗尼西亚联邦", "Micronesia", "Federated States of Micronesia", "密克罗尼西亚"),
        C("FO", "法罗群岛", "Faroe Islands"),
        C("FR", "法国", "France"),
        C("GA", "加蓬", "Gabon"),
        C("GB", "英国", "United Kingdom", "大不列颠及北爱尔兰联合王国", "UK", "Great Britain", "Britain", "England"),
        C("GD", "格林纳达", "Grenada"),
        C("GE", "格鲁吉亚", "Georgia"),
        C("GF", "法属圭亚那", "French Guiana"),
        C("GG", "根西", "Guernsey"),
        C("GH", "加纳", "Ghana"),
        C("GI", "直布罗陀", "Gibraltar"),
        C("GL", "格陵兰", "Greenland"),
        C("GM", "冈比亚", "Gambia"),
        C("GN", "几内亚", "Guinea"),
        C("GP", "瓜德罗普", "Guadeloupe"),
        C("GQ", "赤道几内亚", "Equatorial Guinea"),
        C("GR", "希腊", "Greece"),
        C("GS", "南乔治亚和南桑威奇群岛", "South Georgia and the South Sandwich Islands"),
        C("GT", "危地马拉", "Guatemala"),
        C("GU", "关岛", "Guam"),
        C("GW", "几内亚比绍", "Guinea-Bissau"),
        C("GY", "圭亚那", "Guyana"),
        C("HK", "中国香港", "Hong Kong, China", "香港", "香港特别行政区", "中国香港特别行政区", "Hong Kong", "Hong Kong SAR"),
        C("HM", "赫德岛和麦克唐纳群岛", "Heard Island and McDonald Islands"),
        C("HN", "洪都拉斯", "Honduras"),
        C("HR", "克罗地亚", "Croatia"),
        C("HT", "海地", "Haiti"),
        C("HU", "匈牙利", "Hungary"),
        C("ID", "印度尼西亚", "Indonesia", "印尼"),
        C("IE", "爱尔兰", "Ireland"),
        C("IL", "以色列", "Israel"),
        C("IM", "马恩岛", "Isle of Man"),
        C("IN", "印度", "India"),
        C("IO", "英属印度洋领地", "British Indian Ocean Territory"),
        C("IQ", "伊拉克", "Iraq"),
        C("IR", "伊朗", "Iran", "伊朗伊斯兰共和国", "Islamic Republic of Iran"),
        C("IS", "冰岛", "Iceland"),
        C("IT", "意大利", "Italy"),
        C("JE", "泽西", "Jersey"),
        C("JM", "牙买加", "Jamaica"),
        C("JO", "约旦", "Jordan"),
        C("JP", "日本", "Japan", "日本国"),
        C("KE", "肯尼亚", "Kenya"),
        C("KG", "吉尔吉斯斯坦", "Kyrgyzstan"),
        C("KH", "柬埔寨", "Cambodia"),
        C("KI", "基里巴斯", "Kiribati"),
        C("KM", "科摩罗", "Comoros"),
        C("KN", "圣基茨和尼维斯", "Saint Kitts and Nevis"),
        C("KP", "朝鲜", "Democratic People's Republic of Korea", "朝鲜民主主义人民共和国", "North Korea", "DPRK"),
        C("KR", "韩国", "Republic of Korea", "大韩民国", "South Korea", "Korea"),
        C("KW", "科威特", "Kuwait"),
        C("KY", "开曼群岛", "Cayman Islands"),
        C("KZ", "哈萨克斯坦", "Kazakhstan"),
        C("LA", "老挝", "Laos", "老挝人民民主共和国", "Lao PDR", "Lao People's Democratic Republic"),
        C("LB", "黎巴嫩", "Lebanon"),
        C("LC", "圣卢西亚", "Saint Lucia"),
        C("LI", "列支敦士登", "Liechtenstein"),
        C("LK", "斯里兰卡", "Sri Lanka"),
        C("LR", "利比里亚", "Liberia"),
        C("LS", "莱索托", "Lesotho"),
        C("LT", "立陶宛", "Lithuania"),
        C("LU", "卢森堡", "Luxembourg"),
        C("LV", "拉脱维亚", "Latvia"),
        C("LY", "利比亚", "Libya"),
        C("MA", "摩洛哥", "Morocco"),
        C("MC", "摩纳哥", "Monaco"),
        C("MD", "摩尔多瓦", "Moldova", "Republic of Moldova"),
        C("ME", "黑山", "Montenegro"),
        C("MF", "法属圣马丁", "Saint Martin (French part)", "Saint Martin"),
        C("MG", "马达加斯加", "Madagascar"),
        C("MH", "马绍尔群岛", "Marshall Islands"),
        C("MK", "北马其顿", "North Macedonia", "马其顿", "Macedonia"),
        C("ML", "马里", "Mali"),
        C("MM", "缅甸", "Myanmar", "Burma"),
        C("MN", "蒙古国", "Mongolia", "蒙古"),
        C("MO", "中国澳门", "Macao, China", "澳门", "澳门特别行政区", "中国澳门特别行政区", "Macao", "Macau", "Macao SAR"),
        C("MP", "北马里亚纳群岛", "Northern Mariana Islands"),
        C("MQ", "马提尼克", "Martinique"),
        C("MR", "毛里塔尼亚", "Mauritania"),
        C("MS", "蒙特塞拉特", "Montserrat"),
        C("MT", "马耳他", "Malta"),
        C("MU", "毛里求斯", "Mauritius"),
        C("MV", "马尔代夫", "Maldives"),
        C("MW", "马拉维", "Malawi"),
        C("MX", "墨西哥", "Mexico"),
        C("MY", "马来西亚", "Malaysia"),
        C("MZ", "莫桑比克", "Mozambique"),
        C("NA", "纳米比亚", "Namibia"),
        C("NC", "新喀里多尼亚", "New Caledonia"),
        C("NE", "尼日尔", "Niger"),
        C("NF", "诺福克岛", "Norfolk Island"),
        C("NG", "尼日利亚", "Nigeria"),
        C("NI", "尼加拉瓜", "Nicaragua"),
        C("NL", "荷兰", "Netherlands", "荷兰王国", "Holland"),
        C("NO", "挪威", "Norway"),
        C("NP", "尼泊尔", "Nepal"),
        C("NR", "瑙鲁", "Nauru"),
        C("NU", "纽埃", "Niue"),
        C("NZ", "新西兰", "New Zealand"),
        C("OM", "阿曼", "Oman"),
        C("PA", "巴拿马", "Panama"),
        C("PE", "秘鲁", "Peru"),
        C("PF", "法属波利尼西亚", "French Polynesia"),
        C("PG", "巴布亚新几内亚", "Papua New Guinea"),
        C("PH", "菲律宾", "Philippines"),
        C("PK", "巴基斯坦", "Pakistan"),
        C("PL", "波兰", "Poland"),
        C("PM", "圣皮埃尔和密克隆", "Saint Pierre and Miquelon"),
        C("PN", "皮特凯恩群岛", "Pitcairn Islands", "Pitcairn"),
        C("PR", "波多黎各", "Puerto Rico"),
        C("PS", "巴勒斯坦", "Palestine", "State of Palestine"),
        C("PT", "葡萄牙", "Portugal"),
        C("PW", "帕劳", "Palau"),
        C("PY", "巴拉圭", "Paraguay"),
        C("QA", "卡塔尔", "Qatar"),
        C("RE", "留尼汪", "Réunion", "Reunion"),
        C("RO", "罗马尼亚", "Romania"),
        C("RS", "塞尔维亚", "Serbia"),
        C("RU", "俄罗斯", "Russia", "俄罗斯联邦", "Russian Federation"),
        C("RW", "卢旺达", "Rwanda"),
        C("SA", "沙特阿拉伯", "Saudi Arabia", "沙特"),
        C("SB", "所罗门群岛", "Solomon Islands"),
        C("SC", "塞舌尔", "Seychelles"),
        C("SD", "苏丹", "Sudan"),
        C("SE", "瑞典", "Sweden"),
        C("SG", "新加坡", "Singapore"),
        C("SH", "圣赫勒拿、阿森松和特里斯坦-达库尼亚", "Saint Helena, Ascension and Tristan da Cunha", "圣赫勒拿", "Saint Helena"),
        C("SI", "斯洛文尼亚", "Slovenia"),
        C("SJ", "斯瓦尔巴和扬马延", "Svalbard and Jan Mayen"),
        C("SK", "斯洛伐克", "Slovakia"),
        C("SL", "塞拉利昂", "Sierra Leone"),
        C("SM", "圣马力诺", "San Marino"),
        C("SN", "塞内加尔", "Senegal"),
        C("SO", "索马里", "Somalia"),
        C("SR", "苏里南", "Suriname"),
        C("SS", "南苏丹", "South Sudan"),
        C("ST", "圣多美和普林西比", "São Tomé and Príncipe", "Sao Tome and Principe"),
        C("SV", "萨尔瓦多", "El Salvador"),
        C("SX", "荷属圣马丁", "Sint Maarten (Dutch part)", "Sint Maarten"),
        C("SY", "叙利亚", "Syria", "阿拉伯叙利亚共和国", "Syrian Arab Republic"),
        C("SZ", "斯威士兰", "Eswatini", "Swaziland"),
        C("TC", "特克斯和凯科斯群岛", "Turks and Caicos Islands"),
        C("TD", "乍得", "Chad"),
        C("TF", "法属南部领地", "French Southern Territories"),
        C("TG", "多哥", "Togo"),
        C("TH", "泰国", "Thailand"),
        C("TJ", "塔吉克斯坦", "Tajikistan"),
        C("TK", "托克劳", "Tokelau"),
        C("TL", "东帝汶", "Timor-Leste", "East Timor"),
        C("TM", "土库曼斯坦", "Turkmenistan"),
        C("TN", "突尼斯", "Tunisia"),
        C("TO", "汤加", "Tonga"),
        C("TR", "土耳其", "Türkiye", "Turkiye", "Turkey"),
        C("TT", "特立尼达和多巴哥", "Trinidad and Tobago"),
        C("TV", "图瓦卢", "Tuvalu"),
        C("TW", "中国台湾", "Taiwan, China", "台湾", "台湾地区", "中国台湾地区", "Taiwan", "Taiwan region"),
        C("TZ", "坦桑尼亚", "Tanzania", "United Republic of Tanzania"),
        C("UA", "乌克兰", "Ukraine"),
        C("UG", "乌干达", "Uganda"),
        C("UM", "美国本土外小岛屿", "United States Minor Outlying Islands"),
        C("US", "美国", "United States", "美利坚合众国", "United States of America", "USA", "America"),
        C("UY", "乌拉圭", "Uruguay"),
        C("UZ", "乌兹别克斯坦", "Uzbekistan"),
        C("VA", "梵蒂冈", "Vatican City", "Holy See", "教廷"),
        C("VC", "圣文森特和格林纳丁斯", "Saint Vincent and the Grenadines"),
        C("VE", "委内瑞拉", "Venezuela"),
        C("VG", "英属维尔京群岛", "British Virgin Islands"),
        C("VI", "美属维尔京群岛", "United States Virgin Islands", "US Virgin Islands"),
        C("VN", "越南", "Viet Nam", "Vietnam"),
        C("VU", "瓦努阿图", "Vanuatu"),
        C("WF", "瓦利斯和富图纳", "Wallis and Futuna"),
        C("WS", "萨摩亚", "Samoa"),
        C("YE", "也门", "Yemen"),
        C("YT", "马约特", "Mayotte"),
        C("ZA", "南非", "South Africa"),
        C("ZM", "赞比亚", "Zambia"),
        C("ZW", "津巴布韦", "Zimbabwe"),
    });
}
