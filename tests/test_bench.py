"""The build benchmark and its reference archive: one JSON line, deterministic, valid, realistic."""
from __future__ import annotations

import json
import os
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from thidua.load import load_archive
from benchmarks.refdata import generate_archive


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_bench_prints_one_json_line():
    run = subprocess.run(["scripts/portal", "bench", "--honorees", "300"], cwd=ROOT, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 1, run.stdout
    result = json.loads(lines[0])
    for key in ("honorees", "campaigns", "stages_s", "total_s", "check_s", "peak_rss_mb", "site_bytes",
                "site_files", "search_index_bytes", "machine"):
        assert key in result, key
    assert result["honorees"] == 300 and result["honorees_loaded"] == 300
    assert result["campaigns"] == 3
    assert result["problems"]["errors"] == 0
    assert result["site_files"] > 300 / 100
    assert result["site_bytes"] > 0 and result["peak_rss_mb"] > 0
    assert {"load_validate", "pages", "render"} <= set(result["stages_s"])
    assert all(v >= 0 for v in result["stages_s"].values())
    assert result["machine"]["cpus"] >= 1 and result["machine"]["python"]
    if result.get("search_index_files"):  # a site/pagefind folder was written
        assert result["search_index_bytes"] > 0
    successor = result["successor"]  # the same build through Zensical, beside MkDocs's
    assert successor["renderer"] == "zensical"
    if "skipped" not in successor or os.environ.get("PORTAL_REQUIRE_ZENSICAL"):  # make test installs it
        assert successor["build_s"] > 0 and successor["pages"] == result["pages"], successor


def test_archive_is_deterministic(tmp_path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    assert generate_archive(first, 500, seed=7) == generate_archive(second, 500, seed=7)
    files = _files(first)
    assert sum(name.endswith("honorees.yml") for name in files) == 5
    assert "mkdocs.yml" in files and any(name.startswith("overrides/") for name in files)
    assert files == _files(second)
    generate_archive(other, 500, seed=8)
    assert _files(other) != files


def test_archive_validates_and_has_the_requested_shape(tmp_path):
    counts = generate_archive(tmp_path, 520, seed=3)
    archive, problems = load_archive(tmp_path / "campaigns")
    assert problems == []
    assert len(archive.campaigns) == counts["campaigns"] == 5
    honorees = [h for c in archive.campaigns for h in c.honorees]
    assert len(honorees) == counts["honorees"] == 520
    assert all(h.decision for h in honorees)
    assert 0.05 < sum(not h.is_person for h in honorees) / len(honorees) < 0.15
    for c in archive.campaigns:
        assert 2 <= len(c.award_forms) <= 5 and 1 <= len(c.decisions) <= 3
        assert 2006 <= c.year <= 2025 and [n.label for n in c.body if n.label][:2] == ["I.", "II."]
        keys = [(h.type, h.name, h.unit, h.award.name) for h in c.honorees]
        assert len(keys) == len(set(keys))
    # The same files parse with a plain YAML reader, values as written.
    first = archive.campaigns[0]
    listing = yaml.safe_load((tmp_path / "campaigns" / first.id / "honorees.yml").read_text("utf-8"))
    assert [h["name"] for h in listing["honorees"]] == [h.name for h in first.honorees]
    assert {d["number"] for d in listing["decisions"]} == {d.number for d in first.decisions}


def test_campaign_count_and_exact_sum(tmp_path):
    counts = generate_archive(tmp_path, 1234, seed=1, campaigns=4)
    archive, problems = load_archive(tmp_path / "campaigns")
    assert problems == [] and counts["campaigns"] == 4
    assert sum(len(c.honorees) for c in archive.campaigns) == 1234


def test_family_names_are_distributed_realistically(tmp_path):
    generate_archive(tmp_path, 5000, seed=20251)
    archive, problems = load_archive(tmp_path / "campaigns")
    assert problems == []
    people = [h for c in archive.campaigns for h in c.honorees if h.is_person]
    family = Counter(h.name.split()[0] for h in people)
    share = {name: n / len(people) for name, n in family.items()}
    assert 0.30 <= share["Nguyễn"] <= 0.45
    assert 0.08 <= share["Trần"] <= 0.14 and 0.07 <= share["Lê"] <= 0.12
    assert family.most_common(3)[0][0] == "Nguyễn"
    assert len({h.name for h in people}) < len(people)  # common names repeat (many Nguyễn Văn An)
    assert {h.honorific for h in people} <= {"Ông", "Bà", ""}
    assert not any(h.name.split()[1] == "Thị" for h in people if h.honorific == "Ông")
    assert not any(h.name.split()[1] == "Văn" for h in people if h.honorific == "Bà")


def test_refuses_to_overwrite_a_foreign_campaigns_folder(tmp_path):
    (tmp_path / "campaigns" / "real").mkdir(parents=True)
    with pytest.raises(ValueError):
        generate_archive(tmp_path, 10, seed=1)
    with pytest.raises(ValueError):
        generate_archive(ROOT, 10, seed=1)


@pytest.mark.nginx
@pytest.mark.browser
def test_search_benchmark_prints_its_figures():
    result = subprocess.run([str(ROOT / "scripts" / "portal"), "bench-search", "--honorees", "200"],
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["records"] > 200 and figures["index_bytes"] > 0 and figures["index_build_s"] > 0
    for label in ("rare_name", "common_family_name", "common_word"):
        query = figures["queries"][label]
        assert query["first_query_bytes"] > 0 and query["first_result_s"] > 0
        assert query["results"].startswith("Tìm thấy")


def test_import_benchmark_prints_its_figures():
    result = subprocess.run([str(ROOT / "scripts" / "portal"), "bench-import", "--rows", "300"],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["rows"] == 300 and figures["added"] == 300 and figures["import_total"] > 0
