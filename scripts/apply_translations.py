"""Fill msgstr in a .po file from a Python dict file, then compile the .mo beside it.

    python scripts/apply_translations.py registry/locale/zh_Hans/LC_MESSAGES/django.po T.py

The dict maps msgid -> msgstr; (msgctxt, msgid) for a message with context; (msgid, 0) for a
plural message (one Chinese form serves every count). Entries already translated are kept.
"""

import runpy
import sys

import polib


def main(po_path, *dict_paths):
    translations = {}
    for path in dict_paths:
        translations.update(runpy.run_path(path)["T"])
    po = polib.pofile(po_path)
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid) if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            text = translations.get((entry.msgid, 0))
            if text and not entry.msgstr_plural.get(0):
                entry.msgstr_plural = {0: text}
            if not entry.msgstr_plural.get(0):
                missing.append(entry.msgid)
        else:
            if key in translations and not entry.msgstr:
                entry.msgstr = translations[key]
            if not entry.msgstr:
                missing.append(entry.msgid)
        if "fuzzy" in entry.flags and (entry.msgstr or entry.msgstr_plural.get(0)):
            entry.flags.remove("fuzzy")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Language"] = "zh_Hans"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()
    po.save_as_mofile(po_path[:-3] + ".mo")
    for msgid in missing:
        print("untranslated:", msgid)
    print(f"{len(po.translated_entries())} translated, {len(missing)} missing")


if __name__ == "__main__":
    main(*sys.argv[1:])
