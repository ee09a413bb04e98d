"""Simplified Chinese for anniversaries and the Atom feeds."""

T = {
    "Anniversaries": "周年纪念",
    "Next round anniversary": "下一个整数周年",
    "%(years)s years, %(date)s": "%(years)s 周年，%(date)s",
    "China–US sister pairs that reach a round anniversary (5, 10, 15 … years) this year or next.": "今年或明年迎来整数周年（5、10、15……周年）的中美结好关系。",
    "Round anniversaries of sister pairs": "结好关系的整数周年",
    "Pairs that reach a round anniversary this year or next, counted from the date of establishment at the precision it is known. Chinese practice celebrates every tenth anniversary.": "今年或明年迎来整数周年的结好关系，按已知精度的结好日期计算。中方通常每逢十周年举行纪念。",
    "Atom feed": "Atom 订阅",
    "tenth anniversary": "逢十周年",
    "No round anniversary of a dated pair.": "没有已知日期的结好关系迎来整数周年。",
    "Pairs that reach 5, 10, 15 … years this year or next.": "今年或明年迎来 5、10、15……周年的结好关系。",
    "%(pair)s: %(years)s years on %(date)s": "%(pair)s：%(date)s %(years)s 周年",
    "New and changed sister pairs": "新增和更新的结好关系",
    "Published pairs, the most recently added or changed first.": "已发布的结好关系，最近新增或更新的在前。",
    "Added to the registry.": "已收入本名录。",
    "Changed in the registry.": "本名录中的记录已更新。",
}
