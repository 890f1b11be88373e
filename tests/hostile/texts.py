"""Worst-case texts for the parser and the format readers: shapes that made
parsing super-linear (text, Markdown, HTML pages, the main part of a Word file).

Each shape is a function `shape(n) -> str` whose text grows linearly with `n` (n repeats of
a unit, so doubling n doubles the text). They are used by tests/core/test_parse_linear.py
(small n, counting work) and benchmarks/bench_parse.py (1, 5 and 20 MB files).

By hand:

    python -m tests.hostile.texts figure_sentence 16000 /tmp/hostile.txt
    python -m tests.hostile.texts html_open_tags 20000 /tmp/hostile.html
    python -m tests.hostile.texts docx_long_attribute 8000000 /tmp/hostile.docx
    python -m tests.hostile.texts --list

and from Python, a file of the largest size Zhiku reads (tests/core/test_parse_memory.py):

    texts.write_bytes("shared_units", 20 * 1024 * 1024, "/tmp/hostile.txt")
"""
from __future__ import annotations

import random
import sys
import zipfile
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


def _two_areas(paragraph: Callable[[int], str], n: int) -> str:
    """A lead, then two unnumbered headings, each over an introduction and n/2 paragraphs of one
    shape (ending in 。, so that the headings stand between body paragraphs)."""
    half = max(1, n // 2)
    return _body("今年全市经济运行总体平稳，主要指标好于预期。\n" + "".join(f"领域{a}成效明显\n今年各项工作扎实推进，总体平稳。\n"
                         + "".join(paragraph(k) + "。\n" for k in range(half))
                         for a in range(2)))


def dash_items(n: int) -> str:
    """Thousands of paragraphs led by a phrase and a dash (推进重点工作——…) under two headings."""
    return _two_areas(lambda k: f"推进第{k}项工作——完善机制，增长{k % 9 + 1}%，成效明显", n)


def aspect_items(n: int) -> str:
    """Thousands of 在…方面 paragraphs under two headings."""
    return _two_areas(lambda k: f"在第{k}类保障方面，新增项目{k % 9 + 1}个，成效明显", n)


def headline_items(n: int) -> str:
    """Thousands of paragraphs opening with a short headline clause under two headings."""
    return _two_areas(lambda k: f"服务质量持续提升。全市新增网点{k % 9 + 1}个，群众满意", n)


def shi_items(n: int) -> str:
    """Thousands of 一是…二是… paragraphs (lists that restart) under two headings."""
    return _two_areas(lambda k: f"{'一二'[k % 2]}是推进重点工作。完成投资{k % 9 + 1}亿元", n)


def announced_items(n: int) -> str:
    """Thousands of paragraphs announcing items (…三方面工作：), each followed by one headline
    paragraph: every one is a starting point for a run of topic paragraphs."""
    return _two_areas(lambda k: f"第{k}项工作要抓好三方面：\n服务质量持续提升。新增网点{k % 9 + 1}个", n)


def on_items(n: int) -> str:
    """Thousands of 在…上 paragraphs under two headings."""
    return _two_areas(lambda k: f"在第{k}类服务上做加法，新增网点{k % 9 + 1}个", n)


def dash_lines(n: int) -> str:
    """Thousands of phrase-and-dash lines, each over one paragraph, under two headings."""
    return _two_areas(lambda k: f"第{k}项改革——\n新增网点{k % 9 + 1}个，群众满意", n)


def couplet_lines(n: int) -> str:
    """Thousands of headline couplets standing alone, each over a body paragraph, no headings."""
    return _body("今年全市经济运行总体平稳，主要指标好于预期，各项工作扎实推进，总体平稳有序。\n" + "".join(
        f"补齐短板，服务网点织密。\n全市新建服务站{k % 9 + 1}个，老人步行十五分钟就能到达，群众满意度明显提升。\n"
        for k in range(n)))


def aspect_sentences(n: int) -> str:
    """Two headings, each over one paragraph of thousands of 在…方面 sentences."""
    half = max(1, n // 2)
    return _body("今年全市经济运行总体平稳，主要指标好于预期。\n" + "".join(
        f"领域{a}成效明显\n今年各项工作扎实推进，总体平稳。\n"
        + "".join(f"在第{k}类保障方面，新增项目{k % 9 + 1}个。" for k in range(half)) + "\n"
        for a in range(2)))


def interview_headings(n: int) -> str:
    """Thousands of long heading lines, each over an interviewer's question and an answer."""
    return _body("今年全市经济运行总体平稳，主要指标好于预期，各项工作扎实推进，总体平稳有序。\n" + "".join(
        f"住房保障体系还有较大完善空间，将重点抓好保障性住房建设和租赁市场规范{k}\n"
        f"记者：今年在住房保障方面有哪些具体考虑？\n"
        f"局长：今年将筹集保障性租赁住房{k % 9 + 1}套，规范住房租赁市场秩序，让更多新市民安居乐业，住有所居。\n"
        for k in range(n)))


def kicker_reports(n: int) -> str:
    """Thousands of reports, each under a kicker with a dash, a title and a byline, with a photo
    caption over its credit line and a remark quoted from a speaker (a page of year-review reports)."""
    return _body("这一年，各地经济运行总体平稳，主要指标好于预期，各项工作扎实推进，总体平稳有序。\n" + "".join(
        f"第{k}类产业——\n产线焕新，订单更多\n本报记者  某某\n"
        f"车间里机器轰鸣，一批新产品正在装箱发往各地，今年订单量比去年增长{k % 9 + 1}%。\n"
        f"某地，工人在车间组装设备。\n某某摄（图片中心）\n"
        f"“我们将继续扩大产能，明年还要再上一条生产线。”车间主任某某说，“订单已经排到明年。”\n"
        for k in range(n)))


def quoted_remarks(n: int) -> str:
    """One paragraph of thousands of quotes: opening marks without a close, and remarks with and
    without a speaker (what the remark rule looks through)."""
    return _body("今年全市经济运行总体平稳，主要指标好于预期。\n领域一成效明显\n今年各项工作扎实推进，总体平稳。\n"
                 + "“我们将继续扩大产能规模" * n + "。\n" + "“明年还要再上一条生产线”他说，" * n + "。\n"
                 + "领域二成效明显\n今年各项工作扎实推进，总体平稳。\n" + "说：“明年还要" * n + "。\n")


def pair_paragraphs(n: int) -> str:
    """Two headings, each over one paragraph of thousands of 一方面…；另一方面… sentences."""
    half = max(1, n // 2)
    return _body("今年全市经济运行总体平稳，主要指标好于预期。\n" + "".join(
        f"领域{a}成效明显\n今年各项工作扎实推进，总体平稳。\n用好平台。"
        + "一方面，归集岗位信息，实现智能匹配；另一方面，跟踪重点人群。" * half + "\n" for a in range(2)))


def interview_turns(n: int) -> str:
    """Two interview headings: one over a paragraph of thousands of headline sentences, the other
    over thousands of questions, answers and headline sentences (each answer's run of items)."""
    half = max(1, n // 2)
    return _body("今年全市经济运行总体平稳，主要指标好于预期。\n" + "".join(
        f"领域{a}成效明显\n" + ("网络文娱加速融合，用户规模稳步扩大。" * half + "\n" if a == 0 else "") + "".join(
            "记者：接下来有哪些考虑？\n局长：就业是最基本的民生。\n"
            "把技能培训作为主攻方向。围绕产业需要开设培训项目。\n把岗位开发作为关键抓手。支持企业稳岗扩岗。\n"
            for _ in range(half)) for a in range(2)))


def qa_blocks(n: int) -> str:
    """Thousands of Q&A blocks: a label line 问, a question line, an answer's intro and two
    headline paragraphs; and question lines after a 问： label with their answers."""
    return _body("今年全市经济运行总体平稳，主要指标好于预期，各项工作扎实推进，总体平稳有序。\n" + "".join(
        ("问\n下一步有哪些举措？\n" if k % 2 else "问：下一步有哪些举措？\n")
        + "“就业是最基本的民生。”局长说，主要从两个方面发力。\n"
        f"扩大技能培训规模。围绕产业需要开设培训项目{k % 9 + 1}个。\n拓宽岗位开发渠道。支持企业稳岗扩岗。\n"
        for k in range(n)))


def phrase_clauses(n: int) -> str:
    """Two headings, each over one paragraph of thousands of ；-separated phrase-led measures
    after 将 (将加强协同，…；突出重点，…；…), and one whose clauses stop at a long opening."""
    half = max(1, n // 2)
    return _body("今年全市经济运行总体平稳，主要指标好于预期。\n" + "".join(
        f"领域{a}成效明显\n今年各项工作扎实推进，总体平稳。\n负责人介绍，将加强协同，调动积极性"
        + "；突出重点，推出场景清单" * half + "；这是一个很长很长很长的开头，不算。\n" for a in range(2)))


def headed_items(n: int) -> str:
    """n headings, each over an introduction and two headline paragraphs: many small outlines."""
    return _body("今年全市经济运行总体平稳，主要指标好于预期。\n" + "".join(f"领域{k}成效明显\n今年各项工作扎实推进，总体平稳。\n"
                         f"服务质量持续提升。新增网点{k % 9 + 1}个。\n产业结构不断优化，新增企业{k % 7 + 1}家。\n"
                         for k in range(n)))


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


# --- HTML (html.parser went quadratic on constructs that never close) -------------------------

def html_open_tags(n: int) -> str:
    """Start tags that never close: <a <a <a … (20,000: 38 s; 40,000: 167 s)."""
    return "<p>" + "<a " * n


def html_tag_names(n: int) -> str:
    """One start tag whose name never ends: <p>a<a<a<… (40,000: 4.4 s)."""
    return "<p>" + "a<" * n


def html_quoted_tags(n: int) -> str:
    """Tags whose quoted values hold ">" and that never close: <a c='>' <a c='>' …"""
    return "<p>" + "<a c='>' " * n


def html_open_values(n: int) -> str:
    """Quoted values that run into the next tag, and tags that never close: <a b="<a b="…"""
    return "<p>文" + '<a b="' * n


def html_bare_values(n: int) -> str:
    """Bare values that run to the end of the page, and tags that never close: <a==/"<a==/"…"""
    return "<p>文" + '<a==/"' * n


def html_end_tags(n: int) -> str:
    """End tags that never close: </</</…"""
    return "<p>文" + "</" * n


def html_comments(n: int) -> str:
    """Comments that never close: <!--<!--<!--…"""
    return "<p>文" + "<!--" * n


def html_declarations(n: int) -> str:
    """Declarations, processing instructions and marked sections that never close."""
    return "<p>文" + "<!x<?<![CDATA[<!doctype " * n


def html_wrap_spaces(n: int) -> str:
    """A Chinese character, then a long run of line breaks and spaces (40,000: 29 s)."""
    return "<p>中" + "\n " * n + "x</p>"


def html_nested(n: int) -> str:
    """Elements nested n deep around one word."""
    return "<div>" * n + "文" + "</div>" * n


def html_page(n: int) -> str:
    """A plain page of n paragraphs, links, tables and scripts: the normal case."""
    unit = ('<p class="text" style="margin:0">全市生产总值增长5%，<a href="/a?b=c&amp;d=e" '
            'title="x > y">详情</a></p>\n<table><tr><td>指标</td><td>数值</td></tr></table>'
            "<script>if (a < b && c > d) { x = '</p>'; }</script><!-- 注释 -->\n")
    return "<html><head><title>标题</title></head><body>" + unit * n + "</body></html>"


# --- Word (.docx): the main part, given to expat --------------------------------------------

_W_DOCUMENT = ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
               "<w:body>{}</w:body></w:document>")


def docx_long_attribute(n: int) -> str:
    """One attribute value of n characters (fed in 64 KB pieces, expat read it again from its
    start at every piece)."""
    return _W_DOCUMENT.format('<w:p><w:r><w:t a="' + "x" * n + '">文</w:t></w:r></w:p>')


def docx_empty_runs(n: int) -> str:
    """n empty runs in one paragraph (20 MB of them held 316 MB as elements)."""
    return _W_DOCUMENT.format("<w:p>" + "<w:r/>" * n + "</w:p>")


# --- random markup, to compare readers of HTML ---------------------------------------------

_TAGS = ("p", "div", "span", "a", "b", "br", "td", "tr", "table", "li", "ul", "h1", "pre", "script",
         "style", "head", "title", "body", "img", "svg", "section", "font", "strong", "center")
_WORDS = ("全市", "网格化", "治理", "增长5%", "，", "。", " ", "\n", "\n  ", "\t", "&amp;", "&lt;", "&nbsp;",
          "&#20013;", "a < b", "x > y", "1&2", "Hello world", "中\n文", "\u3000")
_VALUES = ("x", "a b", "if(a>b){c('d')}", "50%", "http://a/b?c=d&e=f", "中文", "", "it's",
           'say "hi"', "x>y")
_ATOMS = tuple("<>/!?-=\"' \t\n\r\fa中文&;x\x00[]\u3000\v") + (
    "<a", "<p", "</p>", "<p>", "<!--", "-->", "<script>", "</script>", "</script ", "<style>",
    "</style>", "<br/>", "<![CDATA[", "]]>", "<!doctype", "&amp;", "&#", "<div ", "='", '="', "<?",
    "<![if", "==", "/>", "<pre>", "</pre>", "<body>", "<head>", "<title>", "<td>", "<SCRIPT>",
    "</ScRiPt>", "<!", "</", "&#x4e2d;", "&lt")


def random_page(rnd: random.Random, depth: int = 0) -> str:
    """A page as sites write them: nested elements with quoted, bare and empty attributes
    (values holding ">" and quotes), entities, comments, CDATA, scripts holding "<"."""
    out = []
    for _ in range(rnd.randint(0, 5)):
        if rnd.random() < 0.4 or depth > 5:
            out.append(rnd.choice(_WORDS))
        elif rnd.random() < 0.12:
            out.append(rnd.choice(("<!-- c -->", "<!-- <p>x</p> -->", "<!DOCTYPE html>", "<![CDATA[x]]>",
                                   "<![if !IE]>", "<![endif]>", "<?xml version='1.0'?>", "<br>", "<br/>",
                                   "<hr />", "<img src='a.png' alt=\"图\"/>")))
        else:
            tag = rnd.choice(_TAGS)
            if tag in ("script", "style"):
                out.append(f"<{tag}{_attributes(rnd)}>var a = '<p>' + 1 < 2 && b > 3;</{tag}>")
            else:
                space = rnd.choice(("", " ", "\n"))
                out.append(f"<{tag}{_attributes(rnd)}{space}>{random_page(rnd, depth + 1)}"
                           f"</{tag}{rnd.choice(('', ' '))}>")
    return "".join(out)


def _attributes(rnd: random.Random) -> str:
    out = []
    for _ in range(rnd.randint(0, 3)):
        name = rnd.choice(("class", "href", "style", "id", "onclick", "data-x", "alt", "src", "title"))
        value = rnd.choice(_VALUES)
        form = rnd.random()
        if form < 0.5 and '"' not in value:
            out.append(f' {name}="{value}"')
        elif form < 0.8 and "'" not in value:
            out.append(f" {name}='{value}'")
        elif form < 0.9 and value and not any(c in value for c in " >'\""):
            out.append(f" {name}={value}")
        else:
            out.append(f" {name}")
    return "".join(out)


def random_markup(rnd: random.Random) -> str:
    """Up to 300 random pieces of markup: tags, quotes, comments, sections… that close or not."""
    return "".join(rnd.choice(_ATOMS) for _ in range(rnd.randint(0, rnd.choice((10, 40, 120, 300)))))


_WORD_TAGS = ("w:p", "w:r", "w:t", "w:tab", "w:br", "w:cr", "w:noBreakHyphen", "mc:Fallback",
              "mc:Choice", "w:del", "w:x")
_WORD_TEXT = ("a", "中", " ", "\t", "&amp;", "文字", "\n")


def random_word_part(rnd: random.Random, depth: int = 0) -> str:
    """A random main part of a Word file: paragraphs, runs, text, tabs and breaks nested in
    any order, text boxes stored twice (mc:Choice and mc:Fallback), text outside paragraphs."""
    def body(level: int) -> str:
        out = []
        for _ in range(rnd.randint(0, 4)):
            if rnd.random() < 0.35 or level > 6:
                out.append(rnd.choice(_WORD_TEXT))
            elif rnd.random() < 0.25:
                out.append(f"<{rnd.choice(_WORD_TAGS)}/>")
            else:
                tag = rnd.choice(_WORD_TAGS)
                out.append(f"<{tag}>{body(level + 1)}</{tag}>")
        return "".join(out)
    return ('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            f"<w:body>{body(depth)}</w:body></w:document>")


# --- registry ------------------------------------------------------------------------------

PARSE_SHAPES: dict[str, Callable[[int], str]] = {f.__name__: f for f in (
    figure_sentence, figure_clause, figure_list, paired_list, list_runs, bare_decimals,
    shared_units, clock_ratios, ratio_chain, english_line, trailing_words, scope_words,
    quoted_figures, nested_brackets, close_brackets, digit_run, magnitudes, no_punctuation,
    short_lines, numbered_headings, plain_headings, nested_outline, inline_items,
    item_paragraphs, numbered_items, problem_paragraphs, restarting_lists, category_outline,
    inline_lists, credit_lines, dash_items, aspect_items, headline_items, shi_items,
    headed_items, announced_items, on_items, dash_lines, couplet_lines, aspect_sentences, interview_headings,
    kicker_reports, quoted_remarks, pair_paragraphs, interview_turns, qa_blocks, phrase_clauses,
    one_char("["), one_char("（"), one_char("）"), one_char("1"), one_char("万"),
    one_char("，"), one_char("“"), one_char(" "), one_char("一"),
)}
MARKDOWN_SHAPES: dict[str, Callable[[int], str]] = {f.__name__: f for f in (
    md_brackets, md_images, md_open_links, md_bold, md_italic, md_heading_spaces, md_rule,
    md_code, md_many_lines,
)}
HTML_SHAPES: dict[str, Callable[[int], str]] = {f.__name__: f for f in (
    html_open_tags, html_tag_names, html_quoted_tags, html_open_values, html_bare_values, html_end_tags,
    html_comments, html_declarations, html_wrap_spaces, html_nested, html_page,
)}
DOCX_SHAPES: dict[str, Callable[[int], str]] = {f.__name__: f for f in (
    docx_long_attribute, docx_empty_runs,
)}
SHAPES = {**PARSE_SHAPES, **MARKDOWN_SHAPES, **HTML_SHAPES, **DOCX_SHAPES}


def of_size(shape: Callable[[int], str], chars: int) -> str:
    """The text of `shape` with about `chars` characters (never fewer than one repeat)."""
    unit = max(1, len(shape(64)) - len(shape(32))) / 32
    return shape(max(1, int(chars / unit)))


def write(shape: str, n: int, path: str | Path, encoding: str = "utf-8") -> Path:
    """Write shape(n) to `path` and return the path (give it a .md suffix for Markdown shapes,
    .html for HTML ones; a Word shape is written as a .docx holding it as its main part)."""
    path = Path(path)
    if shape in DOCX_SHAPES:
        return write_docx(DOCX_SHAPES[shape](n), path)
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
    if shape in DOCX_SHAPES:
        return write_docx(data.decode(), path)
    path.write_bytes(data)
    return path


def write_docx(document_xml: str, path: str | Path) -> Path:
    """A .docx at `path` whose main part word/document.xml is `document_xml`."""
    path = Path(path)
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns='
            '"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("_rels/.rels", rels)
        package.writestr("word/document.xml", document_xml)
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
