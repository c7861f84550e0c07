"""HUONG-DAN.md, the clerks' guide, documents the campaign file as it is: every field of the
schema appears in its examples, and the examples of section 2.4 together make a valid campaign."""
from __future__ import annotations

import re
from pathlib import Path

from helpers import write_campaign
from thidua import schema as s
from thidua.load import load_archive

GUIDE = Path(__file__).resolve().parents[1] / "HUONG-DAN.md"


def _fields(spec: s.Spec, seen: set[int] | None = None) -> set[str]:
    """Every field name a shape declares, at any depth (the plan's tree refers to itself)."""
    seen = set() if seen is None else seen
    if id(spec) in seen:
        return set()
    seen.add(id(spec))
    if isinstance(spec, s.Obj):
        names = set(spec.fields)
        for child in spec.fields.values():
            names |= _fields(child, seen)
        return names
    if isinstance(spec, s.List):
        return _fields(spec.item, seen)
    return set()


def _yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, re.S)


def test_every_schema_field_is_documented_with_an_example():
    examples = "\n".join(_yaml_blocks(GUIDE.read_text(encoding="utf-8")))
    written = set(re.findall(r"^[\s-]*([a-z_]+):", examples, re.M))
    for spec in (s.CAMPAIGN, s.HONOREES_FILE):
        missing = _fields(spec) - written
        assert not missing, f"HUONG-DAN.md has no example of: {sorted(missing)}"


def test_the_guides_campaign_example_is_a_valid_campaign(tmp_path):
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("### 2.4."):text.index("## 3.")]
    blocks = [b for b in _yaml_blocks(section) if not b.startswith("attachments:")]
    campaign = "\n".join(blocks)
    write_campaign(tmp_path / "campaigns", "2026-thi-dua-chuyen-doi-so", campaign)
    archive, problems = load_archive(tmp_path / "campaigns")
    assert [str(p) for p in problems if p.severity == "error"] == []
    c = archive.campaigns[0]
    assert [n.label for n in c.body if n.label] == ["I.", "II."]
    assert c.award_forms[0].criteria == "tieu-chuan-bang-khen"
