"""Fill msgstr in a .po file from the translation dicts, then compile the .mo beside it.

    python scripts/apply_translations.py registry/locale/zh_Hans/LC_MESSAGES/django.po \
        scripts/translations/*.py

Each file in scripts/translations/ defines `T`, a dict mapping msgid -> msgstr; (msgctxt, msgid)
for a message with context; (msgid, 0) for a plural message (one Chinese form serves every count).
The dicts are the reviewed source of the Chinese text, one file per area of the app, so that work
on different areas merges cleanly; the .po/.mo are regenerated from code + dicts (`make messages`).
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
        if "fuzzy" in entry.flags:
            # A fuzzy msgstr is gettext's guess from a similar msgid ("Country" -> the text of
            # "County"): never ship it; only the reviewed dicts may fill this entry.
            entry.msgstr = ""
            entry.msgstr_plural = {0: ""} if entry.msgid_plural else {}
        if entry.msgid_plural:
            text = translations.get((entry.msgid, 0))
            if text:
                entry.msgstr_plural = {0: text}
            if not entry.msgstr_plural.get(0):
                missing.append(entry.msgid)
        else:
            if key in translations:
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
