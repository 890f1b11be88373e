"""The picture of the 指标对比 view in docs/window.md: the releases of tests/hostile/trend.py (and one
dated by its file name, with an approximate figure) in a temporary folder, 刑事案件 compared
and one point chosen, the window rendered offscreen.

    QT_QPA_PLATFORM=offscreen PYTHONPATH=. .venv/bin/python scripts/screenshot_compare.py docs/screenshots/compare.png
"""
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.core.kb import KnowledgeBase
from desktop_app.ui.app import GuiApp, ensure_application, render_window
from desktop_app.ui.settings import open_settings
from tests.hostile.trend import indicator_releases

out = Path(sys.argv[1])
tmp = Path(tempfile.mkdtemp())
src = tmp / "src"
paths = indicator_releases(src)
extra = src / "发布会-2022-10-14.txt"
extra.write_text("全市平安建设新闻发布会\n10月14日\n市委政法委召开新闻发布会，介绍有关情况。\n一、主要成效\n全市共发生刑事案件近3000起。\n",
                 encoding="utf-8")
with KnowledgeBase.open(tmp / "data", seed=False) as kb:
    kb.import_paths([*paths, extra])
ensure_application()
gui = GuiApp(tmp / "data", open_settings(tmp / "s.ini"), language="zh_CN")
gui.window.resize(1280, 800)
gui.show()


def spin(ms: int) -> None:
    """Run the event loop for `ms` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


while not gui.session.is_ready:
    spin(50)
spin(300)
w = gui.window
w.compare.compare("刑事案件", "起")
spin(800)
view = w.compare.view
view.chart.point_clicked.emit(2)
spin(300)
w.resizeDocks([w.compare], [330], Qt.Orientation.Vertical)
spin(300)
render_window(w).save(str(out))
gui.close()
QApplication.processEvents()
print("saved", out)
