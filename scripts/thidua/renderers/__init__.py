"""Renderers: what draws the core's pages in a theme, each behind one boundary.

- `config`: the portal's configuration, read once from mkdocs.yml and checked (no renderer).
- `handoff`: what another renderer needs, written as files (`scripts/portal generate DIR`):
  pages with their front matter and table of contents, hand-written pages, attachments, the
  data files, feeds, print views and embed block, and a config for the renderer; and the search
  index (`scripts/portal index SITE`), which every route makes the same way. No renderer.
- `mkdocs/`: MkDocs + Material, the default: the adapter (what scripts/portal_mkdocs.py, the
  hook mkdocs.yml names, hands to MkDocs), the render step of `portal build`, and `serve` with
  its patches of MkDocs's and Jinja's internals. The only modules that import MkDocs.
- `zensical/`: Zensical, Material's successor, run from its own virtual environment on the
  hand-over tree.

The rest of the core (scripts/thidua/ but for build.py) never imports a
renderer; tests/test_renderers.py checks it.
"""
