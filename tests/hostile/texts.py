"""Worst-case texts for the parser (issue 9, High 2): shapes that made parsing super-linear.

Each shape is a function `shape(n) -> str` whose text grows linearly with `n` (n repeats of
a unit, so doubling n doubles the text). They are used by tests/core/test_parse_linear.py
(small n, counting work) and benchmarks/bench_parse.py (1, 5 and 20 MB files).

By hand:

    python -m tests.hostile.texts figure_sentence 16000 /tmp/hostile.txt
    python -m tests.hostile.texts --list

and from Python, a file of the largest size Zhiku reads (tests/core/test_parse_memory.py):

    texts.write_bytes("shared_units", 20 * 1024 * 1024, "/tmp/hostile.txt")
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

TITLE = "某市2023年经济运行情况\n"


def _body(text: str) -> str:
    """A title line over the hostile body, as a release has."""
    return TITLE + text


# --- long sentences and clauses ----------------------------------------------------------

def figure_sentence(n: int) -> str:
    """The issue's case: n × "增长1%，" in one sentence (16,000 → 176 KB)."""
    return _body("增长1%，" * n + "。\n")


def figure_clause(n: int) -> str:
    """n figures in one clause with no punctuation at all: 增长1%增长1%…"""
    return _body("增长1%" * n + "。\n")


def figure_list(n: int) -> str:
    """One list of n figures joined by 、 (36.01%、85.7%…), as in 分别增长a、b、c."""
    return _body("各项指标分别增长" + "、".join(f"{k % 90 + 1}.5%" for k in range(n)) + "。\n")


def paired_list(n: int) -> str:
    """n subjects paired with n figures: 甲1、甲2…分别下降1%、2%…"""
    subjects = "、".join(f"指标{k}" for k in range(n))
    values = "、".join(f"{k % 90 + 1}%" for k in range(n))
    return _body(f"{subjects}分别下降{values}。\n")


def list_runs(n: int) -> str:
    """Many short lists in one clause, 分别 at its start: 分别1%、2%是3%、4%是…"""
    return _body("分别" + "是".join(f"{k % 9 + 1}%、{k % 7 + 2}%" for k in range(n)) + "。\n")


def bare_decimals(n: int) -> str:
    """Bare decimals after 为 (系数为1.04): each checked against the words before it."""
    return _body("系数缩小0.04" * n + "。\n")


def shared_units(n: int) -> str:
    """Bare numbers sharing the next figure's unit, on one line: 1、2和3吨…"""
    return _body("分别为" + "".join(f"{k % 9 + 1}、{k % 8 + 1}和{k % 7 + 1}吨，" for k in range(n)) + "\n")


def clock_ratios(n: int) -> str:
    """A chain of clock-like ratios: 12:00:12:00:… (each number looks ahead along the chain)."""
    return _body("时间" + "12:00:" * n + "\n")


def ratio_chain(n: int) -> str:
    """A long ratio 1:1:1:… then figures after it."""
    return _body("比例为" + "1:" * n + "1，增长5%。\n")


def english_line(n: int) -> str:
    """One long English line full of figures (each figure asks whether its line is English)."""
    return _body("Over 300 people visited and 1.5 billion yuan was spent, up 12 percent; " * n + "\n")


def trailing_words(n: int) -> str:
    """Words the label rules strip one at a time, n of them before one figure: 达达达…5%."""
    return _body("产量" + "达" * n + "5%。\n")


def scope_words(n: int) -> str:
    """Scope words the label rules strip one at a time: 全市全市…增长5%, 北京市北京市…"""
    return _body("全市" * n + "北京市" * n + "产值增长5%。\n")


def quoted_figures(n: int) -> str:
    """Figures inside quotes and book titles: “15分钟”《3年行动》…"""
    return _body("“15分钟”生活圈和《3年行动计划》" * n + "。\n")


def nested_brackets(n: int) -> str:
    """Parentheses nested n deep around a figure, then figures after them."""
    return _body("产值" + "（" * n + "增长5%" + "）" * n + "增长6%，" * n + "。\n")


def close_brackets(n: int) -> str:
    """Closing brackets before figures: each clause start looks back through them."""
    return _body("增长5%）" * n + "。\n")


# --- runs of one character ---------------------------------------------------------------

def one_char(char: str) -> Callable[[int], str]:
    """A line of n copies of `char` (digits, 万, brackets, spaces …)."""
    def shape(n: int) -> str:
        return _body(char * n + "\n")
    shape.__name__ = f"one_char_{ord(char):04x}"
    shape.__doc__ = f"One line of n × {char!r}."
    return shape


def digit_run(n: int) -> str:
    """A sentence that is one long number (no unit), inside a numbered section."""
    return _body("一、工作成效\n" + "1" * n + "。\n二、下一步\n将继续努力。\n")


def magnitudes(n: int) -> str:
    """A number followed by n magnitude characters: 1万万万…元 and 一亿亿亿…人."""
    return _body("1" + "万" * n + "元，" + "一" + "亿" * n + "人。\n")


def no_punctuation(n: int) -> str:
    """A huge line of Chinese text with no punctuation at all."""
    return _body("经济运行总体平稳稳中有进" * n + "\n")


# --- many lines --------------------------------------------------------------------------

def short_lines(n: int) -> str:
    """Very many short lines."""
    return _body("短行\n" * n)


def numbered_headings(n: int) -> str:
    """n numbered heading lines, each over a body paragraph with a figure."""
    cn = "一二三四五六七八九十"
    return _body("".join(f"{cn[k % 10]}、工作成效{k}\n全市生产总值增长{k % 9 + 1}%，成效明显。\n"
                         for k in range(n)))


def plain_headings(n: int) -> str:
    """n unnumbered short headings between body paragraphs."""
    return _body("".join(f"工作成效{k}\n全市生产总值增长{k % 9 + 1}%，同比提高，成效明显，继续保持。\n"
                         for k in range(n)))


def nested_outline(n: int) -> str:
    """Category headings (一、主要成效) each over a short nested list （一）（二）."""
    cn = "一二三四五六七八九十"
    return _body("".join(f"{cn[k % 10]}、主要成效\n（一）经济增长\n增长{k % 9 + 1}%。\n（二）就业稳定\n新增就业{k}人。\n"
                         for k in range(n)))


def inline_items(n: int) -> str:
    """One paragraph enumerating n items: 一是…；二是…；…"""
    cn = "一二三四五六七八九"
    return _body("今年呈现以下特点：" + "；".join(f"{cn[k % 9]}是增长{k % 9 + 1}%" for k in range(n)) + "。\n")


def item_paragraphs(n: int) -> str:
    """n paragraphs, each with its own short inline list (many lists, many groups)."""
    return _body("".join(f"第{k}项工作取得成效：一是增长{k % 9 + 1}%；二是下降{k % 7 + 1}%。\n"
                         for k in range(n)))


def numbered_items(n: int) -> str:
    """n paragraphs led by list markers that restart (1. 2. 1. 2. …): many short lists."""
    return _body("".join(f"{k % 2 + 1}. 第{k}条措施落实到位，增长{k % 9 + 1}%。\n" for k in range(n)))


def problem_paragraphs(n: int) -> str:
    """Paragraphs that announce problems and enumerate them, n times."""
    return _body("全市经济平稳增长。\n" + "同时还存在一些问题和不足：一是增长放缓；二是结构不优。\n" * n)


def restarting_lists(n: int) -> str:
    """n short numbered lists of two lines each (1. 甲 2. 乙 1. 甲 …), no figures: many lists."""
    return _body("全市重点工作如下。\n" + "1. 甲项工作\n2. 乙项工作\n" * n)


def category_outline(n: int) -> str:
    """n category headings (一、主要成效) each over a nested list （一）（二）, no figures."""
    cn = "一二三四五六七八九十"
    return _body("".join(f"{cn[k % 10]}、主要成效\n（一）经济增长\n（二）就业稳定\n" for k in range(n)))


def inline_lists(n: int) -> str:
    """n paragraphs, each enumerating two items inline (甲：一是…；二是…), no figures."""
    return _body("".join("工作：一是甲；二是乙。\n" for _ in range(n)))


def credit_lines(n: int) -> str:
    """A body, then n credit lines at the end."""
    return _body("全市生产总值增长5%。\n" + "记者 张铭\n" * n)


# --- Markdown ----------------------------------------------------------------------------

def md_brackets(n: int) -> str:
    """The issue's Markdown case: one line of n × "["."""
    return "[" * n + "\n"


def md_images(n: int) -> str:
    """n × "![" on one line."""
    return "![" * n + "\n"


def md_open_links(n: int) -> str:
    """Links that never close: [a](b [a](b …"""
    return "[a](b " * n + "\n"


def md_bold(n: int) -> str:
    """Bold markers that never close on one long line: **a **a …"""
    return "**a " * n + "\n"


def md_italic(n: int) -> str:
    """Italic markers that never close: *a *a …"""
    return "*a " * n + "\n"


def md_heading_spaces(n: int) -> str:
    """A heading with a long run of spaces inside it: # a      b"""
    return "# a" + " " * n + "b\n"


def md_rule(n: int) -> str:
    """A rule-like line that is no rule: - - - … x"""
    return "- " * n + "x\n"


def md_code(n: int) -> str:
    """Backticks that never close: `a `a …"""
    return "`a " * n + "\n"


def md_many_lines(n: int) -> str:
    """Very many short Markdown lines of every kind."""
    return "# 标题\n- 条目 **粗体** [链接](http://x) `代码`\n> 引用\n---\n" * n


# --- registry ------------------------------------------------------------------------------

PARSE_SHAPES: dict[str, Callable[[int], str]] = {f.__name__: f for f in (
    figure_sentence, figure_clause, figure_list, paired_list, list_runs, bare_decimals,
    shared_units, clock_ratios, ratio_chain, english_line, trailing_words, scope_words,
    quoted_figures, nested_brackets, close_brackets, digit_run, magnitudes, no_punctuation,
    short_lines, numbered_headings, plain_headings, nested_outline, inline_items,
    item_paragraphs, numbered_items, problem_paragraphs, restarting_lists, category_outline,
    inline_lists, credit_lines,
    one_char("["), one_char("（"), one_char("）"), one_char("1"), one_char("万"),
    one_char("，"), one_char("“"), one_char(" "), one_char("一"),
)}
MARKDOWN_SHAPES: dict[str, Callable[[int], str]] = {f.__name__: f for f in (
    md_brackets, md_images, md_open_links, md_bold, md_italic, md_heading_spaces, md_rule,
    md_code, md_many_lines,
)}
SHAPES = {**PARSE_SHAPES, **MARKDOWN_SHAPES}


def of_size(shape: Callable[[int], str], chars: int) -> str:
    """The text of `shape` with about `chars` characters (never fewer than one repeat)."""
    unit = max(1, len(shape(64)) - len(shape(32))) / 32
    return shape(max(1, int(chars / unit)))


def write(shape: str, n: int, path: str | Path, encoding: str = "utf-8") -> Path:
    """Write shape(n) to `path` (a .md suffix for Markdown shapes) and return the path."""
    path = Path(path)
    path.write_text(SHAPES[shape](n), encoding=encoding)
    return path


def write_bytes(shape: str, size: int, path: str | Path) -> Path:
    """Write the largest text of `shape` that takes at most `size` bytes of UTF-8 (at least one
    repeat) to `path` and return the path: 20 * 1024 * 1024 is the largest file Zhiku reads."""
    make = SHAPES[shape]
    unit = max(1, len(make(64).encode()) - len(make(32).encode())) / 32
    n = max(1, int(size / unit))
    data = make(n).encode()
    while len(data) > size and n > 1:
        n = max(1, n - int((len(data) - size) / unit) - 1)
        data = make(n).encode()
    path = Path(path)
    path.write_bytes(data)
    return path


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help", "--list"):
        print(__doc__.strip())
        print("\nshapes:", " ".join(SHAPES))
        return 0
    shape, n, out = argv[0], int(argv[1]), argv[2]
    print(write(shape, n, out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
