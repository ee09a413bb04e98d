"""Simplified Chinese for the spreadsheet engine: the import service and the import command."""

T = {
    "Written as import #%(number)s.": "已写入，导入编号 #%(number)s。",
    "Every row is unchanged: nothing was written.": "所有行均无变化：未写入任何内容。",
}
