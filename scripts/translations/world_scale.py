"""Simplified Chinese for the world-scale lists: capped counts, the region field, paged place
pages, the admin's link to a pair's activities."""

T = {
    "More than %(counter)s pairs found: the list shows the first %(counter)s; search or filter to narrow it.": "找到超过 %(counter)s 对结好关系：列表只显示前 %(counter)s 对；请搜索或筛选以缩小范围。",
    "More than %(counter)s activities found: the list shows the first %(counter)s; filter by category, year or place to narrow it.": "找到超过 %(counter)s 项活动：列表只显示前 %(counter)s 项；请按类别、年份或地点筛选以缩小范围。",
    "No province or state is called “%(name)s”. Type its English or Chinese name.": "没有名为“%(name)s”的省或州。请输入其英文或中文名称。",
    (
        "And %(counter)s more place with pairs: search the pair list by this province or state to see them all.",
        0,
    ): "另有 %(counter)s 个有结好关系的地方：在结好关系列表中按此省或州筛选即可全部查看。",
    "Exchange activities": "交流活动",
    ("%(count)d exchange activity", 0): "%(count)d 项交流活动",
    "Save the pairing first; then link activities to it from each activity's page.": "请先保存此结好关系，然后在各活动的页面上将活动关联到它。",
}
