"""The keys a written place name is looked up under, so that every way staff and visitors write a
place finds it: either script (Traditional → Simplified by OpenCC), pinyin with or without tones
and spaces (pypinyin), missing accents (anyascii), full-width characters (NFKC), ’ and ',
St / St. / Saint, and with or without an administrative suffix (湖北省 / 湖北, Wuhou District /
Wuhou)."""

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Kana and Hangul: a Japanese or Korean name among GeoNames' alternates is not a Chinese name.
NOT_CHINESE = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uac00-\ud7af]")
_NON_ALNUM = re.compile(r"[^\w]+")
_SAINT = re.compile(r"\b(?:saint|st|ste|sainte)\b")
# Longest first: 维吾尔自治区 must go before 自治区 and 区.
ZH_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "林区",
    "新区",
    "省",
    "市",
    "州",
    "盟",
    "县",
    "区",
    "旗",
)
EN_SUFFIXES = (
    " special administrative region",
    " autonomous region",
    " autonomous prefecture",
    " autonomous county",
    " prefecture",
    " province",
    " district",
    " county",
    " borough",
    " parish",
    " sheng",
    " city",
    " town",
    " shi",
    " qu",
    " xian",
    " state",
)


# opencc's and pypinyin's dictionaries take ~80 MB and a second to load: only a process that
# matches names pays for them (not the task worker writing downloads, nor every web process).
@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def has_han(text) -> bool:
    return bool(HAN.search(text or ""))


def is_chinese_name(text) -> bool:
    """Han characters only (no kana or hangul, no Latin letters)."""
    return has_han(text) and not NOT_CHINESE.search(text) and not re.search(r"[A-Za-z]", text)


@lru_cache(maxsize=65536)
def simplified(text: str) -> str:
    return _t2s().convert(text) if has_han(text) else text


def clean(text) -> str:
    """NFKC (full-width → half-width), trimmed, inner spaces collapsed."""
    if text is None:
        return ""
    return " ".join(unicodedata.normalize("NFKC", str(text)).split())


@lru_cache(maxsize=262144)
def fold(text: str) -> str:
    """Case, accents, script and punctuation folded, spaces kept: "St. Louis" → "saint louis",
    "Ürümqi" → "urumqi", "烏魯木齊" → "乌鲁木齐", "Xi’an" → "xian"."""
    text = clean(text)
    text = simplified(text) if has_han(text) else anyascii(text)
    text = text.casefold().replace("'", "").replace("’", "")
    text = " ".join(_NON_ALNUM.sub(" ", text).split())
    return _SAINT.sub("saint", text)


def compact(text: str) -> str:
    """The folded name without spaces, so "Cheng du", "Chengdu" and "Chéngdū" meet."""
    return fold(text).replace(" ", "")


def strip_suffix(folded: str) -> str:
    """The folded name without one administrative suffix, or "" when it has none (or would be
    left too short: 沙市 stays 沙市)."""
    # One tuple test first: most names have no suffix, and this runs for every gazetteer name.
    if folded.endswith(ZH_SUFFIXES):
        for suffix in ZH_SUFFIXES:
            if folded.endswith(suffix) and len(folded) >= len(suffix) + 2:
                return folded[: -len(suffix)]
    elif folded.endswith(EN_SUFFIXES):
        for suffix in EN_SUFFIXES:
            if folded.endswith(suffix) and len(folded) > len(suffix) + 2:
                return folded[: -len(suffix)]
    return ""


def keys(name, *, with_pinyin=True) -> tuple[set[str], set[str]]:
    """(exact keys, loose keys) of a name: exact keys find it as written; loose keys without its
    administrative suffix (a weaker match, used only when no exact key matches)."""
    folded = fold(name)
    if not folded:
        return set(), set()
    exact = {folded.replace(" ", "")}
    loose = set()
    stripped = strip_suffix(folded)
    if folded.startswith("the ") and len(folded) > 6:  # The Bronx / Bronx
        loose.add(folded[4:].replace(" ", ""))
    if stripped:
        loose.add(stripped.replace(" ", ""))
    if with_pinyin and has_han(folded):
        exact.add(pinyin(folded))
        if stripped:
            loose.add(pinyin(stripped))
    return exact, loose - exact


def pinyin(text: str) -> str:
    """Toneless pinyin without spaces, ü as u (旅顺口 → lushunkou)."""
    from pypinyin import lazy_pinyin

    return anyascii("".join(lazy_pinyin(text, v_to_u=True))).casefold()


def romanise(chinese_name: str) -> str:
    """The English form of a Chinese place name GeoNames lacks: pinyin of the name proper, with
    its designation in English (武侯区 → Wuhou District, 阿坝藏族羌族自治州 → Abazangzuqiangzu
    Autonomous Prefecture)."""
    endings = {
        "自治州": " Autonomous Prefecture",
        "自治县": " Autonomous County",
        "自治旗": " Autonomous Banner",
        "林区": " Forestry District",
        "新区": " New Area",
        "地区": " Prefecture",
        "区": " District",
        "县": " County",
        "旗": " Banner",
        "盟": " League",
        "市": "",
    }
    name, ending = chinese_name, ""
    for suffix, english in endings.items():
        if name.endswith(suffix) and len(name) > len(suffix):
            name, ending = name[: -len(suffix)], english
            break
    return pinyin(name).capitalize() + ending


def romanised_keys(chinese_name: str) -> set[str]:
    """The compact pinyin of a Chinese name with and without its suffix and with its English
    designation (西安区 → xianqu, xian, xiandistrict)."""
    found = {compact(romanise(chinese_name)), pinyin(chinese_name)}
    stripped = strip_suffix(chinese_name)
    if stripped:
        found.add(pinyin(stripped))
    return found
