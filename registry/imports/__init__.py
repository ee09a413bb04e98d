"""Reading staff spreadsheets: decoding, limits, dates, names, place matching, and the import plan
that previews and then writes a whole file at once. See README.md, "Spreadsheet import and export"."""
