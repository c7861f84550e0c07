"""The MkDocs hook that mkdocs.yml names: the portal's adapter (thidua/renderers/mkdocs/adapter.py)
for the runs MkDocs starts itself, `portal serve` (`mkdocs serve`) and a plain `mkdocs build`.

`portal build` does not load this file: it registers an adapter holding the site it built.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from thidua.renderers.mkdocs.adapter import Adapter  # noqa: E402

_adapter = Adapter()  # builds the site from mkdocs.yml on every build (on_config)

on_startup = _adapter.on_startup
on_config = _adapter.on_config
on_nav = _adapter.on_nav
on_files = _adapter.on_files
on_env = _adapter.on_env
on_page_markdown = _adapter.on_page_markdown
on_page_context = _adapter.on_page_context
on_post_page = _adapter.on_post_page
on_post_build = _adapter.on_post_build
