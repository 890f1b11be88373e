"""Saved web pages of releases, modelled on real ones: a WeChat official-account
article (mp.weixin.qq.com markup, saved rendered or as source), a government site's article
page (site navigation, breadcrumbs, share bar, related links, footer around the article) and
the .mhtml a browser writes when saving a page whole.

Each function writes into `folder` and returns the path it made:

    python -c "from tests.hostile.pages import wechat_page; print(wechat_page('/tmp', '标题\\n正文'))"

`text` is a release as a .txt holds it: line 1 the title, then the paragraphs (the last ones
may be credit lines).
"""
from __future__ import annotations

import base64
import html
import quopri
from pathlib import Path

_NAV = "".join(f"<li><a href='/c{i}/'>{name}</a></li>" for i, name in
               enumerate(["首页", "政务公开", "新闻中心", "政务服务", "互动交流", "走进本市", "专题专栏"]))
_RELATED = "".join(f"<li><a href='/art/{i}.html'>{title}</a><span>2024-03-0{i}</span></li>" for i, title in
                   enumerate(["全市安全生产工作会议召开", "我市召开优化营商环境推进会", "市政府常务会议研究部署重点工作"], 1))


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<p style='text-indent:2em'>{html.escape(line)}</p>" for line in lines)


def wechat_page(folder: str | Path, text: str, name: str = "微信文章.html", saved: str = "rendered",
                date: str = "2024年03月05日 10:21") -> Path:
    """A WeChat article page. `saved`: "rendered" (the browser saved the page as shown: the
    date filled in #publish_time) or "source" (#publish_time empty, the date only in the
    script's createTime)."""
    title, *body = [line.strip() for line in text.split("\n") if line.strip()]
    shown_date = date if saved == "rendered" else ""
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:title" content="{html.escape(title)}"><title>{html.escape(title)}</title>
<script>var msg_title = '{html.escape(title)}'; var createTime = '{date[:4]}-{date[5:7]}-{date[8:10]} {date[-5:]}';
var ct = "1709605260";</script></head>
<body id="activity-detail" class="zh_CN"><div class="rich_media"><div class="rich_media_inner">
<div id="page-content" class="rich_media_area_primary"><div id="img-content" class="rich_media_wrp">
<h1 class="rich_media_title" id="activity-name">
    {html.escape(title)}
</h1>
<div id="meta_content" class="rich_media_meta_list">
<span class="rich_media_meta rich_media_meta_text">原创</span>
<span class="rich_media_meta rich_media_meta_nickname" id="profileBt"><a href="javascript:void(0);" id="js_name">平安淄博</a></span>
<em id="publish_time" class="rich_media_meta rich_media_meta_text">{shown_date}</em>
</div>
<div class="rich_media_content js_underline_content" id="js_content" style="visibility: hidden;">
<section style="text-align:center"><img data-src="https://mmbiz.qpic.cn/head.jpg"></section>
{_paragraphs(body)}
<section class="qr_code_pc"><img data-src="https://mmbiz.qpic.cn/qr.jpg"><p>长按识别二维码关注我们</p></section>
</div>
<div class="share_notice" id="js_share_notice">分享到朋友圈</div>
<div id="js_pc_qr_code" class="qr_code_pc_outer"><p>微信扫一扫<br>关注该公众号</p></div>
<div class="rich_media_tool" id="js_toobar3"><a id="js_view_source">阅读原文</a> 阅读 <span>1.2万</span> 赞 在看</div>
</div></div>
<div class="rich_media_area_extra"><div class="related_article"><h3>相关阅读</h3><ul>{_RELATED}</ul></div>
<div class="recommend_article">推荐：<a href="#">每日一题</a></div></div>
</div></div></body></html>"""
    path = Path(folder) / name
    path.write_text(page, encoding="utf-8")
    return path


def gov_page(folder: str | Path, text: str, name: str = "政府网站.html", container: str | None = "TRS_Editor",
             date: str = "2024-03-05 10:21", charset: str = "utf-8") -> Path:
    """A government site's article page: navigation, breadcrumbs, the article (title in an
    <h1>, the date and source, the body in `container`'s div (a class; None: an unnamed
    div, found as the largest block of text), the editor's line), share bar, related links,
    footer. Credit lines at the end of `text` go to the editor's line after the body."""
    title, *body = [line.strip() for line in text.split("\n") if line.strip()]
    credits = [line for line in body[-3:] if line.startswith(("责任编辑", "编辑", "校对"))]
    body = [line for line in body if line not in credits]
    attributes = f' class="{container}"' if container else ""
    page = f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{html.escape(title)}_新闻发布_某市人民政府</title>
<meta name="keywords" content="新闻发布"><link rel="stylesheet" href="/css/style.css">
</head><body>
<div class="header"><div class="logo"><a href="/">某市人民政府</a></div><div class="search"><input name="q"><button>搜索</button></div></div>
<div class="nav"><ul>{_NAV}</ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xwzx/">新闻中心</a> &gt; 新闻发布</div>
<div class="main"><div class="article">
<h1 class="title">{html.escape(title)}</h1>
<div class="info"><span>发布时间：{date}</span> <span>来源：市委宣传部</span> <span>字号：<a>大</a> <a>中</a> <a>小</a></span></div>
<div{attributes}>{_paragraphs(body)}</div>
<div class="editor">{"".join(f"<p>{html.escape(c)}</p>" for c in credits)}</div>
<div class="bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a><a class="bds_tsina">微博</a></div>
<div class="print">【<a>打印本页</a>】【<a>关闭窗口</a>】</div>
</div>
<div class="related"><h3>相关新闻</h3><ul>{_RELATED}</ul></div></div>
<div class="footer"><p>主办：某市人民政府办公室　承办：某市大数据中心</p><p>网站标识码：3703000001　鲁ICP备05001234号</p>
<p>联系电话：0533-1234567　地址：某市某区某路1号</p></div>
</body></html>"""
    path = Path(folder) / name
    path.write_bytes(page.encode(charset))
    return path


def mhtml(folder: str | Path, page: Path, name: str = "保存的网页.mhtml", encoding: str = "quoted-printable") -> Path:
    """`page` saved whole as a browser does (Chrome: quoted-printable; others: base64), with
    a picture part after it."""
    data = page.read_bytes()
    charset = "gbk" if b"charset=gbk" in data else "utf-8"
    body = quopri.encodestring(data) if encoding == "quoted-printable" else base64.encodebytes(data)
    boundary = "----MultipartBoundary--2mWAUlgt5dqxjuMEcJjyo0yGdOxKZNUaFHfVbzn3pU----"
    document = (
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://mp.weixin.qq.com/s/abc\r\n"
        "Subject: =?utf-8?Q?=E6=96=B0=E9=97=BB?=\r\nDate: Tue, 5 Mar 2024 10:21:00 +0800\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n\r\n\r\n'
        f"--{boundary}\r\nContent-Type: text/html; charset=\"{charset}\"\r\n"
        f"Content-Transfer-Encoding: {encoding}\r\nContent-Location: https://mp.weixin.qq.com/s/abc\r\n\r\n"
    ).encode("ascii") + body.replace(b"\n", b"\r\n") + (
        f"\r\n\r\n--{boundary}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        f"Content-Location: https://mmbiz.qpic.cn/qr.png\r\n\r\niVBORw0KGgo=\r\n\r\n--{boundary}--\r\n"
    ).encode("ascii")
    path = Path(folder) / name
    path.write_bytes(document)
    return path
