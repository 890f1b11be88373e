"""Saved web pages keep only the article: WeChat official-account articles and
government article pages give title, date, body and credits — no navigation, share bars,
QR-code blocks or related links — and .mhtml files import the same way."""
from pathlib import Path

import pytest

from desktop_app.core import formats, formats_article, parser
from desktop_app.core.errors import InputError
from tests.hostile import pages

SEED = next((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
PAGE_FURNITURE = ("扫码", "二维码", "关注该公众号", "阅读原文", "分享到", "相关", "推荐", "每日一题", "首页", "当前位置",
                  "网站标识码", "打印本页", "全市安全生产工作会议召开", "字号")


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text("utf-8")


@pytest.fixture(scope="module")
def from_text(seed_text):
    document = parser.parse_text(seed_text, file=SEED.name)
    return [(s.kind, s.heading) for s in document.sections], [(m.text, m.value, m.label) for m in document.metrics]


def _page_text(path: Path) -> str:
    loader = formats._load_mhtml if path.suffix in (".mhtml", ".mht") else formats._load_html
    return loader(path)[0]


def _pages(folder: Path, text: str) -> list[Path]:
    made = [pages.wechat_page(folder, text), pages.wechat_page(folder, text, "源码.html", saved="source"),
            pages.gov_page(folder, text), pages.gov_page(folder, text, "无名区块.html", container=None, charset="gbk")]
    return made + [pages.mhtml(folder, made[0], "微信.mhtml"), pages.mhtml(folder, made[2], "政府.mht", "base64")]


def test_saved_pages_keep_title_date_body_and_credits_only(tmp_path, seed_text):
    title = seed_text.split("\n", 1)[0]
    for path in _pages(tmp_path, seed_text):
        text = _page_text(path)
        lines = text.split("\n")
        assert lines[0] == title, path.name
        assert lines[1] in ("2024年03月05日 10:21", "2024-03-05 10:21"), path.name
        assert lines[2].startswith("10月14日"), path.name
        assert "(记者 张铭)" in text and "编审:王学明" in text, path.name
        leftovers = [word for word in PAGE_FURNITURE if word in text]
        assert leftovers == [], path.name


def test_saved_pages_find_the_sections_and_figures_of_the_text(tmp_path, seed_text, from_text):
    for path in _pages(tmp_path, seed_text):
        document = formats.load_release(path)
        found = [(s.kind, s.heading) for s in document.sections], [(m.text, m.value, m.label) for m in document.metrics]
        assert found == from_text, path.name
        assert document.credits.reporter == "张铭" and document.credits.final_reviewer == "王学明"


def test_wechat_date_is_read_from_the_script_when_the_page_was_saved_as_source(tmp_path, seed_text):
    document = formats.load_release(pages.wechat_page(tmp_path, seed_text, saved="source"))
    assert document.dateline == "2024-03-05"


def test_a_simple_page_is_still_read_whole():
    """No container and nothing around the text: the page's visible text, as before."""
    page = "<html><body><h1>标题</h1><p>" + "正文。" * 100 + "</p><p>（记者 张铭）</p></body></html>"
    assert formats_article.article_text(page) is None
    assert formats.page_to_text(page) == formats.html_to_text(page)


def test_noise_inside_the_body_left_open_does_not_swallow_the_article():
    """A share bar whose <p> is never closed ends with its </div>."""
    page = ("<div class='nav'><a>首页</a><a>新闻</a>" + "<a>栏目</a>" * 40 + "</div><div class='TRS_Editor'>"
            "<p>第一段" + "文字" * 60 + "。</p><div class='share'><p>分享到</div><p>第二段共3项。</p></div>")
    text = formats_article.article_text(page)
    assert text is not None and "第二段共3项。" in text and "分享到" not in text and "栏目" not in text


def test_mhtml_without_an_html_part_is_refused(tmp_path):
    path = tmp_path / "图片.mhtml"
    path.write_bytes(b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n'
                     b"--b\r\nContent-Type: image/png\r\n\r\nxxxx\r\n--b--\r\n")
    with pytest.raises(InputError) as caught:
        formats.load_release(path)
    assert "图片.mhtml" in str(caught.value) and "HTML" in caught.value.english


def test_mhtml_of_many_parts_is_read_in_linear_time(tmp_path):
    """100,000 tiny parts before the page: only headers are parsed, one part at a time."""
    parts = b"".join(b"--b\r\nContent-Type: image/gif\r\n\r\nx\r\n" for _ in range(100_000))
    page = "<html><body><p>标题</p><p>正文共3项。</p></body></html>".encode()
    path = tmp_path / "many.mht"
    path.write_bytes(b'Content-Type: multipart/related; boundary="b"\r\n\r\n' + parts
                     + b"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page + b"\r\n--b--\r\n")
    assert formats.load_release(path).title == "标题"


def test_blocks_remembered_are_bounded_on_a_page_of_nested_blocks(monkeypatch):
    """300,000 nested <div>s: at most _MAX_NODES blocks are remembered, and the page is read whole."""
    made = []
    real = formats_article._Node.__init__

    def counting(self, *args):
        made.append(1)
        real(self, *args)
    monkeypatch.setattr(formats_article._Node, "__init__", counting)
    page = "<div>" * 300_000 + "正文共3项。"
    assert formats_article.article_text(page) is None
    assert len(made) == formats_article._MAX_NODES
