"""The worst-case part of benchmarks/bench_parse.py runs: each kind of file (text, Markdown,
HTML, Word) is written, loaded in a fresh process and measured (a broken child script printed
a traceback per row and no numbers)."""
import importlib.util
import sys
from pathlib import Path

_SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_parse.py"
_spec = importlib.util.spec_from_file_location("bench_parse", _SCRIPT)
bench_parse = sys.modules.setdefault("bench_parse", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(bench_parse)


def test_each_kind_of_worst_case_file_is_loaded_and_measured(capsys):
    shapes = ["figure_sentence", "md_brackets", "html_open_tags", "docx_empty_runs"]
    rows = bench_parse.run_worst_cases(shapes, [0.02])
    assert [row.get("error") for row in rows] == [None] * len(shapes)
    assert all(row["seconds"] > 0 and row["peak_mb"] > 0 for row in rows)
    assert rows[0]["figures"] > 100  # the text was parsed, not only read
    bench_parse.print_worst_cases(rows)
    assert "failed" not in capsys.readouterr().out
