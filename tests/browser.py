"""Headless Debian Chromium (via Playwright) against a site served on loopback: the same helpers
the benchmarks use (thidua.bench), so tests and benchmarks drive the browser one way."""
from thidua.bench import chromium, serve  # noqa: F401
