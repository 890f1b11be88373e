"""Releases dated in every written form (and undated), for the date and filter tests.

Usable by hand: `dated_releases(folder)` writes the files and returns their paths.
"""
from __future__ import annotations

from pathlib import Path

# file name -> (date line under the title or None, issuer opening the body)
RELEASES = {
    "a_chinese.txt": ("2021年3月5日", "淄博市统计局"),
    "b_iso.txt": ("2022-10-14", "潍坊市统计局"),
    "c_english.txt": ("Sept. 27, 2022", "临沂市人民政府"),
    "d_no_year.txt": ("10月14日", "烟台市统计局"),
    "e_undated.txt": (None, "济宁市公安局"),
    "f_undated.txt": (None, "大庆市统计局"),
    "g_slash.txt": ("2023/1/2", "徐州市统计局"),
}


def release_text(title: str, dateline: str | None, issuer: str) -> str:
    """A short release: title, date line, a lead naming the issuer, one section with 网格员."""
    lines = [title] + ([dateline] if dateline else [])
    lines += [f"{issuer}召开新闻发布会，通报全市网格员工作情况。",
              "一、主要成效", "全市网格员共有100名，粮食产量增长3%。", ""]
    return "\n".join(lines)


def dated_releases(folder: Path) -> list[Path]:
    """Write RELEASES into `folder` (created); return their paths in name order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, (dateline, issuer) in RELEASES.items():
        path = folder / name
        path.write_text(release_text(f"{issuer}发布会{name[0]}", dateline, issuer), encoding="utf-8")
        paths.append(path)
    return paths
