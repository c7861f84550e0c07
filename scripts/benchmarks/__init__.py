"""Benchmarks and the reference archive they build: measuring tools, not part of the portal.

`scripts/portal bench…` commands import from here; the product package (`thidua`) never does.
"""
