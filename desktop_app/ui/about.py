"""The About box: version, what Zhiku is, and the licences of what it ships."""
from __future__ import annotations

import html

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, qVersion

from desktop_app import __version__

# (component, licence) for everything bundled with the application.
LICENCES = (
    ("Zhiku", "Apache-2.0"),
    ("Qt 6 / PySide6", "LGPL-3.0"),
    ("WenQuanYi Micro Hei 文泉驿微米黑", "Apache-2.0 (or GPL-3.0+ with font exception)"),
    ("Whoosh (whoosh-reloaded)", "BSD-2-Clause"),
    ("rjieba / jieba-rs", "MIT"),
    ("sqlite-utils", "Apache-2.0"),
    ("SQLite", "Public domain"),
    ("platformdirs", "MIT"),
)

translate = QCoreApplication.translate


def about_html() -> str:
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>&nbsp;&nbsp;{html.escape(licence)}</td></tr>"
        for name, licence in LICENCES
    )
    name = html.escape(translate("About", "Zhiku"))
    what = html.escape(translate(
        "About", "An offline knowledge base of government press releases: achievements, priorities and every figure in them."))
    offline = html.escape(translate("About", "Nothing is ever sent over the network."))
    licences = html.escape(translate("About", "Licences"))
    return (
        f"<h3>{name} {html.escape(__version__)}</h3><p>{what}</p><p>{offline}</p>"
        f"<p><b>{licences}</b></p><table>{rows}</table>"
        f"<p><small>Qt {html.escape(qVersion())} · PySide6 {html.escape(pyside_version)}</small></p>"
    )
