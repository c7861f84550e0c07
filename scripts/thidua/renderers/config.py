"""The portal's configuration: read once from mkdocs.yml, typed and checked.

mkdocs.yml is the one config file of the site, whichever renderer draws it: MkDocs reads it
whole, Zensical reads it too (it understands MkDocs's keys), and the core reads here only what
it needs. `extra.portal` is the portal's own block; an unknown key there is refused with a
"did you mean" (a typo such as `isuer` would otherwise give an empty issuer without a word).
This module imports no renderer.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# extra.portal's keys: what each one is, for the message that refuses an unknown one.
PORTAL_KEYS = {
    "campaigns": "thư mục dữ liệu phong trào, tính từ thư mục chứa mkdocs.yml (mặc định: campaigns)",
    "issuer": "tên cơ quan công bố, in ở chân trang và trang chủ",
}


class ConfigError(Exception):
    """mkdocs.yml cannot be used; the message says where and what to do, in Vietnamese."""


@dataclass(frozen=True)
class PortalConfig:
    file: Path  # mkdocs.yml, resolved
    site_name: str
    site_url: str  # as written ("" when unset); see `url`
    campaigns: Path  # extra.portal.campaigns, resolved against the config's folder
    issuer: str  # extra.portal.issuer, "" when unset
    docs_dir: Path  # the hand-written pages (content/)
    custom_dir: Path | None  # the theme overrides (overrides/)
    site_description: str = ""
    markdown_extensions: tuple = ()  # names, in order, as mkdocs.yml lists them
    mdx_configs: dict = field(default_factory=dict)  # their options, by name
    raw: dict = field(default_factory=dict, repr=False, compare=False)  # the whole file as read

    @property
    def root(self) -> Path:
        """The project folder: where mkdocs.yml is."""
        return self.file.parent

    def url(self, override: str | None = None) -> str:
        """The public address (`--site-url` or site_url), ending in "/"; "/" when neither is set."""
        value = override or self.site_url or "/"
        return value if value.endswith("/") else value + "/"

    def with_site_url(self, site_url: str | None) -> "PortalConfig":
        if not site_url:
            return self
        from dataclasses import replace
        return replace(self, site_url=site_url, raw={**self.raw, "site_url": site_url})


class _Loader(yaml.SafeLoader):
    """YAML as MkDocs reads it, without running anything: `!ENV` gives the variable (or its
    default); Python tags (`!!python/name:…`, used by some Markdown extensions' options) stay text."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)
    *variables, default = names if len(names) > 1 else (*names, None)
    for name in variables:
        if name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


def _python_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> str:
    return f"!!python/{suffix}{loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else ''}"


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _python_tag)


def load(path: Path | str) -> PortalConfig:
    """Read and check mkdocs.yml (ConfigError with a Vietnamese message if it cannot be used)."""
    file = Path(path).resolve()
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{file}: không tìm thấy tệp cấu hình. Hãy chạy lệnh từ thư mục dự án hoặc chỉ đúng "
                          "tệp bằng --config.") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{file}: tệp cấu hình phải lưu dạng UTF-8.") from None
    try:
        raw = yaml.load(text, Loader=_Loader) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ConfigError(f"{file}{at}: tệp cấu hình không đọc được ({getattr(error, 'problem', None) or error}).") \
            from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{file}: tệp cấu hình phải là một bảng khóa: giá trị.")
    extra = raw.get("extra") or {}
    if not isinstance(extra, dict):
        raise ConfigError(f"{file}: 'extra' phải là một nhóm khóa.")
    portal = extra.get("portal") or {}
    if not isinstance(portal, dict):
        raise ConfigError(f"{file}: 'extra.portal' phải là một nhóm khóa ({', '.join(PORTAL_KEYS)}).")
    for key in portal:
        if key not in PORTAL_KEYS:
            guess = difflib.get_close_matches(str(key), list(PORTAL_KEYS), n=1, cutoff=0.6)
            hint = f" Có phải ý bạn là '{guess[0]}'?" if guess else ""
            known = "; ".join(f"{k}: {v}" for k, v in PORTAL_KEYS.items())
            raise ConfigError(f"{file}: extra.portal.{key}: khóa không có trong cấu hình của cổng.{hint} "
                              f"Các khóa dùng được: {known}.")
    for key in PORTAL_KEYS:
        if portal.get(key) is not None and not isinstance(portal[key], str):
            raise ConfigError(f"{file}: extra.portal.{key} phải là một chuỗi chữ.")
    for key in ("site_name", "site_url", "site_description", "docs_dir"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise ConfigError(f"{file}: '{key}' phải là một chuỗi chữ.")
    if not raw.get("site_name"):
        raise ConfigError(f"{file}: thiếu 'site_name' (tên cổng thông tin).")
    theme = raw.get("theme") or {}
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    names, options = markdown_extensions(raw.get("markdown_extensions") or [])
    return PortalConfig(
        file=file, site_name=raw["site_name"], site_url=raw.get("site_url") or "",
        campaigns=(file.parent / (portal.get("campaigns") or "campaigns")).resolve(),
        issuer=portal.get("issuer") or "",
        docs_dir=(file.parent / (raw.get("docs_dir") or "docs")).resolve(),
        custom_dir=(file.parent / custom_dir).resolve() if custom_dir else None,
        site_description=raw.get("site_description") or "",
        markdown_extensions=tuple(names), mdx_configs=options, raw=raw)


def markdown_extensions(value: list) -> tuple[list[str], dict[str, dict]]:
    """mkdocs.yml's markdown_extensions (names, or one-key mappings of a name to its options) as
    names and options, the way Python-Markdown takes them."""
    names, options = [], {}
    for item in value:
        if isinstance(item, dict):
            for name, config in item.items():
                names.append(name)
                options[name] = config or {}
        else:
            names.append(str(item))
    return names, options
