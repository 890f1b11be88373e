"""Releases for indicators across releases: dates only the text or the file name
gives, a misleading file modification time, and figures whose labels and units must or must
not merge into one indicator.

Usable by hand: `inferred_date_releases(folder)` and `indicator_releases(folder)` write the
files and return their paths.
"""
from __future__ import annotations

import os
from pathlib import Path

# file name -> (text, the date Zhiku must infer or None, its date_source or None)
INFERRED = {
    "byline.txt": ("全市平安建设取得新成效\n3月4日，市委政法委召开新闻发布会，介绍有关情况。\n"
                   "本报记者  张三《人民日报》（2024年03月05日第 02 版）\n", "2024-03-05", "inferred"),
    "this_year.txt": ("全市网格化服务管理情况发布会\n10月14日，市委宣传部召开新闻发布会。今年是2021年，"
                      "也是“十四五”开局之年。\n", "2021-10-14", "inferred"),
    "year_then_day.txt": ("2020年\n9月3日，市统计局召开新闻发布会。\n", "2020-09-03", "inferred"),
    "two_years.txt": ("全市经济运行情况\n1月20日，市统计局发布2021年经济数据，与2020年相比明显回升。\n",
                      None, None),
    "发布会-2019-07-08.txt": ("全市发布会\n市委召开新闻发布会。\n", "2019-07-08", "filename"),
    "20180102_发布会.txt": ("全市发布会\n12月30日，市委召开新闻发布会。\n", "2017-12-30", "filename"),
    "no_date.txt": ("全市发布会\n市委召开新闻发布会，介绍网格员工作。\n", None, None),
}
OLD_MTIME = 1_577_836_800  # 2020-01-01: a copied file's time, which must never date it


def inferred_date_releases(folder: Path) -> list[Path]:
    """Write INFERRED into `folder` (created), each file's modification time set to 2020-01-01;
    return their paths in name order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, (text, _, _) in sorted(INFERRED.items()):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        os.utime(path, (OLD_MTIME, OLD_MTIME))
        paths.append(path)
    return paths


# Releases whose figures must or must not merge: (file name, dateline, sentences).
INDICATOR_RELEASES = (
    ("r1.txt", "2019年10月14日", "全市共发生刑事案件3237起，同比下降36.01%。全市实际利用外资5亿美元。"
                             "全市粮食产量达到120万吨。全市ＰＭ２.５平均浓度为38微克。"),
    ("r2.txt", "2020年10月14日", "全市共发生“刑事案件”3100起，同比增长5%。全市实际利用外资30亿元。"
                             "全市粮食产量达到80万亩。全市PM2.5平均浓度为35微克。"),
    ("r3.txt", "2021年10月14日", "全市刑事案件数2900起，同比减少6.5%。全市刑事案件立案数2500起。"
                             "全市共查处刑事案件120件。全市刑事案件总数下降到2800起。"),
    ("r4.txt", None, "全市刑事案件总数2700起。"),
)


def indicator_releases(folder: Path) -> list[Path]:
    """Write INDICATOR_RELEASES into `folder` (created); return their paths in order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, dateline, sentences in INDICATOR_RELEASES:
        lines = ["全市平安建设新闻发布会", *([dateline] if dateline else []),
                 "市委政法委召开新闻发布会，介绍有关情况。", "一、主要成效", sentences, ""]
        path = folder / name
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths
