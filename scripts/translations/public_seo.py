"""Simplified Chinese for what search engines and sharing read (descriptions, the share image's
alt text), the 404 and 500 pages and "Cite this record"."""

T = {
    "A public registry of the sister relationships between Chinese and US provinces, states and cities: dates, status, activities and sources, in English and Chinese.": "中美友好省州与友好城市关系的公开名录：结好日期、现状、交流活动与来源，提供中英文两种语言。",
    "Sister-pairs registry: China–US sister provinces, states and cities": "友好省州与友好城市名录：中美友好省州与友好城市",
    (
        "The registry of China–US sister relationships: %(total)s published pair (%(ps)s province–state, %(city)s city) with its dates, status, activities and sources.",
        0,
    ): "中美友好关系名录：已发布 %(total)s 对结好关系（友好省州 %(ps)s 对，友好城市 %(city)s 对），附结好日期、现状、交流活动与来源。",
    (
        "%(counter)s China–US sister pair: search by place in English or Chinese, filter by kind, status and year, and download the list.",
        0,
    ): "%(counter)s 对中美结好关系：可用中文或英文地名搜索，按类型、现状和年份筛选，并下载列表。",
    "%(a)s (%(a_country)s) and %(b)s (%(b_country)s): %(kind)s, status: %(status)s.": "%(a)s（%(a_country)s）与%(b)s（%(b_country)s）：%(kind)s，现状：%(status)s。",
    "Established %(date)s.": "结好于%(date)s。",
    "Its history, activities and sources.": "附历史、交流活动与来源。",
    (
        "%(place)s (%(designation)s, %(country)s): %(counter)s sister pair, with its dates, status and sources.",
        0,
    ): "%(place)s（%(designation)s，%(country)s）：%(counter)s 对结好关系，附结好日期、现状与来源。",
    "Exchange activities of China–US sister provinces, states and cities: trade, culture, education, delegations and more, with their sources.": "中美友好省州与友好城市的交流活动：经贸、文化、教育、代表团互访等，附来源。",
    "An exchange activity of China–US sister pairs, with its sources.": "中美结好关系的一项交流活动，附来源。",
    "Map of the China–US sister pairs: each pair is an arc between its two places, with the list of pairs beside it.": "中美结好关系地图：每对关系以两地之间的弧线表示，旁附关系列表。",
    (
        "Statistics of %(total)s China–US sister pair: by kind, status, year, decade, province, state and activity category.",
        0,
    ): "%(total)s 对中美结好关系的统计：按类型、现状、年份、年代、省份、州和活动类别。",
    "Download the China–US sister pairs registry as CSV, XLSX, JSON or GeoJSON, or read it through the JSON API; licence and sources.": "以 CSV、XLSX、JSON 或 GeoJSON 格式下载中美结好关系名录，或通过 JSON API 读取；许可协议与来源。",
    "Page not found": "页面没有找到",
    "There is no page at this address in the sister-pairs registry.": "友好省州与友好城市名录中没有这个网址的页面。",
    "There is no page at this address. A pair or place that is not published yet has no public page.": "这个网址没有页面。尚未发布的结好关系或地方没有公开页面。",
    "Cite this record": "引用本记录",
    "Permanent link": "永久链接",
    "Suggested citation": "建议引用格式",
    "“%(name)s”. %(site)s. %(permalink)s (accessed %(today)s).": "“%(name)s”，%(site)s，%(permalink)s（%(today)s 访问）。",
}
