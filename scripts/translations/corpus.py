"""Simplified Chinese for the messages added with the corpus of bad inputs (tests/data/bad/)."""

T = {
    "The file contains NUL characters: it is binary, or UTF-16 without a byte-order mark. Save it as UTF-8 CSV or as XLSX.": "文件含有 NUL 字符：它是二进制文件，或是不带字节顺序标记（BOM）的 UTF-16 文件。请另存为 UTF-8 CSV 或 XLSX。",
    "The file is not in a text encoding the registry reads: it mixes encodings (UTF-8 and GBK?). Save it as UTF-8 CSV or as XLSX.": "文件的文本编码无法读取：它混用了多种编码（UTF-8 与 GBK？）。请另存为 UTF-8 CSV 或 XLSX。",
    "The file has no rows under its header row (row %(row)s): nothing to import.": "文件的表头行（第 %(row)s 行）下没有数据行：没有可导入的内容。",
    "This cell contains the control character U+%(code)04X: remove it.": "此单元格含有控制字符 U+%(code)04X：请将其删除。",
    "The filters in the address are not valid; nothing was exported.": "地址中的筛选条件无效：未导出任何内容。",
}
