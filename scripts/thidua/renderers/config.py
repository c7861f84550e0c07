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
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# extra.portal's keys: what each one is, for the message that refuses an unknown one.
PORTAL_KEYS = {
    "campaigns": "thư mục dữ liệu phong trào, tính từ thư mục chứa mkdocs.yml (mặc định: campaigns)",
    "issuer": "tên đầy đủ của cơ quan công bố, có tên tỉnh (ví dụ: Sở Nội vụ tỉnh Lạng Sơn), in ở đầu trang, "
              "chân trang và trang chủ",
    "issuer_parent": "cơ quan chủ quản của cơ quan công bố (ví dụ: Ủy ban nhân dân tỉnh Lạng Sơn), in ở chân trang",
    "address": "địa chỉ trụ sở, in ở chân trang",
    "phone": "số điện thoại liên hệ (chữ số, dấu cách, dấu chấm, gạch nối, ngoặc, có thể bắt đầu bằng +), "
             "in ở chân trang thành liên kết gọi điện",
    "email": "thư điện tử liên hệ (ví dụ: sonv@langson.gov.vn), in ở chân trang thành liên kết gửi thư",
    "responsible": "người hoặc đơn vị chịu trách nhiệm nội dung (in sau \"Chịu trách nhiệm nội dung:\" ở chân trang)",
}
# The identity a reader sees in the header and footer of every page (IDENTITY_KEYS of PORTAL_KEYS).
IDENTITY_KEYS = ("issuer", "issuer_parent", "address", "phone", "email", "responsible")
PHONE = re.compile(r"\+?[0-9][0-9 .()\-]{4,24}[0-9]")
EMAIL = re.compile(r"[^@\s<>\"'(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")


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
    issuer_parent: str = ""  # extra.portal.issuer_parent ... responsible: "" when unset
    address: str = ""
    phone: str = ""
    email: str = ""
    responsible: str = ""
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

    @property
    def phone_uri(self) -> str:
        """The phone as a tel: address (its digits, and a leading +), "" when unset."""
        return "tel:" + ("+" if self.phone.startswith("+") else "") + re.sub(r"\D", "", self.phone) if self.phone else ""

    def theme_portal(self) -> dict[str, str]:
        """extra.portal as the theme's templates read it (overrides/main.html), every key set and
        each value plain text: each renderer's hand-over escapes it (config text is never markup).
        `phone_uri` is the phone's tel: address."""
        return {"campaigns": str(self.campaigns), **{key: getattr(self, key) for key in IDENTITY_KEYS},
                "phone_uri": self.phone_uri}

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
    if isinstance(portal.get("phone"), (int, float)):
        raise ConfigError(f"{file}: extra.portal.phone: YAML đọc số điện thoại thành một con số (mất số 0 ở đầu): "
                          "hãy đặt nó trong dấu nháy, ví dụ phone: \"0205 3812 345\".")
    for key in PORTAL_KEYS:
        if portal.get(key) is not None and not isinstance(portal[key], str):
            raise ConfigError(f"{file}: extra.portal.{key} phải là một chuỗi chữ.")
    portal = {key: value.strip() if isinstance(value, str) else value for key, value in portal.items()}
    if portal.get("phone") and not PHONE.fullmatch(portal["phone"]):
        raise ConfigError(f"{file}: extra.portal.phone: '{portal['phone']}' không phải số điện thoại (chỉ gồm chữ "
                          "số, dấu cách, dấu chấm, gạch nối, ngoặc, có thể bắt đầu bằng +; ví dụ: 0205 3812 345).")
    if portal.get("email") and not EMAIL.fullmatch(portal["email"]):
        raise ConfigError(f"{file}: extra.portal.email: '{portal['email']}' không phải địa chỉ thư điện tử "
                          "(ví dụ: sonv@langson.gov.vn).")
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
        **{key: portal.get(key) or "" for key in IDENTITY_KEYS if key != "issuer"},
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
