"""Text for a terminal: what documents and file names contain is shown, never obeyed.

A title, a file name or a section's text may hold control characters: ESC starts sequences
that retitle the terminal (ESC ]0;…BEL), clear it (ESC [2J) or move the cursor; a carriage
return overwrites a line; C1 codes (U+0080–U+009F, e.g. CSI U+009B) act like ESC in some
terminals; bidi overrides (U+202E) show text in another order than it is stored, and the other
invisible characters of reading.INVISIBLE (zero-width space, BOM…) hide a difference between two
names. Readable CLI output shows each as a visible escape (\\x1b, \\u202e), like `ls` does
for file names.

- `one_line` for a field printed inside a line (title, file name, heading, error message):
  every control character is escaped, newlines and tabs too, so no field fakes a line.
- `block` for multi-line text (a section's text): newlines and tabs stay, they are its
  layout; every other control character is escaped.
- `json_text` for --json output: json.dumps already escapes U+0000–U+001F; this escapes
  DEL, the C1 codes and the invisible characters it leaves raw, as \\uXXXX: the same
  characters to a JSON reader, so the data is unchanged.

Lone surrogates (a file name that is not UTF-8, kept surrogate-escaped) show as U+FFFD.
"""
from __future__ import annotations

import re

from desktop_app.core.patterns import lazy
from desktop_app.core.reading import INVISIBLE_RANGES

_SURROGATES = "\ud800-\udfff"
_LINE = lazy(f"[\x00-\x1f\x7f-\x9f{INVISIBLE_RANGES}{_SURROGATES}]")
# What `block` escapes; logs.py escapes the same in the log.
BLOCK_ESCAPED = lazy(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{INVISIBLE_RANGES}{_SURROGATES}]")
_JSON_RAW = lazy(f"[\x7f-\x9f{INVISIBLE_RANGES}]")


def _visible(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """`text` with every control character (newline and tab included) as a visible escape."""
    return _LINE.sub(_visible, text)


def block(text: str) -> str:
    """`text` with its newlines and tabs kept and every other control character escaped."""
    return BLOCK_ESCAPED.sub(_visible, text)


def json_text(text: str) -> str:
    """JSON text (from json.dumps) with DEL, C1 codes and invisible characters as \\uXXXX escapes.

    Only string contents can hold them (JSON's own syntax is ASCII), and the escape is
    valid JSON for the same character, so the data read back is unchanged."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
