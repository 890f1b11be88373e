"""The documentation follows the code: README opens with the two set-up commands and stays
short, every page it moved is linked, every link lands, and docs/cli.md names every
subcommand of `zhiku --help` with the JSON it prints."""
from __future__ import annotations

import argparse
import re
from pathlib import Path

from desktop_app.cli import build_parser

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
DOCS = REPO / "docs"
CLI_DOC = DOCS / "cli.md"
PAGES = [README, REPO / "CONTRIBUTING.md", *sorted(DOCS.glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def subcommands() -> list[str]:
    """The subcommands `python -m desktop_app --help` lists, read from the parser itself."""
    actions = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(actions) == 1
    return list(actions[0].choices)


def command_rows(markdown: str) -> dict[str, str]:
    """Subcommand -> its `--json` cell, from the rows of docs/cli.md's command table."""
    rows = {}
    for line in markdown.splitlines():
        found = re.match(r"\| `([a-z]+)[^`]*`[^|]* \| (.+) \|$", line)
        if found:
            rows[found.group(1)] = found.group(2)
    return rows


def anchor(heading: str) -> str:
    """GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to '-'."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading anchor of a Markdown page (outside fenced code)."""
    found, fenced = set(), False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            found.add(anchor(line.lstrip("#")))
    return found


def test_every_subcommand_of_help_is_in_cli_md_with_its_json_shape():
    names = subcommands()
    assert {"parse", "import", "list", "search", "summary"} <= set(names)
    rows = command_rows(CLI_DOC.read_text(encoding="utf-8"))
    missing = [name for name in names if name not in rows]
    assert missing == []
    # every subcommand takes --json: its row gives the JSON object or list it prints
    assert [name for name in names if not re.search(r"`[{\[]", rows[name])] == []


def test_the_table_reader_sees_a_missing_row():
    """The check above fails when a subcommand's row is dropped."""
    text = CLI_DOC.read_text(encoding="utf-8")
    cut = "\n".join(line for line in text.splitlines() if not line.startswith("| `reindex`"))
    assert "reindex" in command_rows(text) and "reindex" not in command_rows(cut)


def test_readme_opens_with_the_two_commands_and_stays_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 150
    block = lines[lines.index("```sh") + 1:lines.index("```")]
    assert [line.split("#")[0].strip() for line in block] == ["make run", "make test"]
    assert lines.index("```sh") <= 3  # right under the title


def test_ci_runs_the_test_command_readme_gives():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "make test" in ci and "make lint" in ci


def test_every_docs_page_is_linked_from_readme():
    linked = {target.split("#")[0] for target in LINK.findall(README.read_text(encoding="utf-8"))}
    pages = {f"docs/{p.name}" for p in DOCS.glob("*.md")} | {"CONTRIBUTING.md"}
    assert pages - linked == set()


def test_every_relative_link_and_anchor_lands():
    broken = []
    for page in PAGES:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue
            path_part, _, fragment = target.partition("#")
            path = (page.parent / path_part).resolve() if path_part else page
            if not path.exists():
                broken.append(f"{page.name}: {target}")
            elif fragment and path.suffix == ".md" and fragment not in anchors(path):
                broken.append(f"{page.name}: {target} (no such heading)")
    assert broken == []


# Files that still cite issue numbers, each with its reason.
CITES_ISSUES: dict[str, str] = {}  # path → why it still cites one (none now)


def test_comments_say_what_must_hold_not_which_issue_asked_for_it():
    cites = re.compile(r"\b[Ii]ssues? #?\d+")
    sources = [p for folder in ("desktop_app", "tests", "benchmarks", "scripts", "resources")
               for p in (REPO / folder).rglob("*.py") if "data" not in p.relative_to(REPO).parts]
    sources += [REPO / "Makefile", REPO / "pyproject.toml", REPO / "build.spec", REPO / ".ci" / "run", *PAGES]
    found = sorted(str(p.relative_to(REPO)) for p in sources
                   if p.name != "test_docs.py" and cites.search(p.read_text(encoding="utf-8")))
    assert set(found) <= set(CITES_ISSUES), found
