"""Chinese word segmentation for search: rjieba (jieba-rs) plus Zhiku's domain dictionary.

The segmenter is built once, on first use, so opening the knowledge base stays cheap.
Text is normalised the same way on both sides of a search (`normalize`): NFKC folds
full-width letters, digits and punctuation (１９．１％ → 19.1%), then letters are lower-cased.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from typing import TYPE_CHECKING

from desktop_app.core.paths import resource_path

if TYPE_CHECKING:  # imported on first use (see segmenter)
    from rjieba import Jieba

USER_DICT = ("dict", "user_dict.txt")

_lock = threading.Lock()
_jieba: Jieba | None = None
# A word worth indexing (or a query term worth searching for) has at least one letter,
# digit or CJK character, not just punctuation.
WORDY = re.compile(r"\w")


def _load_user_dict(jieba: Jieba) -> int:
    """Add each `word [freq] [tag]` line of the domain dictionary; returns how many words."""
    path = resource_path(*USER_DICT)
    if not path.exists():
        return 0
    count = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        jieba.add_word(normalize(parts[0]), freq, tag)
        count += 1
    return count


def segmenter() -> Jieba:
    """The shared rjieba segmenter with the domain dictionary (loaded once, thread-safe)."""
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
                import rjieba

                jieba = rjieba.Jieba()
                _load_user_dict(jieba)
                _jieba = jieba
    return _jieba


def normalize(text: str) -> str:
    """Fold full-width forms and compatibility characters (NFKC) and lower-case letters."""
    return unicodedata.normalize("NFKC", text).lower()


def normalize_with_map(text: str) -> tuple[str, list[int] | None]:
    """`normalize(text)` and, when lengths differ, the original offset of each output character.

    None as the map means offsets are unchanged (the usual case for Chinese text)."""
    folded = normalize(text)
    if len(folded) == len(text):
        return folded, None
    pieces, offsets = [], []
    for index, char in enumerate(text):
        piece = normalize(char)
        pieces.append(piece)
        offsets.extend([index] * len(piece))
    offsets.append(len(text))
    return "".join(pieces), offsets


def words(text: str, *, search: bool = False) -> list[str]:
    """The words of already-normalised text, without white space and lone punctuation.

    `search=True` (for indexing) also yields the dictionary words inside long words
    (网格 and 网格员 for 网格员), so a query for the shorter word finds them as words."""
    jieba = segmenter()
    cut = jieba.cut_for_search(text, True) if search else jieba.cut(text, True)
    return [w for w in cut if w.isalnum() or WORDY.search(w)]


def word_counts(text: str) -> Counter[str]:
    """How often each word of `words(normalize(text), search=True)` occurs, the words in
    their order of first occurrence: what the word index holds for a section
    (core/word_index.py). Counted first, so that the test of a word worth indexing runs
    once per distinct word."""
    counts = Counter(segmenter().cut_for_search(normalize(text), True))
    for word in [w for w in counts if not (w.isalnum() or WORDY.search(w))]:
        del counts[word]
    return counts


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Words of already-normalised text with their [start, end) character offsets."""
    return [t for t in segmenter().tokenize(text, "default", True) if WORDY.search(t[0])]
