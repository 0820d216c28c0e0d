"""The Chinese words readers see in quotation marks, made mechanically from the ledger.

The ledger (data/raw/facts.csv, policy_events.csv) keeps every quote exactly as the copy that was
read printed it, so it can be found in that copy. Readers see a display form made from it by two
steps and nothing else:

1. converter glosses removed: a tool that turned three of the copies into traditional characters
   wrote the pinyin of some characters after them, 訓(xùn)練 for 訓練; the pinyin is not the text;
2. simplified characters, by OpenCC's traditional-to-simplified table (not a hand table).

A copy that was machine-reworded (China News Weekly's, where 人工智能 reads 東談主工智能) is never
shown as anyone's words: where the original wording of a passage was read in a repost of the
original, the ledger records it (quote_original, quote_original_url) and that is shown; otherwise
the fact is given in English with its citation and no Chinese quotation.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

# Pinyin in parentheses right after a Chinese character: 訓(xùn), 數(shù), 產(chǎn). Lower-case letters,
# ü and the tone-marked vowels (U+00E0-U+01DC hold à á è é ì í ò ó ù ú ā ē ě ī ō ū ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ).
GLOSS = re.compile(r"(?<=[\u3400-\u9fff])\([a-z\u00e0-\u01dc]{1,7}\)")

# Words the rewording tool put in place of the magazine's own, as the copy prints them, with what
# the original has. Each is a form no Chinese writer would use for the original meaning, so any of
# them inside a quotation means reworded text is being shown as someone's words.
REWORDED_FORMS = {
    "東談主": "人",          # 人工智能 -> 東談主工智能, 机器人 -> 機器東談主
    "鴻溝": "规模 / 领域",
    "交游所": "交易所",
    "場所政府": "地方政府",
    "淡薄": "提出",
    "披發": "发放",
    "迥殊": "超过",
    "行為有計劃": "行动方案",
    "時尚城市": "先锋城市",
    "大模子": "大模型",
    "腹地化": "本地化",
    "集會東": "集聚人",
}


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def strip_glosses(text: str) -> str:
    """訓(xùn)練 -> 訓練: removes the converter's pinyin and nothing else."""
    return GLOSS.sub("", text)


def simplified(text: str) -> str:
    """Traditional to simplified characters (OpenCC t2s); simplified text passes unchanged."""
    return _converter().convert(text)


def display_form(text: str) -> str:
    """What a reader sees for a verbatim quote: glosses removed, then simplified characters."""
    return simplified(strip_glosses(text))


@lru_cache(maxsize=1)
def _reworded_variants() -> tuple[str, ...]:
    forms = set(REWORDED_FORMS)
    forms |= {simplified(strip_glosses(f)) for f in REWORDED_FORMS}
    # The copy writes some of these with glosses inside them (披發(fā)); match the stripped text.
    return tuple(sorted(forms))


def problems(text: str) -> list[str]:
    """Why this text may not be shown inside quotation marks (empty when it may)."""
    found = [f"converter gloss {m.group(0)!r}" for m in GLOSS.finditer(text)]
    bare = strip_glosses(text)
    found += [f"machine-reworded form {form!r}" for form in _reworded_variants() if form in bare]
    return found


def shown_quote(quote: str, reworded_copy: bool, original: str = "") -> str:
    """The Chinese a page may print for a ledger row, or '' when it must print none.

    quote: the ledger's verbatim quote from the copy read; reworded_copy: that copy was
    machine-reworded; original: the passage's original wording, read in a repost, if recorded."""
    if original:
        text = display_form(original)
    elif reworded_copy:
        return ""
    else:
        text = display_form(quote)
    bad = problems(text)
    if bad:
        raise ValueError(f"quote {text!r} cannot be shown: {'; '.join(bad)}")
    return text
