"""The `jixiao` command: one sub-command per step of the pipeline.

Each sub-command is a library function of the package that does the work (ingest, warehouse,
evaluation, generate, the dashboards launcher); this file only parses arguments and hands over,
importing lazily so `jixiao extract` does not pay for dbt.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ingest.limits import TIME_BUDGET_SECONDS
from warehouse.paths import corrections_path, default_db

DEFAULT_DB = str(default_db())


def _cmd_extract(a: argparse.Namespace) -> int:
    from jixiao.extract_cmd import run_extract
    return run_extract(a.files, Path(a.out), budget=a.timeout or None)


def _cmd_ingest(a: argparse.Namespace) -> int:
    if a.engine == "spark":
        from ingest.spark_ingest import run_spark_ingest
        return run_spark_ingest(a.paths, a.warehouse, quiet=a.quiet)
    from ingest.load import run_ingest
    return run_ingest(a.paths, Path(a.db), workers=a.workers, quiet=a.quiet, budget=a.timeout or None)


def _cmd_evaluate(a: argparse.Namespace) -> int:
    if a.corrections:
        from evaluation.corrections import run_evaluate_corrections
        return run_evaluate_corrections(Path(a.db), corrections_path(a.db))
    if not a.gold:
        print("jixiao evaluate: give --gold DIR (answer files) or --corrections (the analysts' reviews)", file=sys.stderr)
        return 2
    from evaluation.evaluate import run_evaluate
    return run_evaluate(Path(a.gold), Path(a.pred) if a.pred else None, a.reports, as_json=a.json,
                        verbose=a.verbose)


def _cmd_build(a: argparse.Namespace) -> int:
    if a.engine == "spark":
        from warehouse.spark_build import run_spark_build
        return run_spark_build(a.warehouse, Path(a.db))
    from warehouse.build import run_build
    return run_build(Path(a.db))


def _cmd_export(a: argparse.Namespace) -> int:
    from warehouse.export import run_export
    return run_export(Path(a.db), a.format, Path(a.dir))


def _cmd_serve(a: argparse.Namespace) -> int:
    if a.marts_parquet:
        from warehouse.parquet_marts import run_publish
        rc = run_publish(Path(a.marts_parquet), Path(a.db))
        if rc:
            return rc
    from jixiao.serve import run_serve
    return run_serve(Path(a.db), port=a.port, review=a.review)


def _cmd_corrections(a: argparse.Namespace) -> int:
    from jixiao.corrections_cmd import run_corrections
    return run_corrections(a.action, corrections_path(a.db), Path(a.file) if a.file else None)


def _cmd_demo(a: argparse.Namespace) -> int:
    from jixiao.demo import run_demo
    return run_demo(Path(a.db), serve=not a.no_serve, port=a.port)


def _cmd_generate(a: argparse.Namespace) -> int:
    from generate.cli import run_generate
    return run_generate(a.reports, Path(a.out), seed=a.seed, provinces=a.province)


def _engine_arguments(s: argparse.ArgumentParser) -> None:
    s.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb",
                   help="duckdb (default, one machine) or spark (needs the spark extra and Java 17)")
    s.add_argument("--warehouse", default=None, help="with --engine spark: the warehouse location, a folder or URI "
                   "(default $JIXIAO_SPARK_WAREHOUSE or data/spark)")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jixiao", description="部门整体支出绩效自评报告 → DuckDB warehouse → dashboards")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("extract", help="extract facts from report files into one JSON per report")
    s.add_argument("files", nargs="+", help="report files (txt, pdf, docx, html)")
    s.add_argument("--out", required=True, help="folder for <file name>.json")
    s.add_argument("--timeout", type=float, default=TIME_BUDGET_SECONDS,
                   help=f"seconds one file may take before it is stopped (default {TIME_BUDGET_SECONDS:g}; 0: no limit)")
    s.set_defaults(func=_cmd_extract)

    s = sub.add_parser("ingest", help="load report files or folders into the raw schema of the warehouse")
    s.add_argument("paths", nargs="+", help="files or folders")
    s.add_argument("--db", default=DEFAULT_DB, help=f"warehouse file (default {DEFAULT_DB})")
    s.add_argument("--workers", type=int, default=None, help="extraction processes (default: CPU count)")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.add_argument("--timeout", type=float, default=TIME_BUDGET_SECONDS,
                   help=f"seconds one file may take before it is stopped (default {TIME_BUDGET_SECONDS:g}; 0: no limit)")
    _engine_arguments(s)
    s.set_defaults(func=_cmd_ingest)

    s = sub.add_parser("evaluate", help="score extraction against hand-read answer files (*.gold.json)")
    s.add_argument("--gold", help="folder of <report file>.gold.json")
    s.add_argument("--corrections", action="store_true",
                   help="score the warehouse's extracted facts against the analysts' confirmations and corrections")
    s.add_argument("--db", default=DEFAULT_DB, help=f"warehouse file, with --corrections (default {DEFAULT_DB})")
    s.add_argument("--pred", help="folder of extracted <report file>.json (default: extract now)")
    s.add_argument("--reports", help="folder of the report files (default: the --gold folder)")
    s.add_argument("--json", action="store_true", help="print the summary as JSON")
    s.add_argument("--verbose", action="store_true", help="list each report's misses")
    s.set_defaults(func=_cmd_evaluate)

    s = sub.add_parser("build", help="run dbt build and publish the marts atomically")
    s.add_argument("--db", default=DEFAULT_DB, help=f"warehouse file (default {DEFAULT_DB}); with --engine spark, "
                   "the marts are published beside it")
    _engine_arguments(s)
    s.set_defaults(func=_cmd_build)

    s = sub.add_parser("export", help="write every mart as Parquet or CSV")
    s.add_argument("dir", help="output folder")
    s.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    s.add_argument("--db", default=DEFAULT_DB, help=f"warehouse file (default {DEFAULT_DB})")
    s.set_defaults(func=_cmd_export)

    s = sub.add_parser("serve", help="start the dashboards on 127.0.0.1")
    s.add_argument("--db", default=DEFAULT_DB, help=f"warehouse file (default {DEFAULT_DB})")
    s.add_argument("--port", type=int, default=8501)
    s.add_argument("--review", action="store_true",
                   help="let reviewers correct, add or confirm facts on 报告详情 (stored in the corrections file)")
    s.add_argument("--marts-parquet", metavar="DIR", help="first publish the marts exported as Parquet in DIR "
                   "(one folder or file per mart, as `jixiao build --engine spark` writes them)")
    s.set_defaults(func=_cmd_serve)

    s = sub.add_parser("corrections", help="list, export or import the analysts' corrections")
    s.add_argument("action", choices=["list", "export", "import"])
    s.add_argument("file", nargs="?", help="for export: the file to write; for import: the file to read")
    s.add_argument("--db", default=DEFAULT_DB, help=f"warehouse file beside the corrections (default {DEFAULT_DB})")
    s.set_defaults(func=_cmd_corrections)

    s = sub.add_parser("demo", help="ingest the sample reports, build, and serve")
    s.add_argument("--db", default=DEFAULT_DB, help=f"warehouse file (default {DEFAULT_DB})")
    s.add_argument("--port", type=int, default=8501)
    s.add_argument("--no-serve", action="store_true", help="stop after the build")
    s.set_defaults(func=_cmd_demo)

    s = sub.add_parser("generate", help="write realistic synthetic reports with their answer files")
    s.add_argument("--reports", type=int, required=True, help="how many reports")
    s.add_argument("--out", required=True, help="output folder")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--province", action="append", metavar="NAME[=WEIGHT]",
                   help="draw places from this province (repeat for several, with relative weights: "
                        "--province 湖南省=3 --province 云南省=1); default: the whole country, each province "
                        "in proportion to its county-level units")
    s.set_defaults(func=_cmd_generate)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
