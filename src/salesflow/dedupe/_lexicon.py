"""The words a Chinese or English company name is made of.

Data only: regions (provinces and the larger cities, each city with its
province), industry words and legal forms in both languages, and the
markers of a branch. Every entry is in simplified characters, lower case.
"""

from __future__ import annotations

from types import MappingProxyType

#: Provinces, municipalities, autonomous regions and special administrative regions.
PROVINCES: tuple[str, ...] = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏",
    "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南",
    "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古", "广西", "西藏",
    "宁夏", "新疆", "香港", "澳门",
)  # fmt: skip

_CITIES: dict[str, tuple[str, ...]] = {
    "广东": ("广州", "深圳", "东莞", "佛山", "珠海", "中山", "惠州", "江门", "汕头", "湛江"),
    "江苏": ("南京", "苏州", "无锡", "常州", "南通", "扬州", "徐州", "镇江", "泰州", "昆山"),
    "浙江": ("杭州", "宁波", "温州", "绍兴", "嘉兴", "台州", "金华", "湖州", "义乌"),
    "山东": ("济南", "青岛", "烟台", "潍坊", "淄博", "威海", "临沂", "济宁"),
    "福建": ("福州", "厦门", "泉州", "漳州", "莆田"),
    "辽宁": ("沈阳", "大连", "鞍山", "抚顺"),
    "河北": ("石家庄", "唐山", "保定", "廊坊", "邯郸"),
    "河南": ("郑州", "洛阳", "开封", "新乡"),
    "湖北": ("武汉", "宜昌", "襄阳"),
    "湖南": ("长沙", "株洲", "湘潭", "岳阳"),
    "四川": ("成都", "绵阳", "宜宾"),
    "陕西": ("西安", "宝鸡", "咸阳"),
    "安徽": ("合肥", "芜湖", "蚌埠"),
    "江西": ("南昌", "赣州", "九江"),
    "吉林": ("长春",),
    "黑龙江": ("哈尔滨", "大庆"),
    "山西": ("太原", "大同"),
    "云南": ("昆明",),
    "贵州": ("贵阳",),
    "广西": ("南宁", "柳州", "桂林"),
    "海南": ("海口", "三亚"),
    "甘肃": ("兰州",),
    "青海": ("西宁",),
    "宁夏": ("银川",),
    "新疆": ("乌鲁木齐",),
    "西藏": ("拉萨",),
    "内蒙古": ("呼和浩特", "包头"),
}

#: The province of each city named here.
PROVINCE_OF: MappingProxyType[str, str] = MappingProxyType(
    {city: province for province, cities in _CITIES.items() for city in cities}
)

#: Every region name, longest first (so 黑龙江 is tried before a shorter name).
REGIONS: tuple[str, ...] = tuple(sorted({*PROVINCES, *PROVINCE_OF}, key=lambda r: (-len(r), r)))

#: Administrative suffixes that may follow a region name (北京市, 广东省).
REGION_SUFFIXES: tuple[str, ...] = (
    "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市",
)  # fmt: skip

#: English spellings that pinyin does not give.
REGION_ENGLISH: MappingProxyType[str, str] = MappingProxyType(
    {
        "shaanxi": "陕西",
        "hongkong": "香港",
        "macau": "澳门",
        "macao": "澳门",
        "innermongolia": "内蒙古",
        "tibet": "西藏",
        "peking": "北京",
        "canton": "广州",
    }
)

#: Words that name the country rather than a region; dropped from the name.
COUNTRY_WORDS: tuple[str, ...] = ("中国", "中华", "china", "prc")

#: Industry words: a key (English), the Chinese words, the English words.
INDUSTRIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("machinery", ("机械", "机器"), ("machinery", "machine", "machines")),
    ("equipment", ("设备", "装备"), ("equipment",)),
    ("chemical", ("化工", "化学"), ("chemical", "chemicals", "chemistry")),
    ("electronics", ("电子",), ("electronic", "electronics")),
    ("electric", ("电气", "电器", "电力"), ("electric", "electrical", "power")),
    ("technology", ("科技", "技术", "信息技术"), ("technology", "technologies", "tech")),
    ("trading", ("贸易", "商贸", "国际贸易", "进出口"), ("trading", "trade", "import", "export")),
    ("industrial", ("实业", "工业"), ("industrial", "industries", "industry")),
    ("pharmaceutical", ("制药", "医药", "药业"), ("pharmaceutical", "pharmaceuticals", "pharma")),
    ("food", ("食品",), ("food", "foods", "foodstuff")),
    ("textile", ("纺织", "服装", "服饰"), ("textile", "textiles", "garment", "apparel")),
    ("construction", ("建设", "建筑", "建工"), ("construction", "building")),
    ("engineering", ("工程",), ("engineering",)),
    ("logistics", ("物流", "运输", "货运"), ("logistics", "transport", "shipping")),
    ("automotive", ("汽车", "汽配", "汽车配件"), ("automotive", "auto", "motor", "motors")),
    ("energy", ("能源", "新能源"), ("energy",)),
    ("environmental", ("环保", "环境"), ("environmental", "environment")),
    ("materials", ("材料", "新材料"), ("material", "materials")),
    ("steel", ("钢铁", "钢材"), ("steel",)),
    ("metal", ("金属", "五金"), ("metal", "metals", "hardware")),
    ("plastics", ("塑料", "塑胶"), ("plastic", "plastics")),
    ("packaging", ("包装",), ("packaging", "package")),
    ("printing", ("印刷",), ("printing",)),
    ("furniture", ("家具",), ("furniture",)),
    ("software", ("软件",), ("software",)),
    ("network", ("网络",), ("network", "networks")),
    ("communication", ("通信", "通讯"), ("communication", "communications", "telecom")),
    ("investment", ("投资",), ("investment", "investments")),
    ("consulting", ("咨询", "顾问"), ("consulting", "consultancy", "advisory")),
    ("real_estate", ("房地产", "地产", "置业"), ("realestate", "property", "properties")),
    ("agriculture", ("农业", "农牧"), ("agriculture", "agricultural")),
    ("biotech", ("生物", "生物科技"), ("bio", "biotech", "biotechnology", "biological")),
    ("instruments", ("仪器", "仪表"), ("instrument", "instruments")),
    ("precision", ("精密",), ("precision",)),
    ("heavy_industry", ("重工",), ("heavy",)),
    ("electromechanical", ("机电",), ("electromechanical", "mechanical", "mechatronics")),
    ("optoelectronics", ("光电",), ("optoelectronic", "optoelectronics", "photonics")),
    ("semiconductor", ("半导体",), ("semiconductor", "semiconductors")),
    ("media", ("传媒", "文化"), ("media", "culture")),
    ("education", ("教育",), ("education",)),
    ("manufacturing", ("制造",), ("manufacturing", "manufacture")),
    ("automation", ("自动化",), ("automation",)),
    ("smart", ("智能",), ("smart", "intelligent")),
    ("medical", ("医疗", "医疗器械"), ("medical", "healthcare")),
)

#: Chinese industry word -> key, longest word first.
INDUSTRY_ZH: MappingProxyType[str, str] = MappingProxyType(
    dict(
        sorted(
            ((w, key) for key, zh, _ in INDUSTRIES for w in zh),
            key=lambda item: (-len(item[0]), item[0]),
        )
    )
)
#: English industry word -> key.
INDUSTRY_EN: MappingProxyType[str, str] = MappingProxyType(
    {w: key for key, _, en in INDUSTRIES for w in en}
)

#: Chinese legal forms (longest first) and their kind.
LEGAL_ZH: MappingProxyType[str, str] = MappingProxyType(
    {
        "集团股份有限公司": "group",
        "集团有限责任公司": "group",
        "集团有限公司": "group",
        "股份有限公司": "joint_stock",
        "有限责任公司": "limited",
        "股份公司": "joint_stock",
        "有限公司": "limited",
        "总公司": "head_office",
        "集团公司": "group",
        "集团": "group",
        "公司": "company",
        "商行": "firm",
        "工厂": "factory",
        "厂": "factory",
    }
)

#: English legal forms as token sequences (longest first) and their kind.
LEGAL_EN: tuple[tuple[tuple[str, ...], str], ...] = (
    (("group", "co", "ltd"), "group"),
    (("group", "company", "limited"), "group"),
    (("company", "limited"), "limited"),
    (("co", "limited"), "limited"),
    (("co", "ltd"), "limited"),
    (("l", "l", "c"), "limited"),
    (("pte", "ltd"), "limited"),
    (("pty", "ltd"), "limited"),
    (("joint", "stock", "co"), "joint_stock"),
    (("holdings", "limited"), "group"),
    (("holdings", "ltd"), "group"),
    (("limited",), "limited"),
    (("ltd",), "limited"),
    (("llc",), "limited"),
    (("gmbh",), "limited"),
    (("inc",), "joint_stock"),
    (("incorporated",), "joint_stock"),
    (("corp",), "joint_stock"),
    (("corporation",), "joint_stock"),
    (("plc",), "joint_stock"),
    (("ag",), "joint_stock"),
    (("sa",), "joint_stock"),
    (("group",), "group"),
    (("holdings",), "group"),
    (("company",), "company"),
    (("co",), "company"),
    (("factory",), "factory"),
)

#: Chinese markers of a branch, longest first.
BRANCH_ZH: tuple[str, ...] = (
    "分公司", "办事处", "代表处", "营业部", "分厂", "分店", "分部", "分社",
)  # fmt: skip

#: English markers of a branch, as token sequences.
BRANCH_EN: tuple[tuple[str, ...], ...] = (
    ("representative", "office"),
    ("rep", "office"),
    ("branch", "office"),
    ("branch", "company"),
    ("branch",),
)
