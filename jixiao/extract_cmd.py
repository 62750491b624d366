"""`jixiao extract FILE… --out DIR`: one `<file name>.json` per report (docs/facts.md format).

Every file is tried: a file that fails gets one line on stderr and the others go on; the
exit code is 1 if any failed."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ingest.files import find_files
from ingest.isolation import attempt
from ingest.limits import TIME_BUDGET_SECONDS
from ingest.pipeline import to_answer


def run_extract(files: list[str], out: Path, budget: float | None = TIME_BUDGET_SECONDS) -> int:
    out.mkdir(parents=True, exist_ok=True)
    found = find_files(files).found
    failed = 0
    for f in found:
        outcome = attempt(f.path, lambda report, p=f.path: _write(report, Path(p), out), budget) \
            if f.failure is None else None
        failure = f.failure or outcome.failure
        if failure is not None:
            print(f"error: {f.path}: {failure.kind}: {failure.message}", file=sys.stderr)
            failed += 1
            continue
        for note in outcome.notes:
            print(f"finding: {f.path}: implausible_value: {note}", file=sys.stderr)
    print(f"extracted {len(found) - failed} of {len(found)} reports into {out}", file=sys.stderr)
    return 1 if failed else 0


def _write(report, path: Path, out: Path) -> None:
    text = json.dumps(to_answer(report), ensure_ascii=False, indent=1)
    (out / f"{path.name}.json").write_text(text, encoding="utf-8")
