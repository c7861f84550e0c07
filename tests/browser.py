"""Headless Debian Chromium (via Playwright) against a site served on loopback: the same helpers
the benchmarks use (benchmarks.build), so tests and benchmarks drive the browser one way."""
from benchmarks.build import chromium, serve  # noqa: F401
