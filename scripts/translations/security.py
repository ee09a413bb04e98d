"""Simplified Chinese for the messages added when the holes found by the attack were closed."""

T = {
    "The selected records could not be read. Nothing was changed: select them again.": "无法读取所选记录。未做任何更改：请重新选择。",
    "%(value)s is a code, not a place name: write the name of the city (a province/state code belongs in the province/state column).": "%(value)s 是代码，不是地名：请填写城市名称（省/州代码应填在省/州列）。",
    "Make the date less precise": "使日期不够精确",
    "Tick to confirm a save that makes a date less precise or clears it.": "勾选以确认保存会使日期不够精确或清除日期的更改。",
    'This makes the date less precise: %(old)s → %(new)s. What is known now would be lost. Tick "Make the date less precise" and save again to confirm.': "此更改会使日期将变得不够精确：%(old)s → %(new)s。现有信息将会丢失。请勾选“使日期不够精确”并再次保存以确认。",
    "no date": "无日期",
}
T.update(
    {
        "keep": "保持不变",
        "not published": "未发布",
        "Edit status, tier or publication of selected pairings": "编辑所选结对的状态、级别或发布",
        "Edit selected records": "编辑所选记录",
        'Nothing to change: every field was left at "keep".': "没有要更改的内容：所有字段都保持不变。",
        (
            'Set the fields below on the %(count)s selected record. A field left at "keep" is not changed.',
            0,
        ): "将以下字段设置到所选的 %(count)s 条记录上。保持“保持不变”的字段不会更改。",
        "Save the changes": "保存更改",
        "Cancel": "取消",
    }
)
