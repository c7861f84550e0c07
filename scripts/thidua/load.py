"""Reading YAML safely: bounded size and depth, no aliases, no duplicate keys, UTF-8 only.

`read_yaml` returns the composed node tree (which keeps line and column of every value)
or the problems that stopped it. Turning nodes into checked values is validate.py's job.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path

import re

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import rules
from .model import Archive, Campaign, campaign_from
from .problems import Problem
from .schema import CAMPAIGN, HONOREES_FILE as HONOREES, PRIVATE_KEYS
from .validate import Checker

MAX_BYTES = 3 * 1024 * 1024
MAX_DEPTH = 24
_Base = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml when PyYAML has it: ten times faster


class _Loader(_Base):
    """Resolves no implicit types: every scalar stays text, and validate.py reads dates, numbers
    and booleans itself (with messages that say what was expected)."""
    _TAGS = {ScalarNode: "tag:yaml.org,2002:str", SequenceNode: "tag:yaml.org,2002:seq",
             MappingNode: "tag:yaml.org,2002:map"}

    def resolve(self, kind, value, implicit):
        return self._TAGS[kind]


_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,])[&*][^\s,\[\]{}]", re.M)
_LINE_START = re.compile(r"^[ -]*", re.M)


def _needs_screen(text: str) -> bool:
    """False when the text can hold neither an anchor/alias nor nesting deeper than MAX_DEPTH.
    Each nesting level needs a deeper start column or a bracket, so a shallow file is safe."""
    if _MAYBE_ANCHOR.search(text):
        return True
    deepest = max((len(m.group(0)) for m in _LINE_START.finditer(text)), default=0)
    return deepest + text.count("[") + text.count("{") >= MAX_DEPTH


class _Refused(Exception):
    def __init__(self, message: str, mark=None):
        self.message = message
        self.mark = mark


def _screen(text: str) -> None:
    """Walk the parser's events once (libyaml, no recursion) before composing: refuse aliases,
    which make "billion laughs" bombs, and nesting deep enough to exhaust the composer's stack."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(f"Dữ liệu lồng quá sâu (hơn {MAX_DEPTH} cấp).", event.start_mark)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
        elif isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise _Refused("Không dùng neo và bí danh YAML (& và *) trong dữ liệu; hãy viết đầy đủ giá trị.",
                           event.start_mark)


def _problem(path: str, message: str, line: int = 0, column: int = 0) -> Problem:
    return Problem(path, line, column, "", message)


def decode(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text, refusing what cannot be published as is."""
    problems: list[Problem] = []
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, [_problem(display, f"Không đọc được tệp: {exc.strerror}.")]
    if size > MAX_BYTES:
        return None, [_problem(display, f"Tệp quá lớn ({size // 1024} KB, tối đa {MAX_BYTES // 1024} KB). "
                                        "Hãy tách danh sách thành nhiều tệp hoặc nhiều phong trào.")]
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        problems.append(Problem(display, 1, 1, "", "Tệp có ký tự BOM ở đầu; đã bỏ qua. Nên lưu lại dạng UTF-8 không BOM.",
                                "warning"))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [_problem(display, "Tệp được lưu dạng UTF-16; hãy lưu lại dạng UTF-8.", 1, 1)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [_problem(display, "Tệp không phải UTF-8 (có thể là bảng mã Windows-1258, TCVN3 hoặc VNI); "
                                        "hãy lưu lại dạng UTF-8.", line, 1)]
    if "\x00" in text:
        return None, [_problem(display, "Tệp chứa ký tự NUL; đây không phải tệp văn bản YAML.")]
    return text, problems


def _tab_problem(text: str, display: str) -> Problem | None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return _problem(display, "Dòng thụt lề bằng ký tự Tab; YAML chỉ cho phép dấu cách.", number,
                            indent.index("\t") + 1)
    return None


def read_yaml(path: Path, display: str) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML file into its node tree, or say precisely why not."""
    text, problems = decode(path, display)
    if text is None:
        return None, problems
    tab = _tab_problem(text, display)
    if tab:
        return None, problems + [tab]
    try:
        if _needs_screen(text):
            _screen(text)
        node = yaml.compose(text, Loader=_Loader)
    except _Refused as exc:
        mark = exc.mark
        return None, problems + [_problem(display, exc.message, mark.line + 1 if mark else 0,
                                          mark.column + 1 if mark else 0)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = exc.problem or "cú pháp không hợp lệ"
        return None, problems + [_problem(display, f"Lỗi cú pháp YAML ({detail}). Kiểm tra thụt lề, dấu hai chấm "
                                                   "và dấu ngoặc kép quanh dòng này.",
                                          mark.line + 1 if mark else 0, mark.column + 1 if mark else 0)]
    except yaml.YAMLError as exc:
        return None, problems + [_problem(display, f"Lỗi YAML: {exc}")]
    if node is None:
        return None, problems + [_problem(display, "Tệp rỗng.")]
    return node, problems


# --- the campaigns tree ------------------------------------------------------------------

CAMPAIGN_FILE = "campaign.yml"
HONOREES_FILE = "honorees.yml"


def _display(path: Path, root: Path) -> str:
    return path.relative_to(root.parent).as_posix()


def _check_file(path: Path, root: Path, spec) -> tuple[dict | None, Node | None, list[Problem]]:
    node, problems = read_yaml(path, _display(path, root))
    if node is None:
        return None, None, problems
    checker = Checker(_display(path, root), PRIVATE_KEYS)
    value = checker.check(node, spec, "")
    if value is None and not checker.problems:
        checker.report(node, "", "Tệp không có nội dung; cần các trường như trong mẫu (scripts/portal new).")
    return value, node, problems + checker.problems


def file_stamps(folder: Path | str) -> tuple:
    """Names, sizes and modification times of every file under a folder: changes when any file does.
    (os.scandir, not pathlib: this runs on every rebuild of a preview over thousands of files.)"""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                found += file_stamps(entry.path)
            elif entry.is_file():
                stat = entry.stat()
                found.append((entry.path, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))


def load_archive(root: Path, cache: dict | None = None) -> tuple[Archive, list[Problem]]:
    """Read every campaign folder under `root`; return the archive and all problems found.

    A campaign with an error in its own file is left out of the archive; the problems say why.
    With a `cache` (kept by the caller between calls), a folder whose files have not changed is
    not read again and keeps its Campaign object, which the page memo (memo.py) relies on.
    """
    problems: list[Problem] = []
    campaigns: list[Campaign] = []
    files: dict[str, str] = {}
    if not root.is_dir():
        return Archive([]), [Problem(str(root), 0, 0, "", "Không tìm thấy thư mục phong trào.")]
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    if cache is None:
        results = read_folders(folders, root)
    else:
        stamps = {f.name: file_stamps(f) for f in folders}
        changed = [f for f in folders if cache.get(f.name, ((),))[0] != stamps[f.name]]
        fresh = dict(zip((f.name for f in changed), read_folders(changed, root)))
        results = [fresh[f.name] if f.name in fresh else cache[f.name][1:] for f in folders]
        cache.clear()  # folders removed since the last call are forgotten
        cache.update({f.name: (stamps[f.name], *result) for f, result in zip(folders, results)})
    for folder, (campaign, found) in zip(folders, results):
        problems += found
        if campaign is not None:
            campaigns.append(campaign)
            files[campaign.id] = _display(folder / CAMPAIGN_FILE, root)
    for campaign_id, field, message in rules.check_archive(campaigns):
        node, _ = read_yaml(root / campaign_id / CAMPAIGN_FILE, files[campaign_id])
        line, column = _Marks(node).get(field) if node is not None else (0, 0)
        problems.append(Problem(files[campaign_id], line, column, field, message))
    return Archive(campaigns), problems


PARALLEL_FROM = 50  # folders: below this, starting worker processes costs more than it saves


def read_folders(folders: list[Path], root: Path) -> list[tuple[Campaign | None, list[Problem]]]:
    """load_campaign for each folder, in order. With many folders and more than one core, in
    worker processes (parsing and checking YAML is pure Python work: one core each)."""
    workers = min(len(os.sched_getaffinity(0)), 4) if hasattr(os, "sched_getaffinity") else 1
    if workers < 2 or len(folders) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return [load_campaign(folder, root) for folder in folders]
    size = -(-len(folders) // (workers * 4))  # a few chunks a worker, so that they finish together
    chunks = [folders[i:i + size] for i in range(0, len(folders), size)]
    # Forked, not spawned: a spawned worker would run the caller's main script again.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return [result for chunk in pool.map(_read_chunk, chunks, repeat(root)) for result in chunk]


def _read_chunk(folders: list[Path], root: Path) -> list[tuple[Campaign | None, list[Problem]]]:
    return [load_campaign(folder, root) for folder in folders]


def load_campaign(folder: Path, root: Path) -> tuple[Campaign | None, list[Problem]]:
    path = folder / CAMPAIGN_FILE
    if not path.is_file():
        return None, [Problem(folder.relative_to(root.parent).as_posix(), 0, 0, "",
                              f"Thư mục phong trào thiếu tệp {CAMPAIGN_FILE}.")]
    value, node, problems = _check_file(path, root, CAMPAIGN)
    if value is None or any(p.severity == "error" for p in problems):
        return None, problems
    campaign = campaign_from(value)
    problems += rules.check_campaign(campaign, folder, _display(path, root), _marks(node))
    honorees_path = folder / HONOREES_FILE
    if honorees_path.is_file():
        listing, node, found = _check_file(honorees_path, root, HONOREES)
        problems += found
        if listing is not None and not any(p.severity == "error" for p in found):
            problems += rules.attach_honorees(campaign, listing, _display(honorees_path, root), _marks(node))
    return campaign, problems


class _Marks:
    """Line and column of every field path ('period.end', 'honorees[3]'), for messages of the
    cross-record rules; worked out only when a rule has something to report."""

    def __init__(self, node: Node):
        self._node = node
        self._marks: dict[str, tuple[int, int]] | None = None

    def get(self, field: str):
        if self._marks is None:
            self._marks = {}
            self._walk(self._node, "")
        return self._marks.get(field)

    def _walk(self, n: Node, path: str) -> None:
        self._marks[path] = (n.start_mark.line + 1, n.start_mark.column + 1)
        if isinstance(n, MappingNode):
            for k, v in n.value:
                self._walk(v, f"{path}.{k.value}" if path else str(k.value))
        elif isinstance(n, SequenceNode):
            for i, v in enumerate(n.value):
                self._walk(v, f"{path}[{i + 1}]")


def _marks(node: Node) -> _Marks:
    return _Marks(node)
