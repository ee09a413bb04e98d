"""Simplified Chinese for the evidence-strength field of a pairing and its badge."""

T = {
    "Confirmed by an official source": "有官方来源证实",
    "Reported in the news": "见于新闻报道",
    "Only on a list": "仅见于名录",
    "evidence": "证据强度",
    "Evidence": "证据强度",
    "Not assessed": "尚未评估",
    "The strongest source for the pair: an official page (government, association or the agreement), a news report, or only a list such as Wikipedia. Blank: not assessed.": "该结好关系最有力的来源：官方页面（政府、友好协会或协议本身）、新闻报道，或仅见于维基百科等名录。留空表示尚未评估。",
}
