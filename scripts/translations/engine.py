"""Simplified Chinese for the spreadsheet engine: the import service, the import command and the
partner-seeking sheet."""

T = {
    "Written as import #%(number)s.": "已写入，导入编号 #%(number)s。",
    "Every row is unchanged: nothing was written.": "所有行均无变化：未写入任何内容。",
    # The partner-seeking sheet's columns.
    "ISO code (CN) or name (China, 中国) of the place": "该地方所在国家的 ISO 代码（CN）或名称（China、中国）",
    "its province/state, in either language, or the ISO 3166-2 code": "其所在省州，中英文均可，或 ISO 3166-2 代码",
    "its city/county; blank for a province or state": "其城市/县；省州本身则留空",
    "countries wanted, ISO codes or names, comma-separated": "意向国家，ISO 代码或名称，用逗号分隔",
    "trade, investment, culture, education…, separated by commas": "贸易、投资、文化、教育……，用逗号分隔",
    "a short profile in English": "简短的英文简介",
    "the profile in Chinese": "中文简介",
    "a whole number, from an official count": "整数，来自官方统计",
    "the day of that count, e.g. 2020-11-01": "该统计的日期，例如 2020-11-01",
    "area in square kilometres": "面积（平方公里）",
    "the day the area was stated": "面积公布的日期",
    "the place's web address": "该地方的网址",
    "the office to write to": "联系的办公室",
    "yes only for an office's published contact; default no": "仅当为办公室已公开的联系方式时填 yes；默认 no",
    "open, matched or withdrawn; default open": "open（征集中）、matched（已结对）或 withdrawn（已撤回）；默认 open",
    "Give the exact day, e.g. 2020-11-01.": "请给出确切日期，例如 2020-11-01。",
    "Write yes or no.": "请填写 yes 或 no。",
    "Row %(row)s and row %(other)s are the same place's profile: keep one.": "第 %(row)s 行与第 %(other)s 行是同一地方的征友信息：请只保留一行。",
    "Can import partner-seeking profiles from a spreadsheet": "可从表格导入征友信息",
}
