"""`scripts/portal`: the one command-line entry. Help in Vietnamese and English."""
from __future__ import annotations

import argparse
import datetime as dt
import errno
import gc
import json
import sys
from pathlib import Path

from .problems import DataError
from .renderers.config import ConfigError

def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ / invalid date: {value} (YYYY-MM-DD)") from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="portal",
        description="Cổng thông tin thi đua, khen thưởng / Campaign portal: build, check, preview, import.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="LỆNH/COMMAND")

    b = sub.add_parser("build", help="Dựng trang web vào site/ / Build the site into site/")
    b.add_argument("--today", type=_date, help="Ngày dùng để tính trạng thái / Day used for statuses (YYYY-MM-DD)")
    b.add_argument("--site-url", help="Địa chỉ công bố / Public URL, e.g. https://example.gov.vn/thi-dua/")
    b.add_argument("--out", default="site", help="Thư mục kết quả / Output folder (default: site)")
    b.add_argument("--config", default="mkdocs.yml", help="Tệp cấu hình / Config file")
    b.add_argument("--precompress", action="store_true",
                   help="Ghi thêm bản nén .gz cho máy chủ / Also write .gz copies for the web server")
    b.add_argument("--renderer", choices=("mkdocs", "zensical"), default="mkdocs",
                   help="Trình dựng giao diện / Renderer: mkdocs (MkDocs + Material, mặc định / default) hoặc / "
                        "or zensical (Zensical, từ .venv/zensical)")

    ng = sub.add_parser("nginx", help="In cấu hình nginx cho trang đã dựng / Print an nginx server block for the "
                                      "built site")
    ng.add_argument("--site", default="site", help="Thư mục trang đã dựng / Built site folder")
    ng.add_argument("--site-url", required=True, help="Địa chỉ công bố / Public URL")
    ng.add_argument("--root", required=True, help="Thư mục trên máy chủ / Folder on the server, e.g. /var/www/thi-dua")
    ng.add_argument("--listen", default="80")

    c = sub.add_parser("check", help="Chỉ kiểm tra dữ liệu / Validate the data only")
    c.add_argument("--root", default="campaigns", help="Thư mục phong trào / Campaigns folder")
    c.add_argument("--json", action="store_true", help="In kết quả dạng JSON / Print problems as JSON")

    s = sub.add_parser("serve", help="Xem trước, tự tải lại / Preview with live reload")
    s.add_argument("--today", type=_date)
    s.add_argument("--addr", default="127.0.0.1:8000", help="Địa chỉ / Address (default 127.0.0.1:8000)")
    s.add_argument("--config", default="mkdocs.yml")

    n = sub.add_parser("new", help="Tạo thư mục phong trào mới từ mẫu / Scaffold a campaign folder")
    n.add_argument("id", help="Mã phong trào: chữ thường không dấu, gạch nối / Campaign id (lowercase slug)")
    n.add_argument("--root", default="campaigns")

    sc = sub.add_parser("schema", help="Ghi JSON Schema vào schemas/ / Write the JSON Schemas")
    sc.add_argument("--out", default="schemas")

    g = sub.add_parser("generate", help="Ghi toàn bộ trang và tệp cho một trình dựng khác / Write the hand-over "
                                        "tree for another renderer")
    g.add_argument("out", help="Thư mục ghi ra / Folder to write (DIR/mkdocs.yml, DIR/docs/)")
    g.add_argument("--today", type=_date)
    g.add_argument("--site-url", help="Địa chỉ công bố / Public URL, e.g. https://example.gov.vn/thi-dua/")
    g.add_argument("--config", default="mkdocs.yml")

    ix = sub.add_parser("index", help="Lập chỉ mục tìm kiếm cho trang đã dựng / Write the search index into a "
                                      "rendered site")
    ix.add_argument("site", help="Thư mục trang / Site folder (SITE/pagefind is written)")
    ix.add_argument("--today", type=_date)
    ix.add_argument("--config", default="mkdocs.yml")

    i = sub.add_parser("import", help="Nhập danh sách khen thưởng từ Excel/CSV / Import honorees from xlsx/csv")
    from . import importer
    importer.add_arguments(i)

    ip = sub.add_parser("import-plan", help="Nhập kế hoạch từ tệp Word, PDF hoặc văn bản / Import a campaign plan "
                                            "from .docx, .pdf or .txt")
    from . import planimport
    planimport.add_arguments(ip)

    mg = sub.add_parser("migrate", help="Chuyển tệp campaign.yml mẫu cũ sang mẫu mới / Rewrite old-shape "
                                        "campaign files")
    mg.add_argument("ids", nargs="*", help="Mã phong trào; bỏ trống: mọi phong trào mẫu cũ / Campaign ids (default: all)")
    mg.add_argument("--root", default="campaigns")

    bi = sub.add_parser("bench-import", help="Đo tốc độ nhập Excel / Import benchmark")
    bi.add_argument("--rows", type=int, default=5000, help="Số dòng / Rows in the generated sheet")

    for name, helptext in (("bench", "Đo hiệu năng dựng trang / Build benchmark"),
                           ("bench-search", "Đo hiệu năng tìm kiếm / Search benchmark"),
                           ("bench-serve", "Đo thời gian xem trước sau khi sửa / Preview edit benchmark")):
        bp = sub.add_parser(name, help=helptext)
        bp.add_argument("--honorees", type=int, default=100_000, help="Số người được khen / Number of honorees")
        bp.add_argument("--seed", type=int, default=20251)
        bp.add_argument("--keep", help="Giữ thư mục thử / Keep the work folder here")

    bg = sub.add_parser("bench-pages", help="Đo từng loại trang qua nginx: Lighthouse, dung lượng, DOM, axe, bàn "
                                            "phím / Page benchmark behind nginx")
    source = bg.add_mutually_exclusive_group()
    source.add_argument("--site", help="Trang đã dựng / An already built site (default: build the reference archive)")
    source.add_argument("--honorees", type=int, default=100_000, help="Số người được khen của kho mẫu / Honorees "
                                                                       "in the reference archive")
    bg.add_argument("--seed", type=int, default=20251)
    bg.add_argument("--keep", help="Giữ thư mục kho mẫu / Keep the reference archive's folder here")
    bg.add_argument("--site-url", help="Địa chỉ công bố / The site's address (default: from its sitemap.xml)")
    bg.add_argument("--precompress", action="store_true", help="Ghi bản .gz vào --site trước khi đo / Write the .gz "
                                                               "copies into --site first")
    bg.add_argument("--json", help="Ghi mọi số đo vào tệp JSON / Write every figure to this JSON file")
    bg.add_argument("--only", nargs="+", metavar="TYPE", help="Chỉ đo các loại trang này / Only these page types "
                                                              "(home, campaigns, year, campaign, campaign-honorees, "
                                                              "units, unit-group, unit, az, letter, search, "
                                                              "search-query, open-data, statistics, 404)")
    bg.add_argument("--query", default="nguyen", help="Từ khóa cho trang tìm kiếm / The search page's query")
    bg.add_argument("--runs", type=int, default=1, help="Số lần chạy Lighthouse mỗi trang (trung vị) / Lighthouse "
                                                       "runs per page (the median performance run is kept)")
    bg.add_argument("--no-lighthouse", action="store_true", help="Bỏ Lighthouse / Skip Lighthouse")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # Building an archive allocates millions of small objects that live to the end; the default
    # collector thresholds made it scan them ~200 times (a quarter of a 100k build).
    gc.set_threshold(100_000, 50, 100)
    handler = globals()[f"cmd_{args.command.replace('-', '_')}"]
    try:
        return handler(args)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    except DataError as exc:
        print("Dữ liệu không hợp lệ, không xuất bản / invalid data, nothing published:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"Đã dừng lệnh '{args.command}' (Ctrl-C). Những gì đã công bố trước đó giữ nguyên; chạy lại lệnh "
              "khi cần / stopped, nothing half-written was published.", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"Lệnh '{args.command}' dừng vì lỗi hệ thống: {os_error_vi(exc)} Những gì đã công bố trước đó giữ "
              "nguyên / stopped on a system error, nothing half-written was published.", file=sys.stderr)
        return 2


_OS_ERRORS = {
    errno.ENOSPC: "ổ đĩa đã đầy; hãy giải phóng chỗ trống rồi chạy lại.",
    errno.EDQUOT: "đã dùng hết hạn mức ổ đĩa; hãy giải phóng chỗ trống rồi chạy lại.",
    errno.EROFS: "thư mục chỉ đọc, không ghi được; hãy chọn thư mục khác (--out) hoặc nhờ quản trị cấp quyền ghi.",
    errno.EACCES: "không có quyền ghi hoặc đọc; hãy kiểm tra quyền của thư mục.",
    errno.EPERM: "không được phép thao tác; hãy kiểm tra quyền của thư mục.",
    errno.ENOENT: "không tìm thấy tệp hoặc thư mục.",
}


def os_error_vi(exc: OSError) -> str:
    """A system error as a Vietnamese sentence naming the path."""
    message = _OS_ERRORS.get(exc.errno, f"{exc.strerror or 'lỗi không rõ'}.")
    return f"{exc.filename}: {message}" if exc.filename else message


def cmd_check(args) -> int:
    from .load import load_archive
    archive, problems = load_archive(Path(args.root))
    errors = [p for p in problems if p.severity == "error"]
    if args.json:
        print(json.dumps({"campaigns": len(archive.campaigns), "problems": [p.as_dict() for p in problems]},
                         ensure_ascii=False, indent=1))
    else:
        for problem in problems:
            print(problem)
        honorees = sum(len(c.honorees) for c in archive.campaigns)
        if errors:
            print(f"{len(errors)} lỗi. Hãy sửa rồi chạy lại 'scripts/portal check'.")
        else:
            print(f"Dữ liệu hợp lệ: {len(archive.campaigns)} phong trào, {honorees} khen thưởng.")
    return 1 if errors else 0


def cmd_build(args) -> int:
    from .build import OutputRefused, build
    from .renderers.zensical.route import RendererMissing
    try:
        result = build(Path(args.config), Path(args.out), today=args.today, site_url=args.site_url,
                       precompress=args.precompress, renderer=args.renderer)
    except (OutputRefused, RendererMissing) as refused:
        print(refused, file=sys.stderr)
        return 2
    print(f"Đã dựng trang / built: {result.out} ({result.pages} trang, {result.seconds:.1f} s, {result.renderer})")
    if "example.gov.vn" in (result.site_url or ""):
        print("Lưu ý: địa chỉ công bố vẫn là địa chỉ mẫu (example.gov.vn). Trước khi chép lên máy chủ, "
              "hãy dựng lại với --site-url https://<tên miền>/<thư mục>/ / note: site_url is still the "
              "placeholder.", file=sys.stderr)
    return 0


def cmd_nginx(args) -> int:
    from .deploy import inline_script_hashes, nginx_config
    site = Path(args.site)
    if not (site / "index.html").is_file():
        print(f"Không thấy trang đã dựng trong {site}: hãy chạy 'scripts/portal build' trước, hoặc chỉ đúng "
              "thư mục bằng --site.", file=sys.stderr)
        return 2
    hashes, foreign = inline_script_hashes(site)
    for page in foreign:
        print(f"Cảnh báo: {page} có đoạn <script> viết thẳng trong trang mà không phải của giao diện; chính sách "
              "bảo mật (CSP) sẽ chặn, nó không chạy. Nếu đoạn đó được thêm vào content/*.md hay mkdocs.yml, hãy bỏ "
              "đi.", file=sys.stderr)
    print(nginx_config(site, args.site_url, args.root, listen=args.listen, hashes=hashes), end="")
    return 0


def cmd_serve(args) -> int:
    from .renderers import config
    from .renderers.mkdocs.serve import serve
    return serve(config.load(args.config), args.addr, today=args.today)


def cmd_new(args) -> int:
    from .scaffold import new_campaign
    try:
        path = new_campaign(Path(args.root), args.id)
    except DataError as exc:
        print(f"Chưa tạo thư mục: {exc.problems[0].message}", file=sys.stderr)
        return 1
    print(f"Đã tạo {path}. Sửa tệp campaign.yml rồi chạy 'scripts/portal check'.")
    return 0


def cmd_schema(args) -> int:
    from .scaffold import write_schemas
    for path in write_schemas(Path(args.out)):
        print(path)
    return 0


def cmd_generate(args) -> int:
    from .renderers import config, handoff
    done = handoff.generate(config.load(args.config), Path(args.out), args.today or dt.date.today(), args.site_url)
    print(f"{done.pages} trang, {done.files} tệp / pages, files -> {done.docs}; cấu hình / config: {done.config}. "
          f"Dựng / build: zensical build -f {done.config}; rồi / then: scripts/portal index {done.site}")
    return 0


def cmd_index(args) -> int:
    from .renderers import config, handoff
    site = Path(args.site)
    found = handoff.index_site(config.load(args.config), site, args.today or dt.date.today())
    print(f"Đã lập chỉ mục tìm kiếm / search index: {site / 'pagefind'} ({found} mục / entries)")
    return 0


def cmd_import(args) -> int:
    from . import importer
    return importer.run(args)


def cmd_import_plan(args) -> int:
    from . import planimport
    return planimport.run(args)


def cmd_migrate(args) -> int:
    from .migrate import migrate_file
    root = Path(args.root)
    folders = [root / i for i in args.ids] if args.ids else sorted(p for p in root.iterdir() if p.is_dir())
    failed = 0
    for folder in folders:
        path = folder / "campaign.yml"
        if not path.is_file():
            print(f"{path}: không tìm thấy tệp.", file=sys.stderr)
            failed += 1
            continue
        try:
            print(migrate_file(path))
        except ValueError as exc:
            print(f"{path}: chưa chuyển được: {exc}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


# The bench… commands are the one place the product package imports the measuring tools
# (scripts/benchmarks/), lazily; tests/test_generate.py holds every other module to that.

def cmd_bench_import(args) -> int:
    from benchmarks.importer import bench
    print(json.dumps({"rows": args.rows, **bench(args.rows)}, ensure_ascii=False))
    return 0


def cmd_bench(args) -> int:
    from benchmarks.build import bench_build
    return bench_build(args)


def cmd_bench_serve(args) -> int:
    from benchmarks.serve import bench_serve
    return bench_serve(args)


def cmd_bench_search(args) -> int:
    from benchmarks.search import bench_search
    return bench_search(args)


def cmd_bench_pages(args) -> int:
    from benchmarks.pages import bench_pages
    return bench_pages(args)


if __name__ == "__main__":
    sys.exit(main())
