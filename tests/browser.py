"""Headless Debian Chromium (via Playwright) against a site served on loopback: the helpers the
benchmarks use (scripts/benchmarks/loopback.py), so tests and benchmarks drive the browser one way;
and what only tests do with it (axe-core's serious violations on a page)."""
from __future__ import annotations

from pathlib import Path

from benchmarks.loopback import chromium, serve  # noqa: F401

AXE = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def serious_violations(page, label: str) -> list[tuple]:
    """axe-core run on the page as it is now (WCAG 2.1 A/AA and best practice): each serious or
    critical violation as (label, rule id, the first three elements it names)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("rules => axe.run(document, {runOnly: rules})", AXE_RULES)
    return [(label, v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]
            if v["impact"] in ("serious", "critical")]
