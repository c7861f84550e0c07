"""The hand-over to another renderer (`portal generate`, `portal index`), the portal config read
from mkdocs.yml, the core's table of contents, and the boundary: the core never imports MkDocs."""
from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from conftest import ROOT
from helpers import write_campaign
from thidua import listing, planview, urls
from thidua.memo import MEMO
from thidua.renderers import config as portal_config
from thidua.renderers import handoff
from thidua.site import build_site, forget
from thidua.toc import flatten, table_of_contents

TODAY = dt.date(2025, 9, 1)
URL = "https://cong.example.vn/thi-dua/"
PORTAL = str(ROOT / "scripts" / "portal")
SOC_TRANG = "2024-soc-trang-80-nam-bo-noi-vu"


def _front_matter(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n\n", 1)
    return yaml.safe_load(head), body


@pytest.fixture(scope="module")
def handed(tmp_path_factory):
    """The example site handed over by the command, with its Site to compare against."""
    out = tmp_path_factory.mktemp("handoff") / "tree"
    done = subprocess.run([PORTAL, "generate", str(out), "--today", TODAY.isoformat(), "--site-url", URL,
                           "--config", str(ROOT / "mkdocs.yml")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    portal = portal_config.load(ROOT / "mkdocs.yml")
    forget()
    site = build_site(portal.campaigns, TODAY, portal.site_name, portal.issuer, URL)
    return out, site


def test_every_generated_page_is_handed_over_with_its_body_and_table_of_contents(handed):
    out, site = handed
    for page in site.pages:
        meta, body = _front_matter((out / "docs" / page.src).read_text(encoding="utf-8"))
        assert body == page.body, page.path
        assert meta["portal_generated"] is True and meta["kind"] == page.kind
        assert meta["portal_toc"] == page.toc() == table_of_contents(page.body), page.path
    campaign = next(p for p in site.pages if p.path == f"phong-trao/{SOC_TRANG}/")
    assert len(list(flatten(campaign.toc()))) > 15


def test_the_data_files_feeds_and_print_views_are_handed_over_byte_for_byte(handed):
    out, site = handed
    site.pages_written()
    files = dict(site.all_files())
    assert {"data/campaigns.json", "data/honorees.csv", "feed.xml", "nhung/index.html", "robots.txt"} <= set(files)
    for path, data in files.items():
        assert (out / "docs" / path).read_bytes() == data, path
    assert URL in files["robots.txt"].decode()


def test_the_handed_over_config_is_mkdocs_yml_for_the_tree(handed):
    out, _ = handed
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8").split("\n", 1)[1])
    assert "hooks" not in config and config["docs_dir"] == "docs" and config["site_dir"] == "site"
    assert config["site_url"] == URL and config["theme"]["variant"] == "classic"
    assert Path(config["theme"]["custom_dir"]) == ROOT / "overrides"
    assert config["extra"]["portal"]["issuer"] == "Sở Nội vụ tỉnh Lạng Sơn"
    assert set(config["extra"]["portal"]) == {"campaigns", "issuer", "issuer_parent", "address", "phone", "email",
                                              "responsible", "phone_uri"}
    assert config["extra"]["portal"]["phone_uri"] == "tel:02053812345"
    assert handoff.PASSTHROUGH in config["markdown_extensions"]
    nav = [next(iter(item.values())) for item in config["nav"]]
    assert "du-lieu-mo/index.md" in nav and "gioi-thieu/index.md" in nav
    for target in nav:
        assert (out / "docs" / target).is_file(), target


def test_hand_written_pages_sit_at_their_address_so_their_relative_links_keep_their_meaning(handed):
    out, _ = handed
    placed = out / "docs" / "du-lieu-mo" / "index.md"
    assert placed.read_text(encoding="utf-8") == (ROOT / "content" / "du-lieu-mo.md").read_text(encoding="utf-8")
    assert "](../data/honorees.csv)" in placed.read_text(encoding="utf-8")
    assert (out / "docs" / "data" / "honorees.csv").is_file()  # ../data/ from du-lieu-mo/ is the site's data/
    assert not (out / "docs" / "du-lieu-mo.md").exists()


# --- the golden tree ------------------------------------------------------------------------------

GOLDEN = ROOT / "tests" / "fixtures" / "generate-tree.txt"
# Files whose bytes are held too: the open data and the feeds (pages and print views change with
# the site's wording and layout; their paths are held, not their text).
HASHED = re.compile(r"^docs/(data/.*|feed\.xml|feed\.json|atom\.xml|robots\.txt)$")


def _tree_listing(out: Path) -> list[str]:
    import hashlib
    lines = [f"# scripts/portal generate DIR --today {TODAY.isoformat()} --site-url {URL} (the example campaigns):",
             "# every file of DIR; a data file or feed with the first 16 hex digits of its SHA-256.",
             "# Refresh: PORTAL_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_generate.py -k golden"]
    for path in sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()):
        digest = hashlib.sha256((out / path).read_bytes()).hexdigest()[:16] if HASHED.match(path) else ""
        lines.append(f"{path}  {digest}" if digest else path)
    return lines


def test_the_generated_tree_matches_the_golden_listing(handed):
    """Every path `portal generate` writes for the example campaigns, and the bytes of its data
    files and feeds, as tests/fixtures/generate-tree.txt lists them: a page, file or byte of open
    data that appears, goes or changes shows here as a diff. When the change is meant, refresh the
    listing and commit it with the change:

        PORTAL_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_generate.py -k golden
    """
    import difflib
    out, _ = handed
    listing = _tree_listing(out)
    if os.environ.get("PORTAL_UPDATE_GOLDEN"):
        GOLDEN.write_text("\n".join(listing) + "\n", encoding="utf-8")
    golden = GOLDEN.read_text(encoding="utf-8").splitlines() if GOLDEN.is_file() else []
    diff = list(difflib.unified_diff(golden, listing, "tests/fixtures/generate-tree.txt", "generated now", lineterm="", n=1))
    assert not diff, ("The generated tree is not the golden listing (refresh it if this change is meant: "
                      "PORTAL_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_generate.py -k golden):\n"
                      + "\n".join(diff))
    assert sum(1 for line in listing if line.endswith(".md")) > 40 and any(HASHED.match(l.split()[0]) for l in listing)


def test_attachments_are_handed_over_at_their_address(tmp_path):
    project = tmp_path / "p"
    (project / "content").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: Thử\ndocs_dir: content\nextra:\n  portal:\n    issuer: Sở Thử\n",
                                        encoding="utf-8")
    folder = write_campaign(project / "campaigns", "co-tep",
                            extra="attachments:\n  - file: 'Kế hoạch #1.pdf'\n    title: Kế hoạch\n")
    (folder / "Kế hoạch #1.pdf").write_bytes(b"%PDF-1.4 thu\n")
    done = handoff.generate(portal_config.load(project / "mkdocs.yml"), tmp_path / "out", TODAY)
    assert (done.docs / "phong-trao" / "co-tep" / "tep" / "Kế hoạch #1.pdf").read_bytes() == b"%PDF-1.4 thu\n"
    body = (done.docs / "phong-trao" / "co-tep" / "index.md").read_text(encoding="utf-8")
    links = [unquote(html.unescape(href)) for href in re.findall(r'href="(tep/[^"]+)"', body)]
    assert links == ["tep/Kế hoạch #1.pdf"]  # the page links to where the file is handed over


def test_the_index_command_writes_the_search_index_into_a_site(tmp_path):
    site = tmp_path / "site"
    done = subprocess.run([PORTAL, "index", str(site), "--today", TODAY.isoformat(), "--config",
                           str(ROOT / "mkdocs.yml")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert "vi" in entry["languages"] and entry["languages"]["vi"]["page_count"] > 10


# --- the table of contents ---------------------------------------------------------------------

def test_the_table_of_contents_nests_every_heading_with_an_id():
    body = ('<h1>T</h1><h2 id="a">A &amp; <em>b</em></h2><h3 id="a1">A.1</h3><h4 id="a11">x</h4>'
            '<h3 id="a2">A.2</h3><h2>no id</h2><h2 id="b">B</h2><h5 id="deep">D</h5>')
    toc = table_of_contents(body)
    assert [(t["id"], [c["id"] for c in t["children"]]) for t in toc] == [("a", ["a1", "a2"]), ("b", ["deep"])]
    assert toc[0]["title"] == "A &amp; b" and toc[0]["text"] == "A & b"  # escaped HTML, as themes print it
    assert toc[0]["children"][0]["children"][0]["id"] == "a11"


def test_a_campaign_pages_table_of_contents_holds_the_plans_outline_in_order():
    portal = portal_config.load(ROOT / "mkdocs.yml")
    forget()
    site = build_site(portal.campaigns, TODAY, portal.site_name, portal.issuer)
    for c in site.archive.published:
        page = next(p for p in site.pages if p.path == urls.campaign_path(c.id))
        entries = [(e["level"], e["id"], e["text"]) for e in flatten(page.toc())]
        plan = [e for e in entries if e[1].startswith("muc-")]
        assert plan == [(level, anchor, " ".join(text.split())) for level, anchor, text in planview.outline(c)], c.id


# --- the portal config -------------------------------------------------------------------------

def _config(tmp_path: Path, portal: str) -> Path:
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: Thử\nsite_url: https://a.example.vn/x\nextra:\n  portal:\n"
                    + textwrap.indent(portal, "    "), encoding="utf-8")
    return path


def test_the_portal_config_is_read_and_typed(tmp_path):
    config = portal_config.load(_config(tmp_path, "campaigns: du-lieu\nissuer: Sở Nội vụ tỉnh Thử\n"))
    assert config.campaigns == (tmp_path / "du-lieu").resolve() and config.issuer == "Sở Nội vụ tỉnh Thử"
    assert config.url() == "https://a.example.vn/x/" and config.url("https://b.example.vn/") == "https://b.example.vn/"
    assert config.docs_dir == (tmp_path / "docs").resolve()
    defaults = portal_config.load(_config(tmp_path, "{}\n"))
    assert defaults.campaigns == (tmp_path / "campaigns").resolve() and defaults.issuer == ""


def test_an_unknown_portal_key_is_refused_with_a_did_you_mean(tmp_path):
    with pytest.raises(portal_config.ConfigError) as refused:
        portal_config.load(_config(tmp_path, "isuer: Sở Nội vụ\n"))
    assert "extra.portal.isuer" in str(refused.value) and "Có phải ý bạn là 'issuer'?" in str(refused.value)
    with pytest.raises(portal_config.ConfigError, match="phải là một chuỗi"):
        portal_config.load(_config(tmp_path, "issuer: [a, b]\n"))


@pytest.mark.parametrize("command", ["build", "generate", "index"])
def test_every_command_refuses_the_typo_in_vietnamese_with_exit_code_2(tmp_path, command):
    config = _config(tmp_path, "campains: campaigns\n")
    target = ["--out", str(tmp_path / "site")] if command == "build" else [str(tmp_path / "out")]
    done = subprocess.run([PORTAL, command, *target, "--config", str(config)], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 2 and "Có phải ý bạn là 'campaigns'?" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "site").exists()


# --- the boundary ------------------------------------------------------------------------------

_BLOCK_MKDOCS = textwrap.dedent("""
    import importlib, importlib.abc, pkgutil, sys
    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("mkdocs", "material"):
                raise ImportError(f"the core imported {name}")
    sys.meta_path.insert(0, Block())
    import thidua
    skipped = {"thidua.build"}
    names = [m.name for m in pkgutil.walk_packages(thidua.__path__, "thidua.")]
    for name in names:
        if name in skipped or name.startswith("thidua.renderers.mkdocs"):
            continue
        importlib.import_module(name)
    print(len(names))
""")


def test_the_core_never_imports_mkdocs():
    """Every module of scripts/thidua/ but build.py and renderers/mkdocs/ imports
    with MkDocs made unimportable; so does the hand-over, which then runs whole."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    done = subprocess.run([sys.executable, "-c", _BLOCK_MKDOCS], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 40
    generate = _BLOCK_MKDOCS + textwrap.dedent(f"""
        import datetime, pathlib, tempfile
        from thidua.renderers import config, handoff
        with tempfile.TemporaryDirectory() as out:
            done = handoff.generate(config.load({str(ROOT / 'mkdocs.yml')!r}), pathlib.Path(out), datetime.date(2025, 9, 1))
            assert done.pages > 10 and "mkdocs" not in sys.modules
    """)
    done = subprocess.run([sys.executable, "-c", generate], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr


def test_build_py_imports_no_renderer_until_it_builds():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    code = "import sys, thidua.build, thidua.cli; print(sorted(m for m in sys.modules if m.startswith(('mkdocs', 'thidua.renderers.mkdocs'))))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stdout + done.stderr


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(top-level module, line, inside a function) of every absolute import in a file."""
    import ast
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[tuple[str, int, bool]] = []

    def visit(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                found.extend((alias.name.split(".")[0], child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                found.append((child.module.split(".")[0], child.lineno, in_function))
            visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)))

    visit(tree, False)
    return found


def test_the_product_package_never_imports_the_measuring_tools():
    """scripts/benchmarks/ (benchmarks, the reference archive, the loopback and browser helpers)
    is not part of the portal: no module of scripts/thidua/ imports it, or the browser it drives,
    but cli.py's bench… commands, inside their functions."""
    package = ROOT / "scripts" / "thidua"
    wrong = []
    for path in sorted(package.rglob("*.py")):
        for module, line, in_function in _imports(path):
            name = path.relative_to(package).as_posix()
            allowed = name == "cli.py" and in_function and module == "benchmarks"
            if module in ("benchmarks", "playwright") and not allowed:
                wrong.append(f"scripts/thidua/{name}:{line} imports {module}")
    assert not wrong, "\n".join(wrong)
    assert not (package / "refdata.py").exists() and not list(package.rglob("bench*.py"))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    code = "import sys, thidua.cli, thidua.build; print(sorted(m for m in sys.modules if m.startswith('benchmarks')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stdout + done.stderr


# --- the A-Z memo key (a letter's own page count) -------------------------------------------------

def test_each_letter_page_is_memoized_with_its_own_letters_page_count(monkeypatch):
    portal = portal_config.load(ROOT / "mkdocs.yml")
    forget()
    monkeypatch.setattr(listing, "HONOREES_PER_PAGE", 3)
    site = build_site(portal.campaigns, TODAY, portal.site_name, portal.issuer)
    pages: dict[str, int] = {}
    for page in site.pages:
        parts = page.path.split("/")
        if parts[0] == "khen-thuong" and len(parts) > 2:
            pages[parts[1]] = pages.get(parts[1], 0) + 1
            page.body  # noqa: B018 - made now: its memo entry is written
    assert len(set(pages.values())) > 1  # letters with different page counts
    keys = [key for key in MEMO._current if key[0] == "letter page"]
    assert keys
    for key in keys:
        path, *_, ranges = key[1]  # one range label per page of the letter
        assert len(ranges) == pages[path.split("/")[1]], path
    forget()
