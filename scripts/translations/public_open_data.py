"""Simplified Chinese for the data dictionary page."""

T = {
    "Data dictionary": "数据字典",
    "Every column of the registry's downloads (pairings, places, activities) and what it means, with a machine-readable Data Package.": "本名录下载文件（结好关系、地方、交流活动）的每一列及其含义，并附机器可读的数据包。",
    "Version of the data: %(date)s (its last change).": "数据版本：%(date)s（最近一次更改）。",
    "Licence: CC BY-SA 4.0.": "许可协议：CC BY-SA 4.0。",
    "The same as a Frictionless Data Package (datapackage.json)": "同样内容的 Frictionless 数据包（datapackage.json）",
    "Column": "列",
    "Chinese header": "中文列名",
    "Meaning": "含义",
    "Required": "必填",
    "yes": "是",
    "no": "否",
    "Data dictionary: every column and what it means": "数据字典：每一列及其含义",
}
