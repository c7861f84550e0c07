"""`portal serve`: `mkdocs serve` with live reload and dirty builds, what makes its rebuilds fast
(patches of MkDocs's and Jinja's internals, kept here with the rest of MkDocs), and the page of
problems it shows while the data is invalid."""
from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sys
import tempfile
import traceback
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer, _serve_url

from ...preview import error_page
from ...problems import DataError
from ..config import PortalConfig

_log = logging.getLogger("mkdocs.commands.serve")

# MkDocs's preview server looks for changed files every 0.5 s, a quarter of the 2 s an edit may
# take to show. Every 0.25 s instead: a look over a 100,000-honoree archive's folders costs about
# 20 ms, so the preview uses under a tenth of a core while it waits.
POLLING_INTERVAL = 0.25


def serve(portal: PortalConfig, addr: str, today: dt.date | None = None) -> int:
    """Preview with live reload: a change to campaigns/, content/ or overrides/ rebuilds. MkDocs
    loads mkdocs.yml itself on every rebuild, with the hook it names (scripts/portal_mkdocs.py):
    the build day reaches it as PORTAL_TODAY.

    What MkDocs's `serve` command does (mkdocs.commands.serve), with the portal's differences:
    builds are dirty (only what changed is rendered again), changes are looked for sooner, and
    a build that fails, the first one too, shows its problems in the browser (PreviewServer)."""
    if today:
        os.environ["PORTAL_TODAY"] = today.isoformat()
    _show_mkdocs_log()
    _keep_installed_theme_listing()
    watch = [str(portal.campaigns), str(portal.custom_dir or portal.root / "overrides")]
    _stop_on_terminate()
    site_dir = tempfile.mkdtemp(prefix=f"portal-preview-{os.getpid()}-")  # removed when the preview stops

    def get_config():
        config = load_config(config_file=str(portal.file), site_dir=site_dir, dev_addr=addr)
        config.watch.extend(watch)
        return config

    try:
        config = get_config()  # an invalid mkdocs.yml stops the preview here, with MkDocs's message
        config.plugins.on_startup(command="serve", dirty=True)
        host, port = config.dev_addr
        serve_url = _serve_url(host, port, urlsplit(config.site_url or "/").path)

        def builder(config=None):
            _log.info("Building documentation...")
            if config is None:
                config = get_config()
            config.site_url = serve_url
            build(config, serve_url=serve_url, dirty=True)

        server = PreviewServer(builder, host=host, port=port, root=site_dir,
                               mount_path=urlsplit(serve_url).path, polling_interval=POLLING_INTERVAL,
                               site_name=portal.site_name)
        server.error_handler = lambda code: _error_file(site_dir, code)
        try:
            server.build(config)
            server.watch(config.docs_dir)
            server.watch(config.config_file_path)
            server = config.plugins.on_serve(server, config=config, builder=builder)
            for item in config.watch:
                server.watch(item)
            try:
                server.serve()
            except OSError as error:  # the address is taken, or not this machine's
                print(f"Không mở được địa chỉ {addr} ({error.strerror}). Hãy thử --addr 127.0.0.1:8001.",
                      file=sys.stderr)
                return 2
        except KeyboardInterrupt:
            _log.info("Shutting down...")
        finally:
            server.shutdown()
            config.plugins.on_shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0


def _stop_on_terminate() -> None:
    """A `kill` (SIGTERM, what a test or a service manager sends) stops the preview as Ctrl+C does,
    so that its site folder is removed: one of a large archive takes hundreds of MB of /tmp."""
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


class PreviewServer(LiveReloadServer):
    """MkDocs's live-reload server, which answers every page with the list of problems while the
    last build failed, and with the pages again once a build succeeds.

    MkDocs's server makes a page request wait until the site it serves is built: after a build
    that failed, until one succeeds, so after an invalid edit the browser hangs until the data is
    valid again. Here a failed build is a build too: requests are answered, browsers waiting in
    the reload script reload, and they get `failure`, the error page, instead of the pages."""

    def __init__(self, builder, *args, site_name: str = "", **kwargs):
        super().__init__(self.build, *args, **kwargs)  # MkDocs's rebuild loop calls self.build()
        self.make_site = builder
        self.site_name = site_name
        self.failure: bytes | None = None  # the error page, while the last build failed

    def build(self, config=None) -> None:
        """Build; on failure keep the error page, and print the problems in the terminal. It runs
        before MkDocs lets requests see the build, so no request gets a page of a failed build."""
        try:
            self.make_site(config)
        except (Exception, Abort) as error:  # Abort, MkDocs's, is a SystemExit
            problems = _problems_of(error)
            if isinstance(error, Abort):
                print(error, file=sys.stderr)
            else:
                traceback.print_exc()
            detail = "" if problems else _detail(error)
            self.failure = error_page(problems, detail, self.site_name, dt.datetime.now())
            _log.error("Trình duyệt đang hiện các lỗi này thay cho các trang; chúng sẽ hiện lại khi bạn lưu "
                       "bản sửa hợp lệ / the preview shows these problems until the next valid save.")
        else:
            self.failure = None

    def _serve_request(self, environ, start_response):
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path.startswith("/livereload/") or not (path + "/").startswith(self.mount_path) or not _is_page(path):
            return super()._serve_request(environ, start_response)  # a file (CSS, data) as last built
        with self._epoch_cond:  # as MkDocs does: wait for the build under way, if any
            self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
            epoch, failure = self._visible_epoch, self.failure
        if failure is None:
            return super()._serve_request(environ, start_response)
        page = self._inject_js_into_html(failure, epoch)  # MkDocs's reload script, as on every page
        # 503, not 500: a browser shows the page either way, and the reload script runs on it and
        # keeps polling either way (it polls /livereload/, which answers 200). 503 says what this
        # is, the pages are unavailable for a while and will come back; 500 is what MkDocs answers
        # when the server itself fails. no-store: "Back" after the fix must not show this page.
        start_response("503 Service Unavailable", [("Content-Type", "text/html; charset=utf-8"),
                                                   ("Content-Length", str(len(page))),
                                                   ("Cache-Control", "no-store")])
        return [page]


def _error_file(site_dir: str, code: int) -> bytes | None:
    """The theme's 404 page for a file the site does not have, as `mkdocs serve` answers."""
    page = os.path.join(site_dir, f"{code}.html")
    if code in (404, 500) and os.path.isfile(page):
        with open(page, "rb") as file:
            return file.read()
    return None


def _is_page(path: str) -> bool:
    """Whether a request is for a page (…/, …/index.html, a folder without its slash), not a file."""
    last = path.rsplit("/", 1)[-1]
    return not last or last.endswith(".html") or "." not in last


def _detail(error: BaseException) -> str:
    """A failure that is not in the data, as one text: a template's error with its file and line."""
    text = str(error) or type(error).__name__
    where, line = getattr(error, "filename", None), getattr(error, "lineno", None)  # Jinja's errors
    return f"{where}:{line}: {text}" if where and line else text


def _problems_of(error: BaseException) -> list:
    """The data problems behind a failed build: the adapter raises MkDocs's Abort while it
    handles the core's DataError, which stays on the Abort as its context."""
    while error is not None:
        if isinstance(error, DataError):
            return error.problems
        error = error.__cause__ or error.__context__
    return []


def _keep_installed_theme_listing() -> None:
    """MkDocs lists every file of the theme on every build (Material ships thousands of icons):
    half a second of each preview rebuild on its own. The installed theme does not change while
    the preview runs, so its listing is kept; the project's `overrides/` is listed every time."""
    import sysconfig

    import jinja2

    installed = sysconfig.get_paths()["purelib"]
    list_all = jinja2.FileSystemLoader.list_templates
    kept: dict[str, list[str]] = {}

    def list_templates(loader: jinja2.FileSystemLoader) -> list[str]:
        names: set[str] = set()
        for path in map(str, loader.searchpath):
            one = jinja2.FileSystemLoader(path, followlinks=loader.followlinks)
            if not path.startswith(installed):
                names.update(list_all(one))
                continue
            if path not in kept:
                kept[path] = list_all(one)
            names.update(kept[path])
        return sorted(names)

    jinja2.FileSystemLoader.list_templates = list_templates


def _show_mkdocs_log() -> None:
    """MkDocs's messages ("Serving on ...", "Documentation built in ...") on stderr, without its
    warning about dirty builds: the adapter renders again every page an edit changes."""
    import logging
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.addFilter(lambda record: "'dirty' build" not in record.getMessage())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


