"""Reading YAML safely: bounded size and depth, no aliases, no duplicate keys, UTF-8 only.

`read_yaml` returns the composed node tree (which keeps line and column of every value)
or the problems that stopped it. Turning nodes into checked values is validate.py's job.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import repeat
from pathlib import Path

import re

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import migrate, rules
from .model import Archive, Campaign, campaign_from
from .problems import Problem
from .text import char_problem
from .schema import CAMPAIGN, HONOREES_FILE as HONOREES, OLD_CAMPAIGN_KEYS, PRIVATE_KEYS
from .validate import Checker

# What is read here is a large tree of small objects that lives as long as the build, and holds
# no cycles. Python's cycle collector, run by default after every 700 new objects, walks more of it
# each time: at 100,000 honorees, seconds in each process that reads, renders or indexes it.
# Reading and building run it thirty times less often (fewer_collections).
FEWER_COLLECTIONS = (20_000, 20, 20)


@contextmanager
def fewer_collections():
    """Within: the collector's thresholds are FEWER_COLLECTIONS, in this process and in the
    processes it forks (the readers here, the build's search child)."""
    saved = gc.get_threshold()
    gc.set_threshold(*FEWER_COLLECTIONS)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


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

    # No tag depends on where a node stands (PyYAML's path resolvers, never added here): the
    # composer's calls on entering and leaving every list and group need not look for any.
    def descend_resolver(self, current_node, current_index):
        pass

    def ascend_resolver(self):
        pass


# An & or * at the start of a line or after a space, bracket or comma (a lookbehind, not an
# alternation: the search then jumps from one & or * to the next).
_MAYBE_ANCHOR = re.compile(r"(?<![^\s\[{,])[&*][^\s,\[\]{}]")


def _needs_screen(text: str) -> bool:
    """False when the text can hold neither an anchor/alias nor nesting deeper than MAX_DEPTH.
    Each nesting level needs a deeper start column or a bracket, so a shallow file is safe: no
    line may start with as many spaces and dashes as the brackets leave room for."""
    if ("&" in text or "*" in text) and _MAYBE_ANCHOR.search(text):
        return True
    room = MAX_DEPTH - text.count("[") - text.count("{")
    start = f"[ -]{{{room}}}"  # at the start of the text, or after a line break (found fast: a literal)
    return room <= 0 or re.match(start, text) is not None or re.search("\n" + start, text) is not None


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
    if "\t" not in text:
        return None  # the common case, in one pass
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return _problem(display, "Dòng thụt lề bằng ký tự Tab; YAML chỉ cho phép dấu cách.", number,
                            indent.index("\t") + 1)
    return None


def read_yaml(path: Path, display: str) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML file into its node tree, or say precisely why not."""
    node, _, problems = read_yaml_text(path, display)
    return node, problems


def read_yaml_text(path: Path, display: str) -> tuple[Node | None, str | None, list[Problem]]:
    """read_yaml, with the text the nodes were made from (messages about a character point at it)."""
    text, problems = decode(path, display)
    if text is None:
        return None, None, problems
    tab = _tab_problem(text, display)
    if tab:
        return None, text, problems + [tab]
    try:
        if _needs_screen(text):
            _screen(text)
        node = yaml.compose(text, Loader=_Loader)
    except _Refused as exc:
        mark = exc.mark
        return None, text, problems + [_problem(display, exc.message, mark.line + 1 if mark else 0,
                                                mark.column + 1 if mark else 0)]
    except yaml.MarkedYAMLError as exc:
        return None, text, problems + [_syntax_problem(exc, display)]
    except yaml.reader.ReaderError as exc:
        return None, text, problems + [_reader_problem(exc, text, display)]
    except yaml.YAMLError:
        return None, text, problems + [_problem(display, _SYNTAX_HINT)]
    if node is None:
        return None, text, problems + [_problem(display, "Tệp rỗng; hãy điền nội dung theo mẫu (scripts/portal new) "
                                                         "hoặc xóa tệp này.")]
    return node, text, problems


_SYNTAX_HINT = ("Lỗi cú pháp YAML ở đây. Kiểm tra thụt lề (chỉ dấu cách, thẳng hàng với các trường cùng cấp), dấu hai "
                "chấm và một dấu cách sau tên trường, và đặt giá trị có ký tự đặc biệt (: # [ ] { } & * ! | > ' \" "
                "% @ `) trong dấu ngoặc kép.")

# What libyaml's problems mean for a clerk and what to do: (words of its context, words of its
# problem) -> (sentence, whether to report at the context mark: where an unclosed quote or
# bracket opened, not where the file ran out). The first entry that matches is used.
_SYNTAX: dict[tuple[str, str], tuple[str, bool]] = {
    ("quoted scalar", "found unexpected end of stream"): (
        "Dấu nháy mở ở đây chưa được đóng: giá trị bắt đầu bằng dấu nháy (' hoặc \") phải kết thúc bằng đúng dấu "
        "đó. Hãy thêm dấu nháy đóng ở cuối giá trị; nếu trong giá trị có dấu ', hãy viết nó hai lần ('') hoặc đặt "
        "cả giá trị trong ngoặc kép \"…\".", True),
    ("quoted scalar", "found unexpected document indicator"): (
        "Dấu nháy mở ở đây chưa được đóng (giá trị kéo dài tới dòng '---' bên dưới); hãy thêm dấu nháy đóng ở "
        "cuối giá trị.", True),
    ("quoted scalar", "hexdecimal"): (
        "Trong dấu ngoặc kép, '\\x', '\\u' hoặc '\\U' mở đầu một mã ký tự (thường gặp trong đường dẫn như "
        "C:\\Users); hãy viết '\\\\' thay cho mỗi dấu '\\', hoặc dùng dấu ngoặc đơn ' ở hai đầu giá trị.", False),
    ("quoted scalar", "escape"): (
        "Trong dấu ngoặc kép, dấu '\\' mở đầu một mã đặc biệt không hợp lệ; hãy viết '\\\\' thay cho mỗi dấu '\\', "
        "hoặc dùng dấu ngoặc đơn ' ở hai đầu giá trị.", False),
    ("flow sequence", ""): (
        "Dấu ngoặc vuông '[' mở ở đây chưa được đóng, hoặc thiếu dấu phẩy giữa các mục; hãy thêm ']' ở cuối danh "
        "sách, hoặc viết mỗi mục một dòng bắt đầu bằng '- '.", True),
    ("flow mapping", ""): (
        "Dấu ngoặc nhọn '{' mở ở đây chưa được đóng, hoặc thiếu dấu phẩy giữa các trường; hãy thêm '}' ở cuối, "
        "hoặc viết mỗi trường một dòng.", True),
    ("simple key", ""): (
        "Thiếu dấu hai chấm sau tên trường ở dòng này (hoặc một giá trị dài bị xuống dòng mà không thụt lề); hãy "
        "viết 'tên: giá trị' trên một dòng, hoặc đặt giá trị trong ngoặc kép.", True),
    ("directive", ""): (
        "Dòng bắt đầu bằng '%' bị hiểu là chỉ thị YAML; hãy đặt giá trị trong dấu ngoặc kép hoặc thụt lề dòng này.",
        True),
    ("", "mapping values are not allowed"): (
        "Có dấu hai chấm ở chỗ không được dùng: giá trị có ': ' bên trong, hoặc dòng này thụt lề sâu hơn dòng trên. "
        "Hãy đặt cả giá trị trong dấu ngoặc kép, hoặc thụt lề thẳng hàng với các trường cùng cấp.", False),
    ("", "did not find expected key"): (
        "Dòng này không thẳng hàng với các trường cùng cấp, hoặc có chữ thừa sau một giá trị trong ngoặc kép. Hãy "
        "thụt lề đúng số dấu cách như các trường cùng cấp và đặt cả giá trị trong một cặp ngoặc kép.", False),
    ("", "did not find expected '-' indicator"): (
        "Dòng này nằm giữa các mục của một danh sách mà không bắt đầu bằng '- '; hãy thêm '- ' hoặc thụt lề cho "
        "thẳng hàng với mục phía trên.", False),
    ("", "block sequence entries are not allowed"): (
        "Mục danh sách '- ' đặt ở chỗ không được dùng (thường là cùng dòng với tên trường); hãy xuống dòng và thụt "
        "lề các mục dưới tên trường.", False),
    ("", "found character that cannot start any token"): (
        "Giá trị không được bắt đầu bằng ký tự này (như @, ` hoặc %); hãy đặt cả giá trị trong dấu ngoặc kép.", False),
    ("", "did not find expected comment or line break"): (
        "Có chữ thừa sau giá trị trên dòng này (ví dụ sau dấu ngoặc kép đóng); hãy xóa phần thừa hoặc đặt cả giá "
        "trị trong một cặp ngoặc kép.", False),
    ("", "did not find expected node content"): (
        "Thiếu giá trị ở đây (ví dụ dấu phẩy thừa trong [ ] hoặc '- ' không có gì sau); hãy điền giá trị hoặc xóa "
        "phần thừa.", False),
    ("", "found undefined tag handle"): (
        "Giá trị bắt đầu bằng '!' bị hiểu là thẻ YAML; hãy đặt cả giá trị trong dấu ngoặc kép.", False),
    ("", "but found another document"): (
        "Tệp có nhiều phần ngăn bởi dòng '---'; mỗi tệp chỉ có một phần: hãy xóa dòng '---' này và gộp nội dung.",
        False),
}


def _syntax_problem(exc: yaml.MarkedYAMLError, display: str) -> Problem:
    """A libyaml syntax error told in Vietnamese, at the place to fix."""
    context, problem = exc.context or "", exc.problem or ""
    sentence, at_context = _SYNTAX_HINT, False
    for (in_context, in_problem), (text, opened) in _SYNTAX.items():
        if in_context in context and in_problem in problem:
            sentence, at_context = text, opened
            break
    mark = (exc.context_mark if at_context else None) or exc.problem_mark or exc.context_mark
    return _problem(display, sentence, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0)


def _reader_problem(exc: yaml.reader.ReaderError, text: str, display: str) -> Problem:
    """A character the YAML reader refuses (C1 controls, noncharacters...), at its line and column.
    libyaml gives the position in bytes of the UTF-8 text, the pure-Python reader in characters."""
    char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
    index = len(text.encode("utf-8")[:exc.position].decode("utf-8", "ignore"))
    if text[index:index + 1] != char:
        index = text.find(char) if char in text else 0
    line_start = text.rfind("\n", 0, index) + 1
    return _problem(display, char_problem(char), text.count("\n", 0, index) + 1, index - line_start + 1)


# --- the campaigns tree ------------------------------------------------------------------

CAMPAIGN_FILE = "campaign.yml"
HONOREES_FILE = "honorees.yml"


def _display(path: Path, root: Path) -> str:
    return path.relative_to(root.parent).as_posix()


def _check_file(path: Path, root: Path, spec, refuse=None) -> tuple[dict | None, Node | None, list[Problem]]:
    """Read and check one file; `refuse(node, path, root)` may turn it down whole with one problem."""
    node, text, problems = read_yaml_text(path, _display(path, root))
    if node is None:
        return None, None, problems
    refused = refuse(node, path, root) if refuse else None
    if refused:
        return None, None, problems + [refused]
    checker = Checker(_display(path, root), PRIVATE_KEYS, text)
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
    with fewer_collections():
        return _load_archive(root, cache)


def _load_archive(root: Path, cache: dict | None) -> tuple[Archive, list[Problem]]:
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
    value, node, problems = _check_file(path, root, CAMPAIGN, refuse=_old_shape)
    if value is None or any(p.severity == "error" for p in problems):
        return None, problems
    campaign = campaign_from(value)
    marks = _marks(node)
    problems += rules.check_campaign(campaign, folder, _display(path, root), marks)
    problems += rules.screen_campaign(value, _display(path, root), marks)
    honorees_path = folder / HONOREES_FILE
    if honorees_path.is_file():
        listing, node, found = _check_file(honorees_path, root, HONOREES)
        problems += found
        if listing is not None and not any(p.severity == "error" for p in found):
            problems += rules.attach_honorees(campaign, listing, _display(honorees_path, root), _marks(node))
    return campaign, problems


def _old_shape(node: Node, path: Path, root: Path) -> Problem | None:
    """A campaign file of the shape before the plan's text became one tree: say how to move it."""
    if not migrate.is_old_shape(node):
        return None
    keys = ", ".join(str(k.value) for k, _ in node.value if str(k.value) in OLD_CAMPAIGN_KEYS)
    return Problem(_display(path, root), 1, 1, "", f"Tệp theo mẫu cũ (có các trường {keys}). Hãy chạy "
                   f"'scripts/portal migrate {path.parent.name}' để chuyển sang mẫu mới (giữ nguyên câu chữ), rồi "
                   "so phần 'body' với văn bản gốc; hoặc nhập lại kế hoạch bằng 'scripts/portal import-plan'.")


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
                if isinstance(k, ScalarNode):  # a list or group used as a key is reported by the checker
                    self._walk(v, f"{path}.{k.value}" if path else str(k.value))
        elif isinstance(n, SequenceNode):
            for i, v in enumerate(n.value):
                self._walk(v, f"{path}[{i + 1}]")


def _marks(node: Node) -> _Marks:
    return _Marks(node)
