"""`jixiao extract FILE… --out DIR`: one `<file name>.json` per report (docs/facts.md format)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ingest.documents import DocumentError
from ingest.pipeline import NotAReportError, extract_bytes, to_answer


def run_extract(files: list[str], out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name in files:
        path = Path(name)
        try:
            report = extract_bytes(path.name, path.read_bytes())
        except (DocumentError, NotAReportError) as e:
            print(f"{path}: {e.kind}: {e.message}", file=sys.stderr)
            failed += 1
            continue
        except OSError as e:
            print(f"{path}: cannot read: {e.strerror}", file=sys.stderr)
            failed += 1
            continue
        answer = to_answer(report)
        (out / f"{path.name}.json").write_text(json.dumps(answer, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"extracted {len(files) - failed} of {len(files)} reports into {out}", file=sys.stderr)
    return 1 if failed else 0
