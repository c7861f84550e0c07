"""`scripts/portal migrate`: an old-shape campaign file becomes the current shape without losing a
word, keeps its comments where it can, and `check` says how to get there."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from thidua import plan
from thidua.load import load_archive, read_yaml
from thidua.migrate import plain
from thidua.yamlwrite import dump

FIXTURES = Path(__file__).parent / "fixtures" / "old-shape"
PORTAL = str(ROOT / "scripts" / "portal")


def _old_campaign(tmp_path: Path, fixture: str) -> Path:
    text = (FIXTURES / fixture).read_text(encoding="utf-8")
    cid = re.search(r"^id: (\S+)", text, re.M).group(1)
    folder = tmp_path / "campaigns" / cid
    folder.mkdir(parents=True)
    (folder / "campaign.yml").write_text(text, encoding="utf-8")
    return folder


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _old_texts(value) -> list[str]:
    """Every text of the old file's plan, in file order (what the old page printed)."""
    skip = {"id", "kind", "short_title", "summary", "issuer", "document", "headings", "period",
            "milestones", "attachments", "signer", "recipients", "title", "copies", "deadline", "ceremony_date",
            "quota_collective", "quota_individual", "name"}
    if isinstance(value, dict):
        return [t for k, v in value.items() if k not in skip for t in _old_texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _old_texts(v)]
    return [value] if isinstance(value, str) else []


def test_check_tells_how_to_move_an_old_file(tmp_path):
    _old_campaign(tmp_path, "soc-trang.yml")
    result = subprocess.run([PORTAL, "check", "--root", str(tmp_path / "campaigns")], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Tệp theo mẫu cũ" in result.stdout and "scripts/portal migrate 2024-soc-trang-80-nam-bo-noi-vu" in result.stdout


def test_migrate_keeps_every_word_and_the_facts(tmp_path):
    folder = _old_campaign(tmp_path, "soc-trang.yml")
    old = plain(read_yaml(folder / "campaign.yml", "x")[0])
    result = subprocess.run([PORTAL, "migrate", "--root", str(tmp_path / "campaigns")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    archive, problems = load_archive(tmp_path / "campaigns")
    assert [str(p) for p in problems] == []
    c = archive.campaigns[0]
    new_words = _words(" ".join(plan.texts(c.body)))
    for text in _old_texts(old):
        words = _words(text)
        assert " ".join(words) in " ".join(new_words), text
    assert (c.period.start, c.period.end) == (dt.date(2024, 7, 1), dt.date(2025, 7, 31))
    assert c.review_deadline == dt.date(2025, 8, 10) and c.deadline("ceremony") == dt.date(2025, 8, 28)
    assert [f.name for f in c.award_forms][:1] == ["Bằng khen của Thủ tướng Chính phủ"]
    assert c.signer_name == "Trần Phước Vĩnh" and c.recipients[-1] == "Lưu: VT"
    # The headings the old page printed, with the plan's own wording from `headings:`.
    assert [(n.label, n.heading) for n in c.body if n.heading][1] == ("II.", "THỜI GIAN THỰC HIỆN")
    written = (folder / "campaign.yml").read_text(encoding="utf-8")
    assert written.startswith("# yaml-language-server: $schema=../../schemas/campaign.schema.json\n")
    assert "scripts/portal migrate" in written  # the note on what to check by hand


def test_migrate_leaves_a_current_file_alone(tmp_path):
    folder = tmp_path / "campaigns" / "2024-soc-trang-80-nam-bo-noi-vu"
    shutil.copytree(ROOT / "campaigns" / folder.name, folder)
    before = (folder / "campaign.yml").read_bytes()
    result = subprocess.run([PORTAL, "migrate", "--root", str(tmp_path / "campaigns")], capture_output=True, text=True)
    assert result.returncode == 0 and "đã theo mẫu mới" in result.stdout
    assert (folder / "campaign.yml").read_bytes() == before


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn")), max_size=120)
_VALUES = st.recursive(_TEXT, lambda inner: st.lists(inner, min_size=1, max_size=3)
                       | st.dictionaries(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), inner, min_size=1,
                                         max_size=3), max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), _VALUES, min_size=1, max_size=4))
def test_written_yaml_reads_back_to_the_same_texts(tmp_path_factory, value):
    """What migrate and import-plan write reads back, through the portal's own reader, as written
    (texts compared as the portal reads them: paragraph breaks kept, other white space folded)."""
    path = tmp_path_factory.mktemp("y") / "f.yml"
    path.write_text(dump(value, {(next(iter(value)),): "một ghi chú # có dấu thăng"}), encoding="utf-8")
    node, problems = read_yaml(path, "f.yml")
    assert problems == [] and node is not None
    assert _norm(plain(node)) == _norm(value)


def _norm(value):
    """Texts as the portal reads them: paragraphs apart (at blank lines), white space folded inside."""
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", value) if p.strip()]


def test_paragraphs_stay_apart_when_written(tmp_path):
    """A text of several paragraphs (a blank line between them) reads back as several, wrapped or not."""
    long = "Phát huy tinh thần đoàn kết, sức mạnh tập thể, tinh thần trách nhiệm, chủ động, sáng tạo " * 3
    value = {"text": f"{long.strip()}\n\nĐoạn thứ hai.", "short": "Một\n\nHai"}
    path = tmp_path / "f.yml"
    path.write_text(dump(value), encoding="utf-8")
    node, problems = read_yaml(path, "f.yml")
    assert problems == [] and _norm(plain(node)) == {"text": [" ".join(long.split()), "Đoạn thứ hai."],
                                                      "short": ["Một", "Hai"]}
