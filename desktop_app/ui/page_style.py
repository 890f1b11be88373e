"""How the reading pane's pages look: the CSS, the colours of marks, and the page that shows
only a message. Kept apart from `page_html` (the marked-up page) because the window's first
frame — the “opening the knowledge base” message — needs only this.
"""
from __future__ import annotations

# html.escape's replacements, without importing the html package (and its table of entities)
# before the window's first frame
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})


def escape(text: str) -> str:
    """Text as HTML that shows exactly these characters (& < > " ' escaped)."""
    return text.translate(_ESCAPES)


SENTENCE_BG = "#dbeafe"
SELECTED_METRIC_BG = "#bfdbfe"
HIT_BG = "#fde68a"
CURRENT_HIT_BG = "#f59e0b"
SENTENCE_ANCHOR = "sentence"
HIGHLIGHT_COLOURS = (SENTENCE_BG, SELECTED_METRIC_BG)


def stylesheet(font_family: str, scale: float = 1.0) -> str:
    """The page's CSS (the subset Qt's rich text understands), sizes scaled by `scale`."""
    family = font_family.replace('"', "")

    def px(size: float) -> str:
        return f"{round(size * scale)}px"

    return f"""
body {{ font-family: "{family}"; font-size: {px(16)}; color: #1f2937; }}
p.kicker {{ color: #b91c1c; font-size: {px(13)}; font-weight: bold; margin-top: 0px; margin-bottom: 2px; }}
h1 {{ font-size: {px(24)}; font-weight: bold; color: #111827; margin-top: 2px; margin-bottom: 6px; }}
p.source {{ color: #6b7280; font-size: {px(13)}; margin-top: 0px; margin-bottom: 8px; }}
h2 {{ font-size: {px(19)}; font-weight: bold; color: #b91c1c; margin-top: 18px; margin-bottom: 6px; }}
h3 {{ font-size: {px(17)}; font-weight: bold; color: #111827; margin-top: 12px; margin-bottom: 4px; }}
p.item {{ font-size: {px(17)}; font-weight: bold; color: #374151; margin-top: 10px; margin-bottom: 4px; }}
p.body {{ line-height: 175%; text-indent: {px(32)}; margin-top: 0px; margin-bottom: 8px; }}
p.muted {{ color: #6b7280; font-size: {px(13)}; margin-top: 0px; margin-bottom: 2px; }}
p.empty {{ color: #6b7280; font-size: {px(15)}; }}
"""


def render_message(title: str, text: str) -> str:
    """A page with only a message (nothing selected, knowledge base loading, …)."""
    return (f"<html><body><h1>{escape(title)}</h1>"
            f'<p class="empty">{escape(text)}</p></body></html>')
