"""The outline in the CLI: level and parent_id in `list --json`, `show --json` and the search
hits (with parent_heading); readable output indents items under their area.

The parser may not yet give two levels for a file, so the nested document is built by hand
(dataclasses.replace on parsed sections) and stored through the store and knowledge base.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from desktop_app.cli import main
from desktop_app.core.kb import KnowledgeBase
from desktop_app.core.model import Document
from desktop_app.core.parser import parse_file
from desktop_app.core.store import content_hash

DATA = Path(__file__).resolve().parents[1] / "data"
ITEM_OPENINGS = ("一是", "二是", "三是", "（一）", "（二）", "第一", "第二")


def nested(doc: Document) -> Document:
    """The document with its enumerated items (一是…, （一）…, 第一…) as level-2 items of the
    level-1 section before them, everything else level 1."""
    sections, parent = [], None
    for index, section in enumerate(doc.sections):
        if (section.heading or "").startswith(ITEM_OPENINGS) and parent is not None:
            sections.append(dataclasses.replace(section, level=2, parent=parent))
        else:
            sections.append(dataclasses.replace(section, level=1, parent=None))
            parent = index
    return dataclasses.replace(doc, sections=tuple(sections))


def store_nested(folder: Path) -> int:
    """A knowledge base in `folder` holding only the nested areas release, nested; its id."""
    doc = nested(parse_file(DATA / "structure_nested_areas.txt"))
    assert sum(s.level == 2 for s in doc.sections) == 7
    with KnowledgeBase.open(folder, seed=False) as kb:
        with kb._writing(), kb._store.transaction():
            doc_id = kb._store.insert_document(doc, content_hash=content_hash(doc.text), source_path=None,
                                               imported_at="2024-01-01T00:00:00Z")
        kb.reindex()
    return doc_id


def run_json(capsys, folder: Path, *args: str):
    assert main(["--data-dir", str(folder), "--no-seed", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def run_text(capsys, folder: Path, *args: str) -> str:
    assert main(["--data-dir", str(folder), "--no-seed", *args]) == 0
    return capsys.readouterr().out


def sections_by_heading(capsys, folder: Path) -> dict[str, dict]:
    [doc] = run_json(capsys, folder, "list")
    return {s["heading"]: s for s in doc["sections"]}


def test_list_json_gives_each_section_its_level_and_parent(tmp_path, capsys):
    store_nested(tmp_path)
    sections = sections_by_heading(capsys, tmp_path)
    area, item = sections["二、社会保障扩面提质"], sections["一是参保覆盖持续扩大"]
    assert (area["level"], area["parent_id"]) == (1, None)
    assert (item["level"], item["parent_id"]) == (2, area["id"])
    assert sections["（二）平台建设加快"]["parent_id"] == sections["三、人才工作成效明显"]["id"]
    assert set(area) == {"id", "kind", "number", "keyword", "heading", "level", "parent_id"}


def test_show_json_gives_level_and_parent(tmp_path, capsys):
    store_nested(tmp_path)
    sections = sections_by_heading(capsys, tmp_path)
    item = sections["二是待遇水平稳步提高"]
    shown = run_json(capsys, tmp_path, "show", str(item["id"]))
    assert (shown["level"], shown["parent_id"]) == (2, sections["二、社会保障扩面提质"]["id"])
    area = run_json(capsys, tmp_path, "show", str(item["parent_id"]))
    assert (area["level"], area["parent_id"]) == (1, None)


def test_search_json_hits_name_their_parent(tmp_path, capsys):
    store_nested(tmp_path)
    sections = sections_by_heading(capsys, tmp_path)
    result = run_json(capsys, tmp_path, "search", "待遇水平")
    hit = next(h for h in result["hits"] if h["heading"] == "二是待遇水平稳步提高")
    assert (hit["level"], hit["parent_id"], hit["parent_heading"]) == (
        2, sections["二、社会保障扩面提质"]["id"], "二、社会保障扩面提质")
    area_hits = run_json(capsys, tmp_path, "search", "就业形势")["hits"]
    assert [(h["level"], h["parent_id"], h["parent_heading"]) for h in area_hits
            if h["heading"] == "一、就业形势总体稳定"] == [(1, None, None)]


def test_search_json_title_hits_carry_the_outline_too(tmp_path, capsys):
    store_nested(tmp_path)
    hits = run_json(capsys, tmp_path, "search", "综述")["hits"]
    assert hits and all({"level", "parent_id", "parent_heading"} <= set(h) for h in hits)


def test_readable_list_indents_items_under_their_area(tmp_path, capsys):
    store_nested(tmp_path)
    lines = run_text(capsys, tmp_path, "list").splitlines()
    area = next(line for line in lines if line.endswith("二、社会保障扩面提质"))
    item = next(line for line in lines if line.endswith("一是参保覆盖持续扩大"))
    # the same id column, then the item's label four columns further in
    assert item.index("主要成效") == area.index("主要成效") + 4
    assert lines.index(item) == lines.index(area) + 1


def test_readable_show_puts_an_item_under_its_area(tmp_path, capsys):
    store_nested(tmp_path)
    sections = sections_by_heading(capsys, tmp_path)
    item = sections["（一）引才规模扩大"]
    lines = run_text(capsys, tmp_path, "show", str(item["id"])).splitlines()
    assert lines[0].startswith(f"[{item['parent_id']}] ") and "三、人才工作成效明显" in lines[0]
    assert lines[1].startswith(f"    [{item['id']}] ") and "（一）引才规模扩大" in lines[1]
    area = run_text(capsys, tmp_path, "show", str(item["parent_id"])).splitlines()
    assert area[0].startswith(f"[{item['parent_id']}] ") and area[1] == ""


def test_readable_search_names_area_and_item(tmp_path, capsys):
    store_nested(tmp_path)
    out = run_text(capsys, tmp_path, "search", "待遇水平")
    [line] = [line for line in out.splitlines() if "二是待遇水平稳步提高" in line]
    assert line.startswith("    [")
    assert line.endswith("二、社会保障扩面提质 › 二是待遇水平稳步提高")
