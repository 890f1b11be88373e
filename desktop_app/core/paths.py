"""Where bundled files and the user's data live, from source and when frozen by PyInstaller."""
from __future__ import annotations

import os
import sys
from pathlib import Path


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
