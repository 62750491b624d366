"""Analysts' corrections of extracted facts: an append-only JSON Lines file beside the warehouse.

A correction is keyed by the report's content hash (`report_id`, the sha256 of the file's bytes)
and the fact's path (`amounts.income_total`, `rates.budget_execution_rate`, `headcount.actual`,
`meta.self_score`, `meta.grade`), so it survives re-ingesting the same file. Actions:

- `correct`: the fact's value is `value` (or `value_text` for the grade);
- `not_stated`: the report does not state this fact; the extracted value is dropped;
- `add`: a fact the extractor missed, with its `quote` from the report;
- `confirm`: the extracted value is right.

The file is never rewritten: each save appends one line under an exclusive lock, and the latest
line for a report and fact path wins. `jixiao build` reads a snapshot taken under the same lock, so
a correction saved while a build runs is applied by the next build and never lost. dbt applies the
corrections above the extracted facts (models `stg_corrections`, `int_facts__reviewed`); the marts
show `is_corrected` beside the original value.
"""
from __future__ import annotations

import contextlib
import csv
import fcntl
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from warehouse.paths import DBT_PROJECT_DIR

ACTIONS = ("correct", "not_stated", "add", "confirm")
ACTION_LABELS = {"correct": "更正数值", "not_stated": "报告未载明", "add": "补充遗漏", "confirm": "确认无误"}
CORRECTABLE_GROUPS = ("amounts", "rates", "headcount")
CORRECTABLE_META = ("self_score", "grade")
GRADES = ("优", "良", "中", "差")
FACT_KEYS_CSV = DBT_PROJECT_DIR / "seeds" / "fact_keys.csv"
REPORT_ID_RE = re.compile(r"^[0-9a-f]{16,64}$")
# Plausible ranges of a corrected value, by family (yuan, percent, persons, points).
VALUE_RANGES = {"amounts": (Decimal(0), Decimal("1e13")), "rates": (Decimal(-1000), Decimal(1000)),
                "headcount": (Decimal(0), Decimal(1_000_000)), "meta": (Decimal(0), Decimal(100))}
MONEY_UNITS = {"亿元": Decimal(100_000_000), "万元": Decimal(10_000), "元": Decimal(1)}
_NUMBER = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*(亿元|万元|元|%|％|分|人|名)?\s*$")


class CorrectionError(ValueError):
    """A correction that cannot be stored, with a message for the reviewer (in Chinese)."""


@dataclass(frozen=True)
class Correction:
    report_id: str
    fact_path: str
    action: str
    value: str | None          # decimal as text: yuan, percent, persons or points
    value_text: str | None     # the grade, for meta.grade
    quote: str | None
    note: str
    reviewer: str
    recorded_at: str
    correction_id: str

    @property
    def fact_group(self) -> str:
        return self.fact_path.split(".", 1)[0]

    @property
    def fact_key(self) -> str:
        return self.fact_path.split(".", 1)[1]


def correctable_paths() -> list[str]:
    """Every fact path a reviewer may correct, in the fact dictionary's order."""
    with FACT_KEYS_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [f"{r['fact_group']}.{r['fact_key']}" for r in rows
            if r["fact_group"] in CORRECTABLE_GROUPS or (r["fact_group"] == "meta" and r["fact_key"] in CORRECTABLE_META)]


def parse_value(fact_path: str, text: str) -> Decimal:
    """A reviewer's figure as the warehouse stores it: yuan for money (元/万元/亿元 accepted, 万元 when
    no unit is written, as the marts show), percent for rates, persons, points. Range-checked."""
    group = fact_path.split(".", 1)[0]
    m = _NUMBER.match((text or "").replace(",", "").replace("，", ""))
    if not m:
        raise CorrectionError(f"无法识别的数值：{text!r}（示例：1234.56万元、98.5%、12）")
    try:
        number = Decimal(m.group(1))
    except InvalidOperation:
        raise CorrectionError(f"无法识别的数值：{text!r}") from None
    unit = m.group(2)
    is_money_unit = unit is None or unit in MONEY_UNITS
    if (group == "amounts") != is_money_unit and unit is not None:
        raise CorrectionError(f"单位“{unit}”与该事实不符")
    if group == "amounts":
        number *= MONEY_UNITS[unit or "万元"]
    low, high = VALUE_RANGES[group]
    if not low <= number <= high:
        raise CorrectionError(f"数值 {text} 超出合理范围（{low} 至 {high}）")
    return number.quantize(Decimal("0.0001"))


def make_correction(report_id: str, fact_path: str, action: str, *, value: str | None = None,
                    quote: str | None = None, note: str = "", reviewer: str) -> Correction:
    """A checked correction, ready to append. Raises CorrectionError with a reviewer-facing message."""
    if not REPORT_ID_RE.match(report_id or ""):
        raise CorrectionError("报告标识无效")
    if fact_path not in correctable_paths():
        raise CorrectionError(f"不可更正的事实：{fact_path}")
    if action not in ACTIONS:
        raise CorrectionError(f"未知操作：{action}")
    reviewer = (reviewer or "").strip()
    if not reviewer:
        raise CorrectionError("请填写审核人姓名")
    number, grade = None, None
    if action in ("correct", "add"):
        if fact_path == "meta.grade":
            grade = (value or "").strip()
            if grade not in GRADES:
                raise CorrectionError(f"等级应为 {' / '.join(GRADES)} 之一")
        else:
            number = str(parse_value(fact_path, value or ""))
    quote = (quote or "").strip() or None
    if action == "add" and not quote:
        raise CorrectionError("补充遗漏的事实时，请粘贴报告中的原文句子")
    return Correction(report_id=report_id, fact_path=fact_path, action=action, value=number, value_text=grade,
                      quote=quote, note=(note or "").strip(), reviewer=reviewer[:80],
                      recorded_at=datetime.now(UTC).isoformat(timespec="seconds"),
                      correction_id=uuid.uuid4().hex)


@contextlib.contextmanager
def _locked(path: Path, mode: str) -> Iterator:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, mode, encoding="utf-8") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield f
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def append(path: Path, corrections: Iterable[Correction]) -> int:
    """Append corrections as one write under an exclusive lock; returns how many were written."""
    lines = "".join(json.dumps(asdict(c), ensure_ascii=False) + "\n" for c in corrections)
    if not lines:
        return 0
    with _locked(path, "a") as f:
        f.write(lines)
        f.flush()
        os.fsync(f.fileno())
    return lines.count("\n")


def read_all(path: Path) -> list[Correction]:
    """Every correction in the file, oldest first (a line that is not a correction is an error)."""
    if not path.exists():
        return []
    out = []
    with _locked(path, "r") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                out.append(Correction(**json.loads(line)))
            except (ValueError, TypeError) as e:
                raise CorrectionError(f"{path}:{number}: not a correction ({e})") from None
    return out


def latest(corrections: Iterable[Correction]) -> dict[tuple[str, str], Correction]:
    """The correction in force for each (report_id, fact_path): the last one recorded."""
    return {(c.report_id, c.fact_path): c for c in corrections}


def snapshot(path: Path, dest: Path) -> Path:
    """Copy the corrections file under its lock (an empty file when there are none), for a build."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        dest.write_text("", encoding="utf-8")
        return dest
    with _locked(path, "r") as f, open(dest, "w", encoding="utf-8") as out:
        shutil.copyfileobj(f, out)
    return dest


def import_file(path: Path, source: Path) -> tuple[int, int]:
    """Append the corrections of `source` not yet in `path` (by correction_id): (added, skipped)."""
    known = {c.correction_id for c in read_all(path)}
    incoming = read_all(source)
    for c in incoming:  # re-check every value as if entered here
        stored = c.value_text or (f"{c.value}元" if c.value and c.fact_group == "amounts" else c.value)
        make_correction(c.report_id, c.fact_path, c.action, value=stored, quote=c.quote, note=c.note,
                        reviewer=c.reviewer)
    new = [c for c in incoming if c.correction_id not in known]
    append(path, new)
    return len(new), len(incoming) - len(new)
