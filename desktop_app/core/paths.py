"""Where bundled files and the user's data live, from source and when frozen by PyInstaller."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from desktop_app.core.patterns import lazy

APP_DIR_NAME = "Zhiku"
DATA_DIR_ENV = "ZHIKU_DATA_DIR"
PORTABLE_MARKER = "portable"


def app_root() -> Path:
    """The folder holding `resources/` and `seeds/`: the repo root, or the bundle's folder."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Path:
    """A file under `resources/`, e.g. resource_path("fonts", "wqy-microhei.ttc")."""
    return app_root().joinpath("resources", *parts)


def seeds_dir() -> Path:
    return app_root() / "seeds"


def executable_dir() -> Path:
    """The folder of the running executable (frozen) or of the repo (from source)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return app_root()


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The knowledge base folder: --data-dir, then $ZHIKU_DATA_DIR, then a portable
    install's `data/` beside the executable, then the platform's user data folder."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    exe_dir = executable_dir()
    if getattr(sys, "frozen", False) and (exe_dir / PORTABLE_MARKER).exists():
        return exe_dir / "data"
    from platformdirs import user_data_dir  # only here: it costs start-up time

    return Path(user_data_dir(APP_DIR_NAME, appauthor=False))


# ------------------------------------------------------------------------------ markers
#
# Zhiku deletes only what it created. Every folder it creates or adopts — the knowledge
# base folder, its `index/` and each index build inside — holds this small file naming the
# folder's role and the knowledge base's id; code that deletes checks it first.

MARKER_NAME = ".zhiku-folder"
DATA_ROLE, INDEX_ROLE, BUILD_ROLE = "data", "index", "build"
_MARKER_NOTE = "Created by Zhiku (知库). Zhiku deletes only files in folders it marked so."


_MARKER_TMP = lazy(re.escape(MARKER_NAME) + r"\.(\d+)\.tmp")  # write_marker's


def marker_tmp_pid(name: str) -> int | None:
    """The process id in the name of write_marker's temporary file, or None for any other
    name (a leftover of a process killed while marking a folder)."""
    found = _MARKER_TMP.fullmatch(name)
    return int(found.group(1)) if found else None


def read_marker(folder: Path, role: str) -> str | None:
    """The knowledge base id recorded in `folder`'s marker, if it marks a folder of `role`;
    None for an unmarked folder (or a marker that is unreadable or of another role)."""
    import json  # here, not at start-up: the window reads no marker before its first frame

    try:
        data = json.loads((Path(folder) / MARKER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("role") != role:
        return None
    kb_id = data.get("kb_id")
    return kb_id if isinstance(kb_id, str) and kb_id else None


def write_marker(folder: Path, role: str, kb_id: str) -> None:
    """Mark `folder` as Zhiku's (atomically: a reader sees no marker or the whole one)."""
    import json

    folder = Path(folder)
    tmp = folder / f"{MARKER_NAME}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps({"zhiku": _MARKER_NOTE, "role": role, "kb_id": kb_id}) + "\n",
                   encoding="utf-8")
    os.replace(tmp, folder / MARKER_NAME)
