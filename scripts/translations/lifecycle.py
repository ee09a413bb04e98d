"""Simplified Chinese for a pair's lifecycle (milestones that give its status, tier and end date),
the basis of each date, and the warning before a cited value is replaced."""

T = {
    # Milestone kinds and the basis of a date
    "reclassified": "调整关系类型",
    "agreement signed": "签署协议",
    "council or legislature resolution": "议会或立法机构决议",
    "approved by a government body": "经政府机构批准",
    "ceremony or announcement reported": "据报道的仪式或宣布",
    "date reported, event not stated": "来源仅给出日期，未说明事件",
    "new tier": "新关系类型",
    # Help texts
    "Active only when a source shows recent activity; unknown when no source confirms the current state. Suspended and ended follow from the pair's milestones: record a suspension, resumption or end as a milestone with its date and source.": "仅当有来源显示近期活动时才标为“活跃”；无来源确认现状时为“未知”。“暂停”和“已终止”由历程节点决定：请将暂停、恢复或终止记录为带日期和来源的历程节点。",
    "What happened on the establishment date, as its source says. Blank: not known.": "据来源，结好日期当天发生了什么。留空表示不详。",
    "What happened on this date, as the source says. Blank: not known.": "据来源，该日期发生了什么。留空表示不详。",
    "For a reclassification only: the tier the pair has from this date.": "仅用于调整关系类型：自该日期起的关系类型。",
    "Suspended and ended follow from milestones: record them on each pair.": "“暂停”和“已终止”由历程节点决定：请在各结好关系中记录。",
    "A pair reclassified by a milestone keeps the tier of its latest reclassification.": "已由历程节点调整类型的结好关系，保持其最近一次调整后的类型。",
    '– (from an "ended" milestone, when there is one)': "–（如有“已终止”历程节点，取自该节点）",
    # Errors
    "A reclassification, and only a reclassification, has a new tier.": "只有“调整关系类型”节点才有新关系类型，且必须填写。",
    "Choose the tier the pair was reclassified to.": "请选择调整后的关系类型。",
    "Only a reclassification has a new tier: leave it blank.": "只有“调整关系类型”节点才有新关系类型：请留空。",
    "A renewal, reclassification, suspension, resumption or end needs its date (a year will do): the pair's status and tier follow the latest one.": "续签、调整类型、暂停、恢复或终止须填写日期（年份即可）：结好关系的状态和类型以最近的节点为准。",
    "This step is dated before the pair was established (%(date)s).": "该节点的日期早于结好日期（%(date)s）。",
    "The status you chose (%(chosen)s) is not what the milestones give (%(derived)s). A suspension, resumption or end is recorded as a milestone with its date and source; the status follows from the latest one.": "所选状态（%(chosen)s）与历程节点得出的状态（%(derived)s）不符。暂停、恢复或终止应记录为带日期和来源的历程节点，状态以最近的节点为准。",
    'The tier you chose (%(chosen)s) is not the tier of the latest reclassification (%(derived)s). Record the change as a "reclassified" milestone with its date, new tier and source.': "所选关系类型（%(chosen)s）与最近一次调整后的类型（%(derived)s）不符。请将此变更记录为“调整关系类型”历程节点，并填写日期、新类型和来源。",
    # Replacing a cited value
    "Replace a cited value": "替换有来源的值",
    "Tick to confirm a save that changes or clears a value its source gives.": "勾选以确认修改或清除来源所给出的值。",
    'This replaces a cited value: %(old)s → %(new)s. The source (%(source)s) gives %(old)s, not the new value. Add the new value\'s source, or tick "Replace a cited value" and save again to confirm.': "此操作将替换有来源的值：%(old)s → %(new)s。来源（%(source)s）给出的是 %(old)s，而非新值。请添加新值的来源，或勾选“替换有来源的值”后再次保存以确认。",
    "nothing": "空",
    # The public pair page
    "(reclassified %(date)s)": "（%(date)s 调整类型）",
    "(basis: %(basis)s)": "（依据：%(basis)s）",
    "(%(kind)s %(date)s, see the history below)": "（%(date)s %(kind)s，见下方历程）",
    "reclassified as %(tier)s": "调整为%(tier)s",
    "source: %(host)s": "来源：%(host)s",
}
