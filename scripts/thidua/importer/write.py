"""Step 5, writing honorees.yml: YAML in one style, all or nothing (temp file, check, os.replace).

Also reading the current file back (read_existing) and the check a written file must pass.
"""
from __future__ import annotations

import os
import signal
import tempfile
from pathlib import Path

import yaml

from ..load import decode
from ..model import Campaign
from ..problems import Problem
from ..rules import attach_honorees
from ..schema import HONOREES_FILE as HONOREES_SPEC, PRIVATE_KEYS
from ..validate import Checker

SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/honorees.schema.json"


class _Dumper(yaml.SafeDumper):
    """Block style, plain scalars where YAML allows, long or multi-line text as block scalars.

    Always the pure Python emitter: libyaml's (CSafeDumper) is faster but escapes some
    characters differently (e.g. outside the Basic Multilingual Plane), and the same input
    must give the same bytes on every machine.
    """


FOLD_AT = 80  # longer texts are folded; shorter ones fit one line (key and indent take <= 14 columns)


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = None
    if "\n" in value:
        style = "|"
    elif len(value) > FOLD_AT:
        style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def dump(data: dict, header: list[str]) -> str:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=100, indent=2)
    return "\n".join(header) + "\n" + body


def leading_comments(text: str) -> list[str]:
    """The comment block at the top of an existing file, starting with the schema line."""
    block: list[str] = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            block.append(line.rstrip())
        else:
            break
    while block and not block[-1]:
        block.pop()
    block = [line for line in block if not line.startswith("# yaml-language-server:")]
    return [SCHEMA_LINE, *block]


_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str):
    """Node tree of text already accepted by load.read_yaml (or written by us): the fast parser."""
    return yaml.compose(text, Loader=_FastLoader)


def read_existing(path: Path, display: str) -> tuple[dict, str, list[Problem]]:
    """(checked values, raw text, problems) of the current honorees.yml; empty if none.

    Called after load_campaign accepted the file with the safe reader (no aliases, size and
    depth limits), so the fast parser is enough here.
    """
    if not path.is_file():
        return {}, "", []
    text = path.read_text(encoding="utf-8-sig")
    node = _compose(text)
    if node is None:
        return {}, text, []
    checker = Checker(display, PRIVATE_KEYS)
    value = checker.check(node, HONOREES_SPEC, "") or {}
    return value, text, checker.problems


def write_atomic(path: Path, content: bytes, check, on_replaced=None) -> list[Problem]:
    """Write `content` to a temp file beside `path`, run `check(temp_path)`; replace only if it
    returns no problems. The temp file never stays behind (Ctrl-C and a full disk included).
    `on_replaced()` runs right after the replace, with Ctrl-C held back in between, so the
    caller always knows whether the new file is in place."""
    handle = tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp",
                                         delete=False)
    temp = Path(handle.name)
    try:
        with handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        problems = check(temp)
        if problems:
            return problems
        _replace(temp, path, on_replaced)
        _fsync_dir(path.parent)
        return []
    finally:
        if temp.exists():
            temp.unlink()


def _replace(temp: Path, path: Path, on_replaced) -> None:
    blocked = _hold_sigint()
    try:
        os.replace(temp, path)
        if on_replaced is not None:
            on_replaced()
    finally:
        if blocked is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)  # a Ctrl-C held back is raised now


def _hold_sigint():
    """Block SIGINT in this thread (the previous mask, to restore), or None where that is not possible."""
    try:
        return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    except (AttributeError, OSError, ValueError):
        return None


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _checker_for(campaign: Campaign, display: str):
    """Read a written file exactly as the build does: schema, then the cross-record rules."""

    def check(temp: Path) -> list[Problem]:
        text, problems = decode(temp, display)
        if text is None:
            return problems
        checker = Checker(display, PRIVATE_KEYS)
        value = checker.check(_compose(text), HONOREES_SPEC, "")
        problems = [p for p in problems + checker.problems if p.severity == "error"]
        if problems or value is None:
            return problems
        return [p for p in attach_honorees(campaign, value, display, {}) if p.severity == "error"]

    return check
