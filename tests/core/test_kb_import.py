"""Importing into the knowledge base: encodings and formats, idempotence, replacement, delete."""
import dataclasses
import html
import os
import zipfile
from pathlib import Path

import pytest

from desktop_app.core.kb import KnowledgeBase
from tests.hostile import files as hostile
from tests.hostile import names

GIB = 1024 * 1024 * 1024

SEED_NEEDLE = "全市共配备网格员7600余人"


@pytest.fixture
def seed_text(seed_path):
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture
def empty_kb(tmp_path):
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        yield kb


def _docx(path, lines):
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{html.escape(line)}</w:t></w:r></w:p>'
                   for line in lines)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("[Content_Types].xml",
                         '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                         '<Default Extension="xml" ContentType="application/xml"/>'
                         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                         '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                         'officedocument.wordprocessingml.document.main+xml"/></Types>')
        package.writestr("_rels/.rels",
                         '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                         'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        package.writestr("word/document.xml",
                         f'<?xml version="1.0"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>')


@pytest.mark.parametrize("name, encoding, expected", [
    ("utf8-bom.txt", "utf-8-sig", "utf-8"),
    ("utf16.txt", "utf-16", "utf-16-le"),
    ("gb18030.txt", "gb18030", "gb18030"),
    ("中文名.txt", "utf-8", "utf-8"),
])
def test_each_encoding_imports_and_is_searchable(empty_kb, tmp_path, seed_text, name, encoding, expected):
    path = tmp_path / name
    path.write_bytes(seed_text.replace("\n", "\r\n").encode(encoding))
    report = empty_kb.import_paths([path])
    assert report.refused == () and len(report.imported) == 1
    doc = empty_kb.document(report.imported[0][1])
    assert (doc.file, doc.encoding, len(doc.sections), doc.metric_count + doc.borderline_count) == \
        (name, expected, 13, 40)
    assert empty_kb.document_text(doc.id) == seed_text  # BOM dropped, CRLF normalised
    assert {h.heading for h in empty_kb.search("网格员").hits} == {
        "社会治理基层基础持续夯实筑牢", "围绕一个“用”字,进一步夯实网格化管理根基"}


def test_html_and_docx_import(empty_kb, tmp_path, seed_text):
    page = tmp_path / "page.html"
    page.write_text("<html><head><script>alert(1)</script></head><body>"
                    + "".join(f"<p>{html.escape(line)}</p>" for line in seed_text.splitlines())
                    + "</body></html>", encoding="utf-8")
    word = tmp_path / "稿件.docx"
    _docx(word, ["全市网格化管理会议", "11月2日,市委政法委召开会议。", "全市新增专职网格员300余人。"])
    report = empty_kb.import_paths([page, word])
    assert report.refused == () and len(report.imported) == 2
    assert empty_kb.search("alert").total == 0  # markup is data, never text
    assert empty_kb.search(SEED_NEEDLE).total == 1
    assert [h.doc_title for h in empty_kb.search("专职网格员300").hits] == ["全市网格化管理会议"]


def test_refused_files_get_their_own_error_and_the_rest_goes_on(empty_kb, tmp_path, seed_text):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    (tmp_path / "in" / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "good.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "in" / "photo.jpg").write_bytes(b"\xff\xd8\xff")  # not picked up from a folder
    report = empty_kb.import_paths([tmp_path / "in", tmp_path / "missing.txt"])
    assert [p.rsplit("/", 1)[-1] for p, _ in report.imported] == ["good.txt"]
    refused = {p.rsplit("/", 1)[-1]: e for p, e in report.refused}
    assert set(refused) == {"old.doc", "scan.pdf", "empty.txt", "missing.txt"}
    assert ".docx" in refused["old.doc"] and "old.doc" in refused["old.doc"]


def test_empty_folder_is_reported(empty_kb, tmp_path):
    (tmp_path / "nothing").mkdir()
    report = empty_kb.import_paths([tmp_path / "nothing"])
    assert report.imported == () and len(report.refused) == 1


def test_reimporting_identical_content_changes_nothing(tmp_path, seed_text):
    path = tmp_path / "a.txt"
    path.write_text(seed_text, encoding="utf-8")
    copy = tmp_path / "copy-in-gbk.txt"
    copy.write_bytes(seed_text.encode("gb18030"))
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        first = kb.import_paths([path]).imported[0][1]
        state = kb._store.state()
        report = kb.import_paths([path, copy])
        assert report.imported == ()
        assert report.skipped == (
            (str(path), first, "已导入过，内容未变 / unchanged"),
            (str(copy), first, f"与文档 {first} 内容相同 / same content as document {first}"))
        assert kb._store.state() == state  # not even the generation moved
        assert len(kb.documents()) == 1


def test_changed_file_replaces_its_document_and_keeps_user_edits(empty_kb, tmp_path, seed_text):
    path = tmp_path / "release.txt"
    path.write_text(seed_text, encoding="utf-8")
    doc_id = empty_kb.import_paths([path]).imported[0][1]
    empty_kb.set_properties(doc_id, title="我的标题", year=2022)
    path.write_text(seed_text.replace("7600余人", "8800余人"), encoding="utf-8")
    report = empty_kb.import_paths([path])
    assert report.imported == ((str(path), doc_id),)
    assert report.replaced == ((str(path), doc_id),)  # the user can see it was a replacement
    docs = empty_kb.documents()
    assert [(d.id, d.title, d.date) for d in docs] == [(doc_id, "我的标题", "2022-10-14")]
    assert empty_kb.search("7600余人").total == 0
    assert empty_kb.search("8800余人").total == 1
    assert [m.value for m in empty_kb.metrics(label="网格员")] == [8800]


def test_moved_file_with_same_name_replaces_its_document(empty_kb, tmp_path, seed_text):
    old = tmp_path / "old" / "release.txt"
    old.parent.mkdir()
    old.write_text(seed_text, encoding="utf-8")
    doc_id = empty_kb.import_paths([old]).imported[0][1]
    new = tmp_path / "new" / "release.txt"
    new.parent.mkdir()
    new.write_text(seed_text.replace("7600余人", "8800余人"), encoding="utf-8")
    old.unlink()
    assert empty_kb.import_paths([new]).imported == ((str(new), doc_id),)
    assert len(empty_kb.documents()) == 1


def test_unrelated_release_with_the_same_name_never_replaces_a_moved_ones_document(
        empty_kb, tmp_path, seed_text):
    """Every office calls its file 新闻通稿.txt: a different release (another title) whose
    name matches a document whose folder is gone is a new document, not a replacement."""
    first = tmp_path / "十月" / "新闻通稿.txt"
    first.parent.mkdir()
    first.write_text(seed_text, encoding="utf-8")
    first_id = empty_kb.import_paths([first]).imported[0][1]
    first.unlink()
    first.parent.rmdir()
    second = tmp_path / "十一月" / "新闻通稿.txt"
    second.parent.mkdir()
    other = seed_text.replace("纵深推进平安淄博各项建设", "全面推进法治淄博建设", 1).replace("7600余人", "8800余人")
    second.write_text(other, encoding="utf-8")
    report = empty_kb.import_paths([second])
    assert report.replaced == () and report.imported[0][1] != first_id
    titles = sorted(d.title for d in empty_kb.documents())
    assert len(titles) == 2 and any("全面推进法治淄博建设" in t for t in titles)
    assert empty_kb.search("7600余人").total == 1 and empty_kb.search("8800余人").total == 1


def test_same_name_elsewhere_is_a_new_document(empty_kb, tmp_path, seed_text):
    for folder, figure in (("a", "7600余人"), ("b", "8800余人")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "发布.txt").write_text(seed_text.replace("7600余人", figure), encoding="utf-8")
    empty_kb.import_paths([tmp_path / "a", tmp_path / "b"])
    assert len(empty_kb.documents()) == 2


def test_delete_removes_document_from_store_and_search(empty_kb, tmp_path, seed_text):
    path = tmp_path / "a.txt"
    path.write_text(seed_text, encoding="utf-8")
    doc_id = empty_kb.import_paths([path]).imported[0][1]
    empty_kb.delete_document(doc_id)
    assert empty_kb.documents() == [] and empty_kb.metrics() == []
    assert empty_kb.search("网格").total == 0
    # and the same file can come back
    assert len(empty_kb.import_paths([path]).imported) == 1


def test_progress_and_cancel(empty_kb, tmp_path, seed_text):
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(seed_text.replace("7600", str(7000 + i)), encoding="utf-8")
    calls = []
    report = empty_kb.import_paths([tmp_path], progress=lambda d, t, p: calls.append((d, t)),
                                   cancel=lambda: len(calls) >= 2)
    assert calls == [(1, 4), (2, 4)]
    assert len(report.imported) == 2 and len(empty_kb.documents()) == 2
    assert report.cancelled == 2  # the summary says two files were left
    assert empty_kb.import_paths([tmp_path]).cancelled == 0


def _three_releases(tmp_path, seed_text):
    for i in range(3):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / f"{i}.txt").write_text(seed_text.replace("7600", str(7000 + i)), encoding="utf-8")
    return tmp_path / "in"


def test_an_import_takes_the_write_lock_once_for_all_its_batches(empty_kb, tmp_path, seed_text, monkeypatch):
    from desktop_app.core import kb_import, write_lock

    monkeypatch.setattr(kb_import, "BATCH_FILES", 1)
    taken = []
    acquire = write_lock.WriteLock.acquire

    def counting(lock, timeout):
        if not lock._depth:
            taken.append(timeout)
        acquire(lock, timeout)

    monkeypatch.setattr(write_lock.WriteLock, "acquire", counting)
    assert len(empty_kb.import_paths([_three_releases(tmp_path, seed_text)]).imported) == 3
    assert taken == [empty_kb.lock_wait]  # not once per batch (3 s each)


def test_an_import_stopped_by_busy_keeps_and_prints_what_it_imported(tmp_path, seed_text, monkeypatch, capsys):
    from desktop_app.cli import main
    from desktop_app.core import kb_import
    from desktop_app.core.errors import BusyError
    from desktop_app.core.store import busy_error

    monkeypatch.setattr(kb_import, "BATCH_FILES", 1)
    commit = KnowledgeBase._commit_batch
    calls = []

    def busy_on_second(kb, *args):
        calls.append(1)
        if len(calls) == 2:
            raise busy_error(kb.data_dir)
        commit(kb, *args)

    monkeypatch.setattr(KnowledgeBase, "_commit_batch", busy_on_second)
    folder = _three_releases(tmp_path, seed_text)
    with KnowledgeBase.open(tmp_path / "kb", seed=False) as kb:
        with pytest.raises(BusyError) as caught:
            kb.import_paths([folder])
        assert [p for p, _ in caught.value.partial.imported] == [str(folder / "0.txt")]
        assert len(kb.documents()) == 1  # the first batch is committed
    calls.clear()
    assert main(["import", str(folder), "--data-dir", str(tmp_path / "kb2"), "--no-seed"]) == 3
    captured = capsys.readouterr()
    assert "导入 imported" in captured.out and "0.txt" in captured.out and "1.txt" not in captured.out
    assert "知识库正忙" in captured.err


def _stored(kb):
    """Everything an import stored, except the import time."""
    return [(dataclasses.replace(doc, imported_at=""), kb.document_text(doc.id), kb.metrics(doc_id=doc.id))
            for doc in sorted(kb.documents(), key=lambda d: d.id)]


def test_parse_workers_store_exactly_what_parsing_here_stores(tmp_path, seed_text, monkeypatch):
    from desktop_app.core import import_files, kb_import

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(12):
        (folder / f"{i:02}.txt").write_text(seed_text.replace("7600", str(7000 + i)), encoding="utf-8")
    with KnowledgeBase.open(tmp_path / "here", seed=False) as kb:
        kb.import_paths([folder])
        expected = _stored(kb)
    # Several batches, each committed while the worker parses further ahead.
    for name, value in (("PARALLEL_MIN_FILES", 4), ("PARSE_AHEAD_FILES", 16)):
        monkeypatch.setattr(import_files, name, value)
    monkeypatch.setattr(kb_import, "BATCH_FILES", 3)
    parsed_here = []
    parse_one = import_files.parse_one
    monkeypatch.setattr(import_files, "parse_one", lambda path: parsed_here.append(path) or parse_one(path))
    previous = import_files.allow_parse_workers(True)
    try:
        with KnowledgeBase.open(tmp_path / "workers", seed=False) as kb:
            report = kb.import_paths([folder])
            assert _stored(kb) == expected
    finally:
        import_files.allow_parse_workers(previous)
    # the first chunk was parsed here while the worker started, the worker parsed the rest
    assert parsed_here == [folder / f"{i:02}.txt" for i in range(import_files.PARSE_CHUNK)]
    assert [path for path, _ in report.imported] == [str(folder / f"{i:02}.txt") for i in range(12)]


class _SlowPool:
    """A stand-in for the worker pool whose chunks are parsed only when their result is
    asked for (a slow worker), or at once (`prompt`: a worker that keeps up). As in a
    real ProcessPoolExecutor of one worker, the first 2 chunks given (its call queue:
    max_workers + 1) count as running and cannot be taken back; `started`: every chunk
    given does. Records the files it was given."""

    CALL_QUEUE = 2

    def __init__(self, *args, prompt=False, started=False, **kwargs):
        self.prompt, self.started, self.given, self.futures = prompt, started, [], []

    def submit(self, fn, chunk):
        from concurrent.futures import Future

        self.given += list(chunk)
        future = Future()
        if self.prompt:
            future.set_result(fn(chunk))
        else:
            running = [f for f in self.futures if f.running()]
            if self.started or len(running) < self.CALL_QUEUE:
                future.set_running_or_notify_cancel()
            future.result = lambda timeout=None: fn(chunk)  # done() stays False until asked
            self.futures.append(future)
        return future

    def shutdown(self, wait=True, cancel_futures=False):
        pass


@pytest.mark.parametrize(("pool", "lead"), [("queued", 0), ("started", 0), ("prompt", 0), ("prompt", 8)])
def test_this_process_parses_what_no_worker_has_started_instead_of_waiting(tmp_path, seed_text,
                                                                         monkeypatch, pool, lead):
    """While the next chunk in order is not back from a worker, the importing process
    takes back the nearest chunk still queued for a worker and parses it (before: it
    parsed the *last* chunks, not yet given out, and once the workers were done it had
    ~1 s of its own parsed files left to store alone), else a chunk not given out; it
    never waits while there is parsing to do. When the workers keep up it parses nothing
    but the first LEAD_FILES (parsed while the workers start). Results in file order."""
    from desktop_app.core import import_files

    files = []
    for i in range(40):
        files.append(tmp_path / f"{i:02}.txt")
        files[-1].write_text(seed_text.replace("7600", str(7000 + i)), encoding="utf-8")
    pools = []
    monkeypatch.setattr(import_files, "ProcessPoolExecutor", lambda *a, **k: pools.append(
        _SlowPool(prompt=pool == "prompt", started=pool == "started")) or pools[-1])
    monkeypatch.setattr(import_files, "worker_count", lambda: 1)
    monkeypatch.setattr(import_files, "PARSE_CHUNK", 4)
    monkeypatch.setattr(import_files, "QUEUED_CHUNKS", 4)  # more than the call queue holds
    monkeypatch.setattr(import_files, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(import_files, "LEAD_FILES", lead)
    parsed_here = []
    parse_one = import_files.parse_one  # the workers' (the pool's chunks) are not recorded
    monkeypatch.setattr(import_files, "parse_chunk", lambda chunk: ([(*parse_one(p), None) for p in chunk], []))
    monkeypatch.setattr(import_files, "parse_one", lambda path: parsed_here.append(path) or parse_one(path))
    results = list(import_files.parse_files(files))
    assert [path for path, *_ in results] == files
    assert all(doc is not None and doc.text.count("7") for _, doc, *_ in results)
    if pool == "prompt":
        assert parsed_here == files[:lead] and pools[0].given == files[lead:]
    elif pool == "queued":
        # the two chunks in the call queue came back when asked; every chunk waiting in the
        # pool was taken back, nearest first: all else parsed here, in order
        assert pools[0].given[:8] == files[:8] and parsed_here == files[8:]
    else:
        # the two chunks a worker took came back only when asked; all else was parsed here
        assert pools[0].given[:8] == files[:8]
        assert parsed_here and set(parsed_here) == set(files) - set(pools[0].given)
        assert [path for path in files if path in parsed_here] == parsed_here  # in order


# ------------------------------------------------------------------ hostile files

def _shown(report) -> list[str]:
    """Every path an import report shows: each must be printable UTF-8."""
    paths = [p for p, *_ in report.imported + report.skipped + report.refused]
    for path in paths:
        path.encode("utf-8")  # raises on a surrogate
    return paths


def _good(folder, name="good.txt", marker="好文件"):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(hostile.GOOD_RELEASE.replace("网格化", marker), encoding="utf-8")


def test_a_file_name_that_is_not_utf8_imports_with_the_files_beside_it(empty_kb, tmp_path):
    """A GBK name from a Windows zip aborted the whole import (UnicodeEncodeError, exit 4)
    and imported nothing. Now it imports; its name is shown with U+FFFD."""
    folder = tmp_path / "in"
    _good(folder)
    gbk = hostile.gbk_named_release(folder)
    labels = []

    report = empty_kb.import_paths([folder], progress=lambda d, t, p: labels.append(p))

    assert len(report.imported) == 2 and report.refused == ()
    shown = _shown(report)
    assert any("\ufffd" in p for p in shown) and all("\ufffd" not in p or p.endswith(".txt") for p in shown)
    files = sorted(d.file for d in empty_kb.documents())
    assert files[0] == "good.txt" and "\ufffd" in files[1] and files[1].endswith(".txt")
    assert all(label.encode("utf-8") for label in labels)
    assert empty_kb.search("GBK").total == 1
    # identity is the raw name: the same file is recognised, and a changed one replaced
    gbk_id = next(d for p, d in report.imported if "\ufffd" in p)
    assert [r[2] for r in empty_kb.import_paths([gbk]).skipped] == ["已导入过，内容未变 / unchanged"]
    gbk.write_text(hostile.GOOD_RELEASE.replace("近3万起", "近4万起"), encoding="utf-8")
    assert empty_kb.import_paths([gbk]).replaced == ((_shown(report)[1], gbk_id),)


def test_a_moved_non_utf8_file_replaces_its_document_only_once_its_old_path_is_gone(
        empty_kb, tmp_path):
    """Moved-file detection reads the escaped raw name back: while the original still
    exists, an edited copy elsewhere is a document of its own."""
    (tmp_path / "a").mkdir()
    original = hostile.gbk_named_release(tmp_path / "a")
    release = original.read_text(encoding="utf-8")
    doc_id = empty_kb.import_paths([original]).imported[0][1]
    (tmp_path / "b").mkdir()
    copy = tmp_path / "b" / original.name
    copy.write_text(release.replace("近3万起", "近4万起"), encoding="utf-8")

    assert empty_kb.import_paths([copy]).replaced == ()  # the original is still there
    assert len(empty_kb.documents()) == 2

    original.unlink()
    (tmp_path / "c").mkdir()
    moved = tmp_path / "c" / original.name
    moved.write_text(release.replace("近3万起", "近6万起"), encoding="utf-8")
    assert [d for _, d in empty_kb.import_paths([moved]).replaced] == [doc_id]


def test_fifo_and_device_link_in_a_folder_are_refused_and_the_rest_imports(empty_kb, tmp_path):
    """A FIFO hung the import forever with the write lock held; a link to /dev/zero was
    read for 2.6 GB, then refused with an empty reason."""
    folder = tmp_path / "in"
    _good(folder)
    hostile.fifo(folder, "r.txt")
    hostile.device_link(folder, "zero.txt")

    with hostile.hang_guard():
        report = empty_kb.import_paths([folder])

    assert [p.rsplit("/", 1)[-1] for p, _ in report.imported] == ["good.txt"]
    refused = {p.rsplit("/", 1)[-1]: reason for p, reason in report.refused}
    assert "FIFO" in refused["r.txt"] and "device" in refused["zero.txt"]


def test_a_folder_tree_1000_levels_deep_imports_its_files(empty_kb, tmp_path):
    """os.walk recursed once per level: ≥ 990 levels ended the import with RecursionError."""
    top = hostile.deep_tree(tmp_path, depth=1000)
    _good(top)
    try:
        report = empty_kb.import_paths([top])
        assert report.refused == ()
        assert sorted(p.rsplit("/", 1)[-1] for p, _ in report.imported) == ["deep.txt", "good.txt"]
        assert empty_kb.search("深层网格化").total == 1
    finally:
        hostile.remove_tree(top)


def test_an_unreadable_subfolder_is_reported_with_its_reason(empty_kb, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    _good(folder)
    locked = hostile.unreadable_folder(folder)
    if os.geteuid() == 0:  # root reads any folder: make this one fail as it would for a user
        real_scandir = os.scandir

        def scandir(path="."):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)
        monkeypatch.setattr(os, "scandir", scandir)
    try:
        report = empty_kb.import_paths([folder])
    finally:
        locked.chmod(0o755)

    assert [p.rsplit("/", 1)[-1] for p, _ in report.imported] == ["good.txt"]
    assert [p for p, _ in report.refused] == [str(locked)]
    assert "Permission denied" in report.refused[0][1] and "locked" in report.refused[0][1]


def test_hostile_word_files_in_a_folder_are_each_refused_or_read(empty_kb, tmp_path):
    """Nested (RecursionError before), encrypted (a ZipInfo repr as reason) and bomb .docx
    files beside good ones: each gets its own outcome and the good ones import."""
    folder = tmp_path / "in"
    _good(folder)
    hostile.nested_docx(folder)
    hostile.zip_encrypted_docx(folder)
    hostile.docx_bomb(folder, size=GIB)

    report = empty_kb.import_paths([folder])

    assert sorted(p.rsplit("/", 1)[-1] for p, _ in report.imported) == ["good.txt", "nested.docx"]
    refused = {p.rsplit("/", 1)[-1]: reason for p, reason in report.refused}
    assert set(refused) == {"locked.docx", "bomb.docx"}
    assert "password-protected" in refused["locked.docx"] and "ZipInfo" not in refused["locked.docx"]
    assert "_rels/.rels" in refused["bomb.docx"]


def test_a_parser_failure_without_a_message_still_gives_a_reason(tmp_path, monkeypatch):
    """A MemoryError (from reading /dev/zero) was reported with an empty reason."""
    from desktop_app.core import formats, import_files

    def exhausted(path):
        raise MemoryError()
    monkeypatch.setattr(formats, "load_release", exhausted)

    assert import_files.parse_one(tmp_path / "x.txt") == (
        None, "无法读取文件 x.txt：MemoryError / cannot read x.txt: MemoryError")


def test_bidi_controls_never_reach_the_knowledge_base_and_queries_ignore_invisibles(
        empty_kb, tmp_path):
    doc_id = empty_kb.import_paths([hostile.bidi_release(tmp_path)]).imported[0][1]

    text = empty_kb.document_text(doc_id)
    assert not set(hostile.BIDI_CONTROLS) & set(text) and text == hostile.GOOD_RELEASE
    expected = [h.section_id for h in empty_kb.search("网格化治理").hits]
    assert expected
    for query in ("\ufeff网格化治理", "网格\u200b化治理", "网格化\u202e治理", "\u2066网格化治理\u2069",
                  "网\u00ad格化\u2060治理"):
        assert [h.section_id for h in empty_kb.search(query).hits] == expected, repr(query)


def test_a_word_holding_invisible_characters_is_found_by_its_plain_spelling_and_as_pasted(
        empty_kb, tmp_path):
    """"网格\u200b化治理" in a document (ZWSP, soft hyphen, BOM inside words) was found by no
    query: queries dropped invisible characters, imports kept them. Both drop them now."""
    doc_id = empty_kb.import_paths([hostile.invisible_release(tmp_path)]).imported[0][1]

    assert not set(hostile.INVISIBLES) & set(empty_kb.document_text(doc_id))
    for plain, pasted in (("网格化治理", "网格\u200b化\u00ad治理"), ("矛盾纠纷", "矛盾\ufeff纠\u2060纷"),
                          ("新闻发布会", "新闻\u200d发布会")):
        found = [h.section_id for h in empty_kb.search(plain).hits]
        assert found, plain
        assert [h.section_id for h in empty_kb.search(pasted).hits] == found, repr(pasted)



def test_folder_walk_finds_what_os_walk_found_in_the_same_order(tmp_path):
    """The iterative walk (for deep trees) keeps os.walk's order and skips: hidden folders
    and files, Office lock files, links to folders, unsupported suffixes."""
    from desktop_app.core import import_files
    top = tmp_path / "top"
    for folder in ("b", "a/z", "a/y", ".hidden", "c"):
        (top / folder).mkdir(parents=True)
        for name in ("2.txt", "1.md", "x.jpg", ".h.txt", "~$lock.docx", "old.doc"):
            (top / folder / name).write_text("x", encoding="utf-8")
    (top / "link").symlink_to(top / "a", target_is_directory=True)
    (top / "0.html").write_text("x", encoding="utf-8")
    suffixes = import_files._folder_suffixes()
    expected = []
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        expected += [Path(root) / n for n in sorted(files)
                     if not n.startswith((".", "~$")) and Path(n).suffix.lower() in suffixes]

    found, refused = import_files.expand_paths([top])

    assert found == expected and refused == []
    assert [str(p.relative_to(top)) for p in found][:4] == ["0.html", "a/y/1.md", "a/y/2.txt", "a/y/old.doc"]


def test_a_utf8_name_spelling_escaped_bytes_is_not_the_non_utf8_file(empty_kb, tmp_path):
    """A GBK name b'\\xd0\\xc2.txt' and a UTF-8 name that literally reads `\\xd0\\xc2.txt` are
    two files: each is its own document, and each is recognised on its next import."""
    literal, raw = names.escaped_name_twins(tmp_path / "in")

    report = empty_kb.import_paths([tmp_path / "in"])

    assert (len(report.imported), report.replaced) == (2, ())
    assert len(empty_kb.documents()) == 2
    again = empty_kb.import_paths([literal, raw])
    assert [r[2] for r in again.skipped] == ["已导入过，内容未变 / unchanged"] * 2


def test_existing_utf8_source_keys_are_unchanged(tmp_path):
    """Keys already stored for UTF-8 paths (Windows ones with backslashes too) stay as they
    were, so upgrading does not turn every re-import into a new document."""
    from desktop_app.core.import_files import source_key

    plain = tmp_path / "新闻通稿.txt"
    plain.write_text("x", encoding="utf-8")
    assert source_key(plain) == str(plain.resolve())
    odd = tmp_path / "a\\xd0b.txt"
    odd.write_text("x", encoding="utf-8")
    assert source_key(odd) == str(odd.resolve())
