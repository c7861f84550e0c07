"""Zensical, Material for MkDocs' successor: `portal build --renderer zensical`.

It runs from its own virtual environment (`.venv/zensical`, pinned in requirements-zensical.txt,
made by the Makefile) on the hand-over tree (renderers/handoff.py); route.py drives it. Zensical
runs no MkDocs hooks or plugins, but it runs Python-Markdown extensions: passthrough.py, the one
module of the core that Zensical's Python imports, hands it each generated page's body and table
of contents. Nothing here may import more than the standard library and Markdown.
"""
