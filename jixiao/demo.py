"""`jixiao demo`: the whole product on the sample reports — ingest, build, serve."""
from __future__ import annotations

from pathlib import Path

from ingest.load import run_ingest
from warehouse.paths import SAMPLE_REPORTS_DIR as SAMPLES


def run_demo(db: Path, serve: bool = True, port: int = 8501) -> int:
    print(f"1/3 ingest {SAMPLES} → {db}")
    rc = run_ingest(sorted(str(p) for p in SAMPLES.glob("*.txt")), db, quiet=True)   # not the folder's README
    if rc:
        return rc
    print("2/3 build the marts (dbt)")
    from warehouse.build import run_build
    rc = run_build(db)
    if rc or not serve:
        return rc
    print("3/3 serve the dashboards")
    from jixiao.serve import run_serve
    return run_serve(db, port=port)
