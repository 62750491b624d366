"""The default warehouse path and the published marts file name are written once, in warehouse/paths.py."""
from __future__ import annotations

from pathlib import Path

from warehouse.paths import DEFAULT_DB, PUBLISHED_NAME

ROOT = Path(__file__).resolve().parent.parent
CODE_FOLDERS = ("jixiao", "ingest", "warehouse", "evaluation", "generate", "dashboards", "dbt_project", "benchmarks",
                "tests", "scripts")


def _code_files() -> list[Path]:
    files = [ROOT / "Makefile", ROOT / ".ci" / "run"]
    for folder in CODE_FOLDERS:
        files += [p for p in (ROOT / folder).rglob("*") if p.suffix in (".py", ".sql", ".yml", ".sh") and p.is_file()
                  and not {"target", "target_spark", "logs", "dbt_packages"} & set(p.relative_to(ROOT).parts)]
    return files


def test_the_default_warehouse_and_the_marts_file_name_are_written_once_in_code():
    for literal in (DEFAULT_DB.as_posix(), PUBLISHED_NAME):
        holders = [p.relative_to(ROOT).as_posix() for p in _code_files() if literal in p.read_text(encoding="utf-8")]
        assert holders == ["warehouse/paths.py"], (literal, holders)
