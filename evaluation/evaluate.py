"""`jixiao evaluate --gold DIR`: score extraction against hand-read answer files.

An answer file `<report file>.gold.json` holds the facts of docs/facts.md as a person read
them. Matching rules (so users can measure the extractor on their own reports):
meta fields one item each (a prediction for a null answer is a false positive); amounts
and rates by key and value (0.01 tolerance); headcount exact; list items matched one to one:
indicators by name (character-bigram Dice ≥ 0.6) with equal points, targets by name and
completion rate, history by year, score and grade, problems by text (Dice ≥ 0.5), with
problem categories scored apart as accuracy over matched problems.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from ingest.documents import DocumentError
from ingest.groups import KEYED_GROUPS, LIST_GROUPS, Group
from ingest.pipeline import NotAReportError

META = ["department", "province", "prefecture", "county", "admin_level", "fiscal_year", "report_date",
        "self_score", "grade"]
GROUPS = [g.label for g in Group]
_PUNCT = re.compile(r"[\s，。、；：,.;:（）()“”\"'《》【】\[\]!！?？—\-]+")


def dice(a: str, b: str) -> float:
    def grams(s: str) -> set[str]:
        s = _PUNCT.sub("", s or "")
        return {s[i:i + 2] for i in range(len(s) - 1)} if len(s) > 1 else {s}
    x, y = grams(a), grams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def _num_eq(a, b, tol=0.01) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= max(tol, 1e-6 * max(abs(a), abs(b)))


def _meta_eq(field: str, g, p) -> bool:
    if field == "self_score":
        return _num_eq(g, p)
    if field == "fiscal_year":
        return str(g) == str(p)
    return _PUNCT.sub("", str(g)) == _PUNCT.sub("", str(p))


def _same_item(group: str, g: dict, p: dict) -> bool:
    if group == "indicators":
        return (dice(g.get("name", ""), p.get("name", "")) >= 0.6 and _num_eq(g.get("score"), p.get("score"))
                and (g.get("max") is None or _num_eq(g.get("max"), p.get("max"))))
    if group == "targets":
        return dice(g.get("name", ""), p.get("name", "")) >= 0.6 and _num_eq(g.get("completion_rate"),
                                                                             p.get("completion_rate"))
    if group == "history":
        return (str(g.get("year")) == str(p.get("year")) and _num_eq(g.get("score"), p.get("score"))
                and (g.get("grade") or None) == (p.get("grade") or None))
    return dice(g.get("text", ""), p.get("text", "")) >= 0.5


def score_report(gold: dict, pred: dict) -> dict:
    """{group: [tp, fp, fn]} and problem-category [hits, matched] for one report."""
    out = {g: [0, 0, 0] for g in GROUPS}
    for f in META:
        g, p = gold.get(f), pred.get(f)
        if g is None and p is None:
            continue
        hit = g is not None and p is not None and _meta_eq(f, g, p)
        out["meta"][0] += hit
        out["meta"][1] += p is not None and not hit
        out["meta"][2] += g is not None and not hit
    for group in KEYED_GROUPS:
        g, p = gold.get(group) or {}, pred.get(group) or {}
        tol = 0 if group == "headcount" else 0.01
        for k, v in g.items():
            ok = k in p and _num_eq(v, p[k], tol)
            out[group][0 if ok else 2] += 1
            out[group][1] += k in p and not ok
        out[group][1] += sum(1 for k in p if k not in g)
    cat = [0, 0]
    for key in LIST_GROUPS:
        group = key.label
        g, p = gold.get(key) or [], pred.get(key) or []
        used: set[int] = set()
        for gi in g:
            pi = next((i for i, x in enumerate(p) if i not in used and _same_item(group, gi, x)), None)
            if pi is None:
                continue
            used.add(pi)
            if group == "problems":
                cat[0] += gi.get("category") == p[pi].get("category")
                cat[1] += 1
        out[group][0] += len(used)
        out[group][1] += len(p) - len(used)
        out[group][2] += len(g) - len(used)
    out["_cat"] = cat
    return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def summarize(pairs: list[tuple[str, dict, dict]]) -> dict:
    """Micro-averaged precision/recall/F1 per group and overall, plus category accuracy."""
    totals = {g: [0, 0, 0] for g in GROUPS}
    cat = [0, 0]
    misses = {}
    for name, gold, pred in pairs:
        s = score_report(gold, pred)
        for g in GROUPS:
            totals[g] = [a + b for a, b in zip(totals[g], s[g])]
        cat = [a + b for a, b in zip(cat, s["_cat"])]
        misses[name] = {g: s[g] for g in GROUPS if s[g][1] or s[g][2]}
    summary = {g: dict(zip(("precision", "recall", "f1"), prf(*totals[g])), counts=totals[g]) for g in GROUPS}
    all_counts = [sum(v[i] for v in totals.values()) for i in range(3)]
    summary["overall"] = dict(zip(("precision", "recall", "f1"), prf(*all_counts)), counts=all_counts)
    summary["problem_category_accuracy"] = cat[0] / cat[1] if cat[1] else None
    summary["reports"] = len(pairs)
    summary["misses"] = misses
    return summary


def print_summary(summary: dict, groups: list[str]) -> None:
    """The precision / recall / F1 table of `summary`, one line per group and overall."""
    print(f"{'group':<12}{'precision':>10}{'recall':>8}{'f1':>7}   tp/fp/fn")
    for g in [*groups, "overall"]:
        r = summary[g]
        print(f"{g:<12}{r['precision']:>10.3f}{r['recall']:>8.3f}{r['f1']:>7.3f}   {'/'.join(map(str, r['counts']))}")


def _predict(report: Path) -> dict:
    from ingest.pipeline import extract_bytes, to_answer
    try:
        return to_answer(extract_bytes(report.name, report.read_bytes()))
    except (DocumentError, NotAReportError, OSError):
        return {}


def run_evaluate(gold_dir: Path, pred_dir: Path | None, reports_dir: str | None, as_json: bool = False,
                 verbose: bool = False) -> int:
    reports = Path(reports_dir) if reports_dir else gold_dir
    pairs = []
    for gf in sorted(gold_dir.glob("*.gold.json")):
        name = gf.name[: -len(".gold.json")]
        gold = json.loads(gf.read_text(encoding="utf-8"))
        if pred_dir:
            pf = pred_dir / f"{name}.json"
            pred = json.loads(pf.read_text(encoding="utf-8")) if pf.exists() else {}
        else:
            pred = _predict(reports / name) if (reports / name).exists() else {}
        pairs.append((name, gold, pred))
    if not pairs:
        print(f"no *.gold.json answer files in {gold_dir}", file=sys.stderr)
        return 2
    s = summarize(pairs)
    if as_json:
        print(json.dumps({k: v for k, v in s.items() if k != "misses" or verbose}, ensure_ascii=False, indent=1))
        return 0
    if verbose:
        for name, m in s["misses"].items():
            if m:
                print(f"{name}: " + ", ".join(f"{g} tp={v[0]} fp={v[1]} fn={v[2]}" for g, v in m.items()))
    print_summary(s, GROUPS)
    ca = s["problem_category_accuracy"]
    print(f"problem category accuracy: {'n/a' if ca is None else f'{ca:.3f}'}")
    print(f"overall F1 {s['overall']['f1']:.3f} over {s['reports']} reports")
    return 0
