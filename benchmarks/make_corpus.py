"""Generate a synthetic corpus of Chinese press releases for the benchmarks.

Each release recombines real sections from the bundled seed (`seeds/`) and the releases
copied into `benchmarks/source/`: sections are shuffled between documents, figures are
perturbed, the city and province are swapped from a small list, and headings are renumbered
in the styles real releases use (一、 （一） 1. 关注点一： 一是…). The output is deterministic for a
given --seed, and release i does not depend on --docs, so a small corpus is a prefix of a big
one. Default: 2,000 releases, about 16 MB of UTF-8 text.

Each release is dated in one of the forms real releases use (DATE_FORMS: 2022-10-14 or
2022年10月14日 or Sept. 27, 2022 on a line under the title; 10月14日 opening the lead with
the year elsewhere in the lead; no date at all) over several years; the manifest's "dates"
holds the truth per file: its form, its date and year.

    python benchmarks/make_corpus.py [--docs 2000] [--seed 7] [--out benchmarks/out/corpus]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
SOURCE_DIRS = (REPO / "seeds", BENCH_DIR / "source")
DEFAULT_OUT = BENCH_DIR / "out" / "corpus"
DEFAULT_DOCS = 2000
DEFAULT_SEED = 7
MANIFEST = "manifest.json"

CN_DIGITS = "一二三四五六七八九十"
SOURCE_CITIES = ("淄博",)
SOURCE_PROVINCES = ("江苏",)
# 淄博 is listed three times so that a fair share of releases keep the seed's city.
CITIES = ("淄博", "淄博", "淄博", "潍坊", "临沂", "烟台", "济宁", "大庆", "绥化", "徐州",
          "扬州", "洛阳", "宜昌", "绵阳", "赣州", "柳州")
PROVINCES = ("江苏", "山东", "浙江", "安徽", "河南", "湖北", "四川", "黑龙江")
PEOPLE = ("张铭", "李玮", "杨天宝", "王学明", "刘洋", "陈静", "赵磊", "孙悦", "周婷", "吴昊")
SPEAKERS = ("鲍波", "刘建国", "王海燕", "陈立新", "赵志强")
TOPICS = ("平安建设", "节能减排", "农村经济", "政府采购", "保障性安居工程", "污染减排",
          "市域社会治理", "法治政府建设")
INDENTS = ("", "\u3000\u3000", "    ")
HEADING_STYLES = ("dun", "paren", "arabic", "plain", "focus", "lead")
ITEM_STYLES = ("shi", "ordinal", "paren", "arabic")

_STRIP = " \t\u3000\u00a0"
_CREDIT = re.compile(r"^(编辑|责任编辑|值班主任|校对|编审|审核|记者)\s*[:：]")
_HEADING_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、．]"
    r"|第[一二三四五六七八九十]+[，,、]|关注点[一二三四五六七八九十]+[:：])"
)
_ITEM_NUMBER = re.compile(r"^[一二三四五六七八九十]+是")
_ITEM_KEEP = re.compile(r"^围绕一个“.”字")
_OUTLOOK = re.compile(r"下一步|重点做好")
_NUMBER = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
_TIME_UNIT = "年月日时号期届次周"
_FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")
_HALFWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_LEADING_DATE = re.compile(r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日[,，]?\s*")

# How a release gives its date, with its share of the corpus. "full" forms carry the whole
# date in the text (a reader must find it exactly); "lead_year" gives month and day, the
# year only further on in the lead; "none" gives no date.
DATE_FORMS = (("iso", 0.2), ("chinese", 0.25), ("english", 0.15), ("lead_year", 0.2), ("none", 0.2))
FULL_DATE_FORMS = ("iso", "chinese", "english")
YEARS = range(2016, 2025)
ENGLISH_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.",
                  "Oct.", "Nov.", "Dec.")


@dataclass(frozen=True)
class ReleaseDate:
    """A release's true date and the form its text gives it in (see DATE_FORMS)."""

    form: str
    year: int
    month: int
    day: int

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def line(self) -> str | None:
        """The date line under the title, for the forms that have one."""
        return {"iso": self.iso, "chinese": f"{self.year}年{self.month}月{self.day}日",
                "english": f"{ENGLISH_MONTHS[self.month - 1]} {self.day}, {self.year}"}.get(self.form)

    def truth(self) -> dict:
        """What the manifest records: the form, the true date and year (None for "none")."""
        dated = self.form != "none"
        return {"form": self.form, "date": self.iso if dated else None,
                "year": self.year if dated else None}


def release_date(seed: int, i: int) -> ReleaseDate:
    """Release i's date, from its own random stream (the rest of the release is unchanged)."""
    rng = random.Random(f"date-{seed}-{i}")
    form = rng.choices([f for f, _ in DATE_FORMS], weights=[w for _, w in DATE_FORMS])[0]
    return ReleaseDate(form, rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 28))


@dataclass(frozen=True)
class Section:
    """A heading (its old numbering removed) and its body paragraphs."""

    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    """A paragraph-lead item (一是…, 围绕一个“实”字…); `keep` means its own words number it."""

    text: str
    keep: bool


@dataclass
class Pool:
    """Everything the generator draws from, taken apart from the source releases."""

    titles: list[str] = field(default_factory=list)
    leads: list[list[str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    outlooks: list[str] = field(default_factory=list)


def source_files(dirs=SOURCE_DIRS) -> list[Path]:
    """The real releases the corpus is made from, in a stable order."""
    return sorted((p for d in dirs for p in Path(d).glob("*.txt")), key=lambda p: p.name)


def load_pool(paths) -> Pool:
    """Split each source release into title, lead paragraphs, sections, items and outlook."""
    pool = Pool()
    for path in paths:
        _add_release(pool, Path(path).read_text(encoding="utf-8"))
    return pool


def _add_release(pool: Pool, text: str) -> None:
    lines = text.split("\n")
    pool.titles.append(lines[0].strip(_STRIP))
    paragraphs = [p for p in (line.strip(_STRIP) for line in lines[1:]) if p]
    leads: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    body: list[str] | None = None  # paragraphs of the open section
    for para in paragraphs:
        if _CREDIT.match(para):
            continue
        if _is_heading(para):
            body = []
            sections.append((_HEADING_NUMBER.sub("", para), body))
        elif _ITEM_NUMBER.match(para) or _ITEM_KEEP.match(para):
            keep = bool(_ITEM_KEEP.match(para))
            pool.items.append(Item(para if keep else _ITEM_NUMBER.sub("", para), keep))
            body = None
        elif _OUTLOOK.search(para) and len(para) < 120:
            pool.outlooks.append(para)
        elif body is not None:
            body.append(para)
        elif len(para) >= 25:  # shorter ones are photo captions and by-lines
            leads.append(para)
    if leads:
        pool.leads.append(leads)
    pool.sections += [Section(h, tuple(b)) for h, b in sections if b]


def _is_heading(para: str) -> bool:
    if _HEADING_NUMBER.match(para):
        return len(para) <= 60
    return len(para) <= 30 and "。" not in para and " " not in para and "，" not in para


def perturb_numbers(text: str, rng: random.Random, share: float = 0.6) -> str:
    """Scale about `share` of the figures by 0.6–1.6, keeping decimals, width and dates."""

    def scale(match: re.Match) -> str:
        written = match.group()
        if not _perturbable(text, match) or rng.random() >= share:
            return written
        plain = written.translate(_HALFWIDTH)
        decimals = len(plain.split(".")[1]) if "." in plain else 0
        value = float(plain) * rng.uniform(0.6, 1.6)
        if text[match.end():match.end() + 1] in "%％" and float(plain) <= 100:
            value = min(value, 99.0)
        new = f"{max(value, 1.0):.{decimals}f}"
        return new.translate(_FULLWIDTH) if written != plain else new

    return _NUMBER.sub(scale, text)


def _perturbable(text: str, match: re.Match) -> bool:
    before = text[match.start() - 1:match.start()]
    after = text[match.end():match.end() + 1]
    plain = match.group().translate(_HALFWIDTH)
    if after and after in _TIME_UNIT or before == "第" or before.isascii() and before.isalpha():
        return False
    return not (len(plain) == 4 and plain.isdigit() and 1900 <= int(plain) <= 2100)


def swap_places(text: str, city: str, province: str) -> str:
    """Replace the source releases' own city and province with the release's ones."""
    for old in SOURCE_CITIES:
        text = text.replace(old, city)
    for old in SOURCE_PROVINCES:
        text = text.replace(old, province)
    return text


def cn_number(n: int) -> str:
    """1..99 in Chinese numerals as headings write them (一, 十, 十二, 二十)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens - 1] + "十")
    return head + (CN_DIGITS[ones - 1] if ones else "")


def format_heading(style: str, n: int, heading: str) -> str:
    """A section heading line numbered in one of the styles real releases use."""
    return {
        "dun": f"{cn_number(n)}、{heading}",
        "paren": f"（{cn_number(n)}）{heading}",
        "arabic": f"{n}.{heading}",
        "plain": heading,
        "focus": f"关注点{cn_number(n)}：{heading}",
    }[style]


def format_item(style: str, n: int, item: Item) -> str:
    """A paragraph-lead item renumbered (一是… 第一，… （一）… 1.…) unless it numbers itself."""
    if item.keep:
        return item.text
    return {
        "shi": f"{cn_number(n)}是{item.text}",
        "ordinal": f"第{cn_number(n)}，{item.text}",
        "paren": f"（{cn_number(n)}）{item.text}",
        "arabic": f"{n}.{item.text}",
    }[style]


def make_release(pool: Pool, rng: random.Random, date: ReleaseDate | None = None) -> str:
    """One synthetic release: title, date (as `date` says), lead, numbered sections, maybe
    an outlook, credits."""
    city, province = rng.choice(CITIES), rng.choice(PROVINCES)
    indent = rng.choice(INDENTS)
    target = rng.randint(5400, 11400)  # UTF-8 bytes; releases average ≈ 8 KB
    sections = rng.sample(pool.sections, k=len(pool.sections))
    lines = [_title(pool, rng, city, sections[0].heading)]
    lead = [perturb_numbers(p, rng) for p in _lead(pool, rng)]
    if date is not None:
        line = date.line()
        lines += [indent + line] if line else []
        lead = _dated_lead(lead, date)
    lines += [indent + p for p in lead]
    lines += _sections(sections, rng, indent, target)
    if rng.random() < 0.7:
        lines += _outlook(pool, rng, indent, city)
    lines += _credits(rng)
    return swap_places("\n".join(lines) + "\n", city, province)


def _title(pool: Pool, rng: random.Random, city: str, first_heading: str) -> str:
    roll = rng.random()
    if roll < 0.4:
        return rng.choice(pool.titles)
    if roll < 0.7:
        return f"权威发布丨{city}市{first_heading}"
    return f"{city}市召开“{rng.choice(TOPICS)}”主题新闻发布会"


def _dated_lead(lead: list[str], date: ReleaseDate) -> list[str]:
    """The lead without the source's own date; for "lead_year" opening with month and day,
    the year given later in the first paragraph."""
    first = _LEADING_DATE.sub("", lead[0])
    if date.form == "lead_year":
        first = f"{date.month}月{date.day}日，{first}这是{date.year}年以来的又一次新闻发布。"
    return [first, *lead[1:]]


def _lead(pool: Pool, rng: random.Random) -> list[str]:
    leads = rng.choice(pool.leads)
    return leads[:rng.randint(1, len(leads))]


def _sections(sections: list[Section], rng: random.Random, indent: str, target: int) -> list[str]:
    style = rng.choice(HEADING_STYLES)
    lines: list[str] = []
    size = 0
    for n, section in enumerate(sections[:8], start=1):
        paragraphs = [perturb_numbers(p, rng) for p in section.paragraphs]
        if len(paragraphs) > 2 and rng.random() < 0.3:
            del paragraphs[rng.randrange(1, len(paragraphs))]
        if style == "lead":
            heading = section.heading.rstrip("。")
            block = [f"{indent}{cn_number(n)}是{heading}。{paragraphs[0]}"] + [
                indent + p for p in paragraphs[1:]
            ]
        else:
            block = [indent + format_heading(style, n, section.heading)]
            block += [indent + p for p in paragraphs]
        lines += block
        size += sum(len(line.encode("utf-8")) + 1 for line in block)
        if size >= target * 0.7:
            break
    return lines


def _outlook(pool: Pool, rng: random.Random, indent: str, city: str) -> list[str]:
    items = rng.sample(pool.items, k=rng.randint(3, 5))
    if rng.random() < 0.5 and pool.outlooks:
        intro = rng.choice(pool.outlooks)
    else:
        intro = (f"{rng.choice(SPEAKERS)}表示，下一步，{city}市将坚持问题导向、目标导向，"
                 f"重点做好以下{cn_number(len(items))}方面工作。")
    style = rng.choice(ITEM_STYLES)
    return [indent + intro] + [
        indent + format_item(style, n, Item(perturb_numbers(item.text, rng), item.keep))
        for n, item in enumerate(items, start=1)
    ]


def _credits(rng: random.Random) -> list[str]:
    colon = rng.choice((":", "："))
    roles = ("编辑", "值班主任", "校对", "编审")
    if rng.random() < 0.3:
        return [f"（记者 {rng.choice(PEOPLE)}）"]
    return [f"{role}{colon}{rng.choice(PEOPLE)}" for role in roles]


def generate(out_dir: Path, docs: int = DEFAULT_DOCS, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write `docs` releases into `out_dir` (rel_00000.txt …) plus a manifest; return paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("rel_*.txt"):
        old.unlink()
    pool = load_pool(source_files())
    paths, dates = [], {}
    for i in range(docs):
        path = out_dir / f"rel_{i:05d}.txt"
        date = release_date(seed, i)
        path.write_text(make_release(pool, random.Random(seed * 1_000_003 + i), date), encoding="utf-8")
        paths.append(path)
        dates[path.name] = date.truth()
    total = sum(p.stat().st_size for p in paths)
    manifest = {"docs": docs, "seed": seed, "bytes": total, "dates": dates}
    (out_dir / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return paths


def ensure_corpus(out_dir: Path, docs: int, seed: int = DEFAULT_SEED) -> list[Path]:
    """Reuse `out_dir` when its manifest matches (docs, seed); otherwise regenerate it."""
    out_dir = Path(out_dir)
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    paths = sorted(out_dir.glob("rel_*.txt"))
    if (manifest.get("docs") == docs and manifest.get("seed") == seed and len(paths) == docs
            and "dates" in manifest):  # an older corpus without dates is made again
        return paths
    return generate(out_dir, docs, seed)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS, help="number of releases")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    paths = generate(args.out, args.docs, args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} releases, {total / 1e6:.1f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
