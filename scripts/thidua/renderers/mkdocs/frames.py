"""Frames: Material's template rendered once for many generated pages, each page's own blocks in it.

At 100,000 honorees MkDocs renders 5,104 generated pages, and Material's template costs about
2.5 ms a page, most of it in what is the same on every page of a kind: the header, the tabs, the
navigation, the footer and the scripts. Here a page's template is rendered once per *frame key*
with the blocks that print the page's own content (SLOTS: its title, its metadata, its sidebars
and its body) left as markers; the text between the markers is the frame. Every other page with
the same key renders only those blocks, with the frame's block chains and top-level variables, and
joins them with the frame's pieces: the same HTML, byte for byte, in a fraction of the time. The
navigation, printed inside a slot (Material's site_nav also holds the page's table of contents), is
rendered once a frame too (SHARED_PARTIALS).

The key holds everything outside SLOTS that varies between generated pages: the template, where
the page is (its depth and first path segment fix every relative link to a one-segment path, such
as assets/... or a top-level page; the links the frame makes to deeper paths of the page's own
first segment, and the navigation's, are relativized for each page and added to the key), its metadata but for the texts
printed in SLOTS, and its first heading (Material's skip link, printed outside any block). Pages
in the navigation are left to MkDocs: the tabs and the navigation mark them.

Nothing rests on the key alone. A frame's first FIRST_CHECKS pages and then one in CHECK_EVERY
are also rendered in full and compared; those pages are written from the full render. A frame
that fails its first checks is dropped (its pages render in full). One that fails later means
pages written before may be wrong: `mismatch` names the page, the adapter raises FrameMismatch at
the end of the build, and the route renders every page again in full (route.render).
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

import jinja2
from mkdocs.utils import normalize_url

SLOTS = ("htmltitle", "site_meta", "site_nav", "container")  # the blocks that print the page's own content
# Partials that a slot includes but that print only what the frame's key fixes: rendered once a frame.
SHARED_PARTIALS = ("partials/nav.html",)
OWN_META = frozenset({"title", "description", "rel_prev", "rel_next"})  # printed only in SLOTS: not in the key
FIRST_CHECKS = 2
CHECK_EVERY = 50


class FrameMismatch(Exception):
    """A frame made a page other than the full render after its first checks had passed."""


@dataclass
class Frame:
    pieces: list[str]  # the frame's text between the slots: one more than `order`
    order: list[str]  # the slots' names as they occur in the frame
    blocks: dict  # the template's block chains (Jinja's context.blocks), without the markers
    variables: dict  # the template's top-level variables, as set by the end of the frame's render
    deep_links: tuple[str, ...]  # the frame's links into the page's own first segment, more than one level deep
    partials: dict = field(default_factory=dict)  # name -> the text of a SHARED_PARTIALS template, once made
    uses: int = 0
    trusted: bool = True


@dataclass
class Frames:
    """The frames of one MkDocs build. `eligible(page)` says which pages may use one."""
    environment: jinja2.Environment
    eligible: object  # Callable[[Page], bool]
    first_checks: int = FIRST_CHECKS
    check_every: int = CHECK_EVERY
    _frames: dict = field(default_factory=dict)  # key -> Frame
    _deep: dict = field(default_factory=dict)  # key without the deep links -> the frame's deep links
    _links: set | None = None  # the links the `url` filter makes while a frame is rendered
    _token: str = field(default_factory=lambda: secrets.token_hex(8))
    mismatch: str | None = None  # the first page whose later check failed
    _filling: Frame | None = None  # the frame whose slots are being rendered
    _nav_links: dict = field(default_factory=dict)  # first path segment -> the navigation's deep links into it

    def __post_init__(self):
        url = self.environment.filters["url"]

        @jinja2.pass_context
        def recording_url(context, value):
            if self._links is not None:
                self._links.add(str(value))
            return url(context, value)

        self.environment.filters["url"] = recording_url
        for name in SHARED_PARTIALS:
            try:
                self._share(self.environment.get_template(name))
            except jinja2.TemplateNotFound:
                pass

    def _share(self, template: jinja2.Template) -> None:
        """The partial's text, made once for each frame while its slots are filled (in a full
        render, as Jinja makes it: the checks compare the two)."""
        own = template.root_render_func

        def root(context):
            frame = self._filling
            if frame is None:
                yield from own(context)
                return
            if template.name not in frame.partials:
                frame.partials[template.name] = self.environment.concat(own(context))
            yield frame.partials[template.name]

        template.root_render_func = root

    # --- a page ------------------------------------------------------------------------------

    def render(self, template: jinja2.Template, context: dict, full) -> str:
        """The page: from its frame, or full() (the template's own render) when it has none it can trust."""
        page = context["page"]
        if not self.eligible(page):
            return full()
        frame = self._frame_for(template, context)
        if not frame.trusted:
            return full()
        frame.uses += 1
        made = self._fill(frame, template, context)
        if frame.uses <= self.first_checks or frame.uses % self.check_every == 0:
            whole = full()
            if whole != made:
                frame.trusted = False
                if frame.uses > self.first_checks and self.mismatch is None:
                    self.mismatch = page.file.src_uri
            return whole
        return made

    def _frame_for(self, template, context) -> Frame:
        """The page's frame; made from the page if it is the first of its key. The deep links
        that complete the key are those of the first frame made at the page's place: a frame
        made later at that place with other links is not trusted."""
        where = self._where(template, context)
        deep = self._deep.get(where)
        key = None if deep is None else where + self._relative(deep, context["page"])
        if key not in self._frames:
            frame = self._make(template, context)
            deep = self._deep.setdefault(where, frame.deep_links)
            frame.trusted = frame.deep_links == deep
            key = where + self._relative(deep, context["page"])
            self._frames.setdefault(key, frame)
        return self._frames[key]

    def _where(self, template, context) -> tuple:
        page = context["page"]
        segment = _segment(page)
        if segment not in self._nav_links:
            self._nav_links[segment] = _deep(segment, (p.url for p in context["nav"].pages))
        first = next(iter(page.toc), None)
        meta = tuple(sorted((k, v if k not in OWN_META else None) for k, v in page.meta.items()))
        return (template.name, page.url.count("/"), segment, context["base_url"],
                tuple(context["extra_css"]), tuple(map(str, context["extra_javascript"])),
                first.url if first else None, repr(meta), self._relative(self._nav_links[segment], page))

    @staticmethod
    def _relative(links: tuple[str, ...], page) -> tuple:
        return tuple(normalize_url(link, page=page) for link in links)

    # --- a frame -----------------------------------------------------------------------------

    def _marker(self, name: str) -> str:
        return f"\x00{self._token}:{name}\x00"

    def _make(self, template, context) -> Frame:
        """Render the template with a marker in place of each slot, and keep what the slots need."""
        ctx = template.new_context(dict(context))
        for name in SLOTS:
            marker = self._marker(name)
            ctx.blocks[name] = [lambda _context, marker=marker: iter((marker,))] + ctx.blocks.get(name, [])
        self._links = set()
        try:
            text = self.environment.concat(template.root_render_func(ctx))
            links = self._links
        except Exception:
            self.environment.handle_exception()
        finally:
            self._links = None
        blocks = {name: chain[1:] if name in SLOTS else chain for name, chain in ctx.blocks.items()}
        split = re.split(self._marker(r"(\w+)"), text)  # the pieces, with the slots' names between them
        return Frame(split[0::2], split[1::2], blocks, dict(ctx.vars), _deep(_segment(context["page"]), links))

    def _fill(self, frame: Frame, template, context) -> str:
        ctx = template.new_context(dict(context))
        ctx.blocks = frame.blocks
        ctx.vars.update(frame.variables)
        parts = [frame.pieces[0]]
        self._filling = frame
        try:
            for name, piece in zip(frame.order, frame.pieces[1:]):
                parts.append(self.environment.concat(frame.blocks[name][0](ctx)))
                parts.append(piece)
        except Exception:
            self.environment.handle_exception()
        finally:
            self._filling = None
        return "".join(parts)


def _segment(page) -> str:
    """The first segment of a page's path ("" for the home page)."""
    return page.url.split("/", 1)[0]


def _deep(segment: str, links) -> tuple[str, ...]:
    """The links into a first path segment that go more than one level deep: the only ones that
    pages of the same depth and first segment may see relativized differently."""
    return tuple(sorted({link for link in links
                         if segment and link.split("/", 1)[0] == segment and "/" in link.rstrip("/")}))


class FramedTemplate(jinja2.Template):
    """A template whose render() asks the environment's frames first (`portal_frames`, set by
    the adapter in on_env); MkDocs renders every page and theme file with render()."""

    def render(self, *args, **kwargs) -> str:
        frames = getattr(self.environment, "portal_frames", None)
        context = dict(*args, **kwargs)
        if frames is None or "page" not in context or context["page"] is None:
            return super().render(context)
        return frames.render(self, context, lambda: super(FramedTemplate, self).render(context))


def install(environment: jinja2.Environment, eligible, **checks) -> Frames:
    """Frames for the generated pages of one MkDocs build, before its first template is loaded."""
    environment.template_class = FramedTemplate
    environment.portal_frames = Frames(environment, eligible, **checks)
    return environment.portal_frames
