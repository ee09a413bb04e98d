"""Normalising names so that the spellings staff type match the names the registry keeps."""

import re
import unicodedata

from registry.places.resolve import GB_CODE, ISO_CODE

_SPACES = re.compile(r"\s+")
_SAINT = re.compile(r"\b(?:saint|st\.?) ")
# Dots and commas vary freely in English place names ("St. Louis", "Washington, D.C.").
_PUNCTUATION = re.compile(r"[.,'’·・]")
# Administrative suffixes that Chinese sources write or leave out (湖北省 / 湖北, 武汉市 / 武汉).
_ZH_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "省",
    "市",
    "州",
    "县",
    "区",
)
_EN_SUFFIXES = (" province", " sheng", " shi", " city", " state")

# The marker that clears a stored value (a blank cell keeps it). Compared after normalisation, so
# "(CLEAR)" and the full-width "（清除）" work too.
CLEAR_MARKERS = frozenset({"(clear)", "(清除)"})


def normalise(text) -> str:
    """Trim, NFKC (full-width → half-width), case-fold and collapse internal spaces."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    return _SPACES.sub(" ", text).strip().casefold()


def match_keys(text) -> set[str]:
    """Every key a name may be found under: the normalised name, without punctuation, and without
    an administrative suffix."""
    base = normalise(text)
    if not base:
        return set()
    keys = {base, _SPACES.sub(" ", _PUNCTUATION.sub("", base)).strip()}
    # "Saint Louis" / "St. Louis" / "St Louis".
    keys |= {_SAINT.sub("st ", key) for key in keys}
    for key in list(keys):
        for suffix in (*_ZH_SUFFIXES, *_EN_SUFFIXES):
            if key.endswith(suffix) and len(key) > len(suffix) + (1 if suffix in _ZH_SUFFIXES else 2):
                keys.add(key[: -len(suffix)].strip())
                break
    return keys


def is_code(text) -> bool:
    """A province/state code (US-OH, CN-SC) or a GB/T 2260 division code (510100): not a name.
    The gazetteer's resolver reads codes with the same patterns."""
    text = normalise(text)
    return bool(ISO_CODE.fullmatch(text) or GB_CODE.fullmatch(text))


def is_clear_marker(value) -> bool:
    return normalise(value) in CLEAR_MARKERS
