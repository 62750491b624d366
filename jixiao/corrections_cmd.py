"""`jixiao corrections list | export FILE | import FILE`: move the analysts' corrections between machines."""
from __future__ import annotations

import sys
from pathlib import Path

from warehouse.corrections import ACTION_LABELS, CorrectionError, append, import_file, latest, read_all


def run_corrections(action: str, store: Path, file: Path | None) -> int:
    try:
        if action == "list":
            return _list(store)
        if file is None:
            print(f"jixiao corrections {action}: give a FILE", file=sys.stderr)
            return 2
        if action == "export":
            corrections = read_all(store)
            file.unlink(missing_ok=True)
            append(file, corrections)
            print(f"exported {len(corrections)} corrections from {store} to {file}", file=sys.stderr)
            return 0
        added, skipped = import_file(store, file)
        print(f"imported {added} corrections into {store} ({skipped} already there)", file=sys.stderr)
        return 0
    except (CorrectionError, OSError) as e:
        print(f"jixiao corrections {action}: {e}", file=sys.stderr)
        return 1


def _list(store: Path) -> int:
    corrections = read_all(store)
    in_force = latest(corrections)
    print(f"{store}: {len(corrections)} recorded, {len(in_force)} in force", file=sys.stderr)
    for c in in_force.values():
        value = c.value_text or c.value or ""
        print(f"{c.recorded_at}\t{c.reviewer}\t{c.report_id[:16]}\t{c.fact_path}\t{ACTION_LABELS[c.action]}\t{value}\t{c.note}")
    return 0
