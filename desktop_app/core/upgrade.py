"""Bringing a knowledge base to this build's parser: every document re-parsed from its text.

Each document records the version of the parser that parsed it (documents.parser_version,
parser.PARSER_VERSION). When a knowledge base holds documents of an older parser, opening
it for writing upgrades it in place (KnowledgeBase._upgrade_if_needed, under the folder's
write lock): a backup copy is written first, then the documents are re-parsed from their
stored text in batches of UPGRADE_BATCH, one transaction each, every batch marking its
documents with the new version. A process killed half-way leaves whole batches done and
known as done; the next open re-parses the rest (with the same backup). When none is left,
meta `parser_version` records the new version and the search index is rebuilt. The user's
titles, years and issuers stay; section and figure ids change.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

from desktop_app.core import logs
from desktop_app.core.import_progress import Progress
from desktop_app.core.parser import PARSER_VERSION, parse_text
from desktop_app.core.store import Store

UPGRADE_BATCH = 20  # documents per transaction: a kill loses at most one batch's parsing
BACKUP_KEY = "upgrade_backup"  # meta: {"to": version, "file": name} once the backup is written
log = logging.getLogger(__name__)



def recorded_backup(store: Store) -> Path | None:
    """The backup an interrupted upgrade to this parser wrote before changing anything, if
    it is still there (then a resumed upgrade needs no new one)."""
    try:
        record = json.loads(store.meta(BACKUP_KEY) or "{}")
    except ValueError:
        return None
    if not isinstance(record, dict) or record.get("to") != PARSER_VERSION:
        return None
    path = store.path.with_name(str(record.get("file", "")))
    return path if record.get("file") and path.is_file() else None


def record_backup(store: Store, backup: Path) -> None:
    """Note that the upgrade to this parser has its backup (`backup`, beside the database)."""
    store.set_meta(BACKUP_KEY, json.dumps({"to": PARSER_VERSION, "file": backup.name}))


def reparse(store: Store, doc_ids: Sequence[int], progress: Progress | None = None,
            backup: Path | None = None) -> None:
    """Re-parse `doc_ids` from their stored text, UPGRADE_BATCH documents per transaction;
    progress(done, total, "") after each committed batch, and progress(0, total, the
    backup's path) before the first."""
    total = len(doc_ids)
    if progress is not None:
        progress(0, total, str(backup or ""))
    for start in range(0, total, UPGRADE_BATCH):
        with store.transaction():
            for doc_id in doc_ids[start:start + UPGRADE_BATCH]:
                reparse_one(store, doc_id)
        if progress is not None:
            progress(min(start + UPGRADE_BATCH, total), total, "")


def reparse_one(store: Store, doc_id: int) -> None:
    """Re-parse one document (inside a transaction). A parser failure keeps the document
    as it was, marked with the new version so that it is not tried at every open, and logs
    the traceback: one document must not stop the upgrade of the others."""
    source = store.reparse_source(doc_id)
    if source is None:
        return
    try:
        doc = parse_text(source.text, file=source.file, encoding=source.encoding)
    except Exception as error:  # noqa: BLE001 - a parser bug must not stop the upgrade
        log.error("The parser failed on document %d during the upgrade; it keeps its earlier "
                  "outline\n%s", doc_id, logs.traceback_text(error))
        store.mark_parsed(doc_id)
        return
    store.reparse_document(doc_id, doc)


def finish(store: Store) -> None:
    """Record that every document is parsed by this parser (meta `parser_version`) and
    forget the backup record; a newer version already recorded stays."""
    with store.transaction(bump=False):
        store.finish_upgrade(BACKUP_KEY)
