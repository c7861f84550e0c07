"""A built site on loopback, and the browser that reads it: what the benchmarks and the tests share.

  serve(folder)            a folder on 127.0.0.1 (Python's http.server, no compression)
  nginx(site, site_url)    the documented nginx in front of a built site: the server block
                           `scripts/portal nginx` writes (thidua.deploy.nginx_config), on a free port
  chromium()               Debian's headless Chromium driven by Playwright
  free_port()              a free TCP port on 127.0.0.1

PORTAL_CHROMIUM and PORTAL_NGINX name other binaries. While PORTAL_NO_BROWSER or PORTAL_NO_NGINX
is set (tests/conftest.py sets it to the id of a test without the `browser` or `nginx` marker),
chromium() or nginx() refuses to start, naming that test.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def _refuse_if_unmarked(variable: str, what: str, marker: str) -> None:
    test = os.environ.get(variable)
    if test:
        raise RuntimeError(f"{test} starts {what} but is not marked @pytest.mark.{marker} (pytest.ini)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def chromium():
    """Debian's headless Chromium driven by Playwright (its own browser downloads are not used)."""
    _refuse_if_unmarked("PORTAL_NO_BROWSER", "Chromium", "browser")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("PORTAL_CHROMIUM", CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def serve(directory: Path):
    """Serve a folder on 127.0.0.1 on a free port; yield the base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep the benchmark's and the tests' output readable
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class NginxUnavailable(RuntimeError):
    """nginx is not installed, or did not start (the message says which, with its error log)."""


def nginx_binary() -> str:
    return os.environ.get("PORTAL_NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"


_NGINX_CONF = """{user}worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {work}/tmp;
    proxy_temp_path {work}/tmp;
    fastcgi_temp_path {work}/tmp;
    uwsgi_temp_path {work}/tmp;
    scgi_temp_path {work}/tmp;
    include {work}/server.conf;
}}
"""


@contextmanager
def nginx(site: Path, site_url: str):
    """The documented nginx in front of a built site (the server block `portal nginx` prints), on
    a free loopback port, as an unprivileged master (workers as root when run as root, so that
    they can read a root-owned temporary folder); yields the site's base URL, that of site_url's
    path. Raises NginxUnavailable when nginx is missing or does not answer."""
    from thidua.deploy import nginx_config
    _refuse_if_unmarked("PORTAL_NO_NGINX", "nginx", "nginx")
    binary = nginx_binary()
    if not os.access(binary, os.X_OK):
        raise NginxUnavailable(f"nginx is not installed ({binary}); `make browser` installs it")
    work = Path(tempfile.mkdtemp(prefix="portal-nginx-"))
    port = free_port()
    (work / "server.conf").write_text(nginx_config(site, site_url, str(site), listen=f"127.0.0.1:{port}"), "utf-8")
    (work / "tmp").mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(_NGINX_CONF.format(user=user, work=work), "utf-8")
    process = subprocess.Popen([binary, "-c", str(work / "nginx.conf"), "-p", str(work), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}{urlparse(site_url).path or '/'}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base, timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.05)
        if process.poll() is not None:
            log = (work / "error.log").read_text("utf-8", "replace") if (work / "error.log").exists() else ""
            raise NginxUnavailable(f"nginx did not start (exit code {process.returncode}): {log.strip()}")
        yield base
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


@contextmanager
def nginx_or_none(site: Path, site_url: str):
    """nginx(), or None where nginx is missing or does not start (a benchmark then uses serve())."""
    with ExitStack() as stack:
        try:
            base = stack.enter_context(nginx(site, site_url))
        except NginxUnavailable:
            base = None
        yield base
