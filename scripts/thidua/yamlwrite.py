"""Writing campaign files a clerk can read and edit: block style, long texts folded at word
boundaries, and comments above the fields they explain (`migrate`, `import-plan`).

Only what the portal's files hold: mappings, lists, texts, numbers, booleans and dates.
The output reads back (load.py) to the same values; tests check that round trip.
"""
from __future__ import annotations

import datetime as dt
import re
import textwrap

WIDTH = 100
# Texts that a YAML reader would take for something else when written plain.
_SPECIAL_START = re.compile(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]")
_NOT_PLAIN = re.compile(r": |\s#|:$|^\s|\s$")
_LOOKS_TYPED = re.compile(r"^(?:true|false|yes|no|on|off|null|~|[-+]?[\d._:]+(?:e[-+]?\d+)?|\d{4}-\d\d(?:-\d\d)?)$", re.I)

Comments = dict[tuple, str]


def dump(value: dict, comments: Comments | None = None, header: str = "") -> str:
    """The YAML text of a mapping. `comments` maps a field path, e.g. ('facts', 'period', 'end')
    or ('body', 0), to a comment written on the line(s) above that field."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    _mapping(value, 0, (), comments or {}, lines)
    return "\n".join(lines) + "\n"


def _comment(path: tuple, indent: int, comments: Comments, lines: list[str]) -> None:
    text = comments.get(path)
    if text:
        for line in text.splitlines():
            for part in textwrap.wrap(line, width=max(40, WIDTH - indent - 2), break_long_words=False) or [""]:
                lines.append(" " * indent + ("# " + part if part else "#"))


def _mapping(value: dict, indent: int, path: tuple, comments: Comments, lines: list[str], first: str = "") -> None:
    pad = " " * indent
    for i, (key, item) in enumerate(value.items()):
        here = path + (key,)
        lead = first if i == 0 and first else pad
        if not (i == 0 and first):
            _comment(here, indent, comments, lines)
        _entry(f"{lead}{key}:", item, indent, here, comments, lines)


def _entry(prefix: str, item, indent: int, path: tuple, comments: Comments, lines: list[str]) -> None:
    if isinstance(item, dict):
        if not item:
            lines.append(prefix + " {}")
            return
        lines.append(prefix)
        _mapping(item, indent + 2, path, comments, lines)
    elif isinstance(item, list):
        if not item:
            lines.append(prefix + " []")
            return
        lines.append(prefix)
        _sequence(item, indent, path, comments, lines)
    else:
        _scalar(prefix, item, indent + 2, lines)


def _sequence(items: list, indent: int, path: tuple, comments: Comments, lines: list[str]) -> None:
    pad = " " * indent
    for i, item in enumerate(items):
        here = path + (i,)
        _comment(here, indent, comments, lines)
        if isinstance(item, dict) and item:
            first_key = next(iter(item))
            _comment(here + (first_key,), indent + 2, comments, lines)
            _mapping(item, indent + 2, here, comments, lines, first=f"{pad}- ")
        elif isinstance(item, list) and item:
            lines.append(f"{pad}-")
            _sequence(item, indent + 2, here, comments, lines)
        else:
            _scalar(f"{pad}-", item, indent + 2, lines)


def _scalar(prefix: str, value, indent: int, lines: list[str]) -> None:
    if isinstance(value, bool):
        lines.append(f"{prefix} {'true' if value else 'false'}")
    elif isinstance(value, (int, float)):
        lines.append(f"{prefix} {value}")
    elif isinstance(value, dt.date):
        lines.append(f"{prefix} {value.isoformat()}")
    elif value is None:
        lines.append(f"{prefix} null")
    else:
        _text(prefix, str(value), indent, lines)


def _text(prefix: str, value: str, indent: int, lines: list[str]) -> None:
    plain = not (_SPECIAL_START.search(value) or _NOT_PLAIN.search(value) or _LOOKS_TYPED.match(value)
                 or "\n" in value or value == "")
    if len(prefix) + len(value) + 1 <= WIDTH and "\n" not in value:
        lines.append(f"{prefix} {value}" if plain else f"{prefix} {quote(value)}")
        return
    # One paragraph: a folded block (its lines joined by spaces on reading). Several: a literal block,
    # whose blank lines stay paragraph breaks (the portal joins the wrapped lines of each paragraph).
    style = "|-" if "\n\n" in value else ">-"
    lines.append(f"{prefix} {style}")
    pad = " " * indent
    for n, paragraph in enumerate(value.split("\n\n")):
        if n:
            lines.append("")
        wrapped = textwrap.wrap(paragraph, width=max(40, WIDTH - indent), break_long_words=False,
                                break_on_hyphens=False) or [""]
        lines += [pad + w for w in wrapped]


def quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
