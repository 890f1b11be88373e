"""Interface language: Zhiku's own translations plus Qt's (buttons, standard dialogs).

Source strings are English; Chinese (zh_CN) is the default and ships as a compiled `.qm`.
"""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop_app.core.paths import resource_path
from desktop_app.core.patterns import lazy

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
_state = {"language": "en"}
PLACEHOLDER = lazy(r"%([1-9][0-9]?)")  # %1 … %99, as QString.arg reads them


def fill(template: str, *values: object) -> str:
    """A translated `template` with %1, %2 … replaced by `values`, in one pass as QString.arg
    does: a value that itself holds "%2" (a query, a file name) is shown as it is, where chained
    str.replace calls filled it in. A placeholder without a value stays as written."""
    def value(found: re.Match[str]) -> str:
        index = int(found.group(1)) - 1
        return str(values[index]) if index < len(values) else found.group(0)

    return PLACEHOLDER.sub(value, template)


def current_language() -> str:
    """The language whose translators are installed ("en" when none are)."""
    return _state["language"]


def normalise(language: str | None) -> str:
    """A supported language code for whatever QSettings or the command line gave."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def _qt_translations_dir() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


class Translations:
    """Installs and removes the translators of one language on the application."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []

    def install(self, language: str) -> bool:
        """Switch to `language`; True when Zhiku's own catalogue was found (or not needed)."""
        self.remove()
        language = normalise(language)
        _state["language"] = language
        if language == "en":
            QLocale.setDefault(QLocale("en_US"))
            return True
        QLocale.setDefault(QLocale(language))
        found = self._load(resource_path("i18n") / f"zhiku_{language}.qm")
        self._load(_qt_translations_dir() / f"qtbase_{language}.qm")
        # Strings Qt's own catalogue lacks ("Look in:", "Page Set:" …): installed last, so
        # they are looked up first.
        self._load(resource_path("i18n") / f"qt_extra_{language}.qm")
        return found

    def _load(self, path: Path) -> bool:
        translator = QTranslator()
        if not path.exists() or not translator.load(str(path)):
            return False
        QCoreApplication.installTranslator(translator)
        self._installed.append(translator)
        return True

    def remove(self) -> None:
        for translator in self._installed:
            QCoreApplication.removeTranslator(translator)
        self._installed.clear()
        _state["language"] = "en"
