"""Getting a built site onto a web server: pre-compressed copies and an nginx server block.

The Content-Security-Policy allows only the site's own files. Material for MkDocs puts a
few small inline scripts in every page; they are allowed by their SHA-256 hashes. Only the
theme's own scripts are: those written in its templates (and in overrides/), found in the
built pages (their text depends on each page's depth), so the policy is generated after the
build. Any other inline script (say, one typed into content/*.md) gets no hash and does not run.
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import re
from pathlib import Path
from urllib.parse import urlparse

COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".txt", ".svg", ".csv"}
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)


def precompress(site: Path) -> int:
    """Write name.gz beside each text file (same bytes every time: no timestamp inside)."""
    count = 0
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in COMPRESSIBLE and path.stat().st_size > 1024:
            data = path.read_bytes()
            with open(path.with_name(path.name + ".gz"), "wb") as out:
                with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
                    gz.write(data)
            count += 1
    return count


_TEMPLATE_VALUE = re.compile(r"\{\{.*?\}\}", re.S)
_URL_PATH = r"[\w./:%~-]*"  # what the theme prints into its scripts (base_url): no quote, no markup


def theme_templates() -> list[Path]:
    """The folders of the theme's templates: installed Material's, Zensical's (where .venv/zensical
    has it: `build --renderer zensical`), and the project's overrides/."""
    import material
    repository = Path(__file__).resolve().parents[2]
    zensical = sorted(repository.glob(".venv/zensical/lib/python3*/site-packages/zensical/templates"))
    return [Path(material.__file__).parent / "templates", *zensical, repository / "overrides"]


def theme_scripts(folders: list[Path] | None = None) -> list[re.Pattern]:
    """The inline scripts the theme's templates write, each a pattern where a printed value
    (`{{ base_url }}`) may be a URL path. Scripts with template logic inside are left out."""
    patterns = []
    for folder in folders or theme_templates():
        for template in sorted(folder.rglob("*.html")):
            for match in _INLINE_SCRIPT.finditer(template.read_text(encoding="utf-8")):
                body = match.group(2)
                if "application/json" in match.group(1) or "{%" in body or "{#" in body:
                    continue
                parts = _TEMPLATE_VALUE.split(body)
                patterns.append(re.compile(_URL_PATH.join(map(re.escape, parts))))
    return patterns


def _page_scripts(site: Path):
    """(page, script text) for every inline script the built pages would run."""
    for page in sorted(site.rglob("*.html")):
        for match in _INLINE_SCRIPT.finditer(page.read_text(encoding="utf-8")):
            if "application/json" not in match.group(1):  # data, never executed
                yield page, match.group(2)


def inline_script_hashes(site: Path) -> tuple[list[str], list[Path]]:
    """The hashes of the theme's inline scripts in the built pages, and the pages holding any
    other inline script (which the policy leaves without a hash: it will not run)."""
    known = theme_scripts()
    hashes, foreign = set(), []
    for page, script in _page_scripts(site):
        if any(pattern.fullmatch(script) for pattern in known):
            digest = hashlib.sha256(script.encode("utf-8")).digest()
            hashes.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
        elif page not in foreign:
            foreign.append(page)
    return sorted(hashes), foreign


def content_security_policy(hashes: list[str], embed_ancestors: str = "*") -> tuple[str, str]:
    """The policy for the site, and the one for the embeddable block (which other sites may frame)."""
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *hashes])
    common = (f"default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; "
              "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; "
              "base-uri 'self'; form-action 'self'")
    return f"{common}; frame-ancestors 'self'", f"{common}; frame-ancestors {embed_ancestors}"


def nginx_config(site: Path, site_url: str, root: str, listen: str = "80", server_name: str | None = None,
                 hashes: list[str] | None = None) -> str:
    """A server block serving the built site at the path of site_url (hashes: inline_script_hashes)."""
    parsed = urlparse(site_url)
    prefix = parsed.path if parsed.path.endswith("/") else parsed.path + "/"
    policy, embed_policy = content_security_policy(inline_script_hashes(site)[0] if hashes is None else hashes)
    root = root.rstrip("/") + "/"
    headers = [
        f'add_header Content-Security-Policy "{policy}" always;',
        'add_header X-Content-Type-Options "nosniff" always;',
        'add_header Referrer-Policy "strict-origin-when-cross-origin" always;',
        'add_header X-Frame-Options "SAMEORIGIN" always;',
        'add_header Permissions-Policy "camera=(), microphone=(), geolocation=()" always;',
    ]

    def block(extra: list[str], cache: str, frame_headers: list[str] | None = None) -> str:
        lines = (frame_headers or headers) + [f'add_header Cache-Control "{cache}" always;'] + extra
        return "\n".join("        " + line for line in lines)

    embed_headers = [h.replace(policy, embed_policy) for h in headers if "X-Frame-Options" not in h]
    return f"""# nginx server block for the campaign portal, generated by `scripts/portal nginx` from the
# built site (the Content-Security-Policy lists the hashes of the theme's inline scripts:
# generate it again after upgrading Material for MkDocs).
server {{
    listen {listen};
    server_name {server_name or parsed.hostname or "_"};
    charset utf-8;
    server_tokens off;

    # Pre-compressed copies written by `scripts/portal build` (name.gz beside each file).
    gzip_static on;
    gzip on;
    gzip_comp_level 6;  # for a file without its .gz copy (nginx's default, 1, left the search page over 150 KB)
    gzip_types text/css application/javascript application/json application/xml image/svg+xml text/csv;
    # With the ngx_brotli module installed, also: brotli_static on;

    error_page 404 {prefix}404.html;

    location {prefix} {{
        alias {root};
        index index.html;
{block([], "public, max-age=300")}
    }}

    # Files whose names carry a content hash never change: cache them for a year.
    location ~ ^{re.escape(prefix)}(assets/(?:javascripts|stylesheets)/.+|pagefind/(?:index|fragment|filter)/.+|pagefind/[^/]+[.]pf_meta)$ {{
        alias {root}$1;
{block([], "public, max-age=31536000, immutable")}
    }}

    # The block for the department's news page may be framed by other sites.
    location {prefix}nhung/ {{
        alias {root}nhung/;
{block([], "public, max-age=300", embed_headers)}
    }}
}}
"""
