"""One report file's bytes → its facts with provenance. A pure function of the bytes, so it
can run in any process (or on any machine) and be tested on its own."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from ingest.documents import Document, DocumentError, read_document
from ingest.extract import Context, Fact, extract_all
from ingest.failures import FileFailure
from ingest.genre import is_report
from ingest.groups import KEYED_GROUPS, LIST_GROUPS, Group
from ingest.normalize import NormalizedText, normalize
from ingest.numbers import plain
from ingest.outline import Outline
from ingest.places import Place, resolve
from ingest.plausibility import screen
from ingest.validate import Finding, declared_finding, validate

EXTRACTOR_VERSION = "1.0.0"


class NotAReportError(Exception):
    """Readable text, but not a performance self-evaluation report."""
    kind = "not_a_report"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Report:
    """Everything extracted from one file."""
    report_id: str
    file_name: str
    doc: Document
    norm: NormalizedText
    outline: Outline
    facts: list[Fact]
    findings: list[Finding]
    place: Place

    def meta(self, key: str):
        f = next((f for f in self.facts if f.group == "meta" and f.key == key), None)
        return f.value if f else None

    def group(self, name: str) -> list[Fact]:
        return [f for f in self.facts if f.group == name]

    @property
    def status(self) -> str:
        """partial: the department or year is missing, or a scanned page could not be read (check by hand)."""
        missing = [k for k in ("department", "fiscal_year") if self.meta(k) is None]
        return "partial" if missing or self.doc.unreadable_pages else "ok"

    def quote(self, f: Fact) -> str:
        return self.norm.text[f.start:f.end]


def report_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def extract_bytes(file_name: str, data: bytes) -> Report:
    """Read, normalise, extract and validate one report. Raises DocumentError or NotAReportError
    for a file that is not a readable report, FileFailure("internal_error") naming the stage
    for anything else that goes wrong."""
    doc = _stage("reading", read_document, file_name, data)
    norm = _stage("normalising", normalize, doc.text)
    if not _stage("recognising the genre", is_report, norm.text):
        raise NotAReportError("not a 部门整体支出绩效（自）评价 report: neither a title of the genre nor "
                              "its sections and labels (部门基本情况, 绩效目标, 自评得分 …) were found")
    ctx = _stage("finding the outline", lambda: Context(norm, Outline(norm.text)))
    facts = _stage("extracting", extract_all, ctx)
    _stage("weighing OCR confidence", _weigh_by_reading, doc, norm, facts)
    facts, implausible = _stage("checking plausibility", screen, facts, norm.text)
    score = next((f.value for f in facts if f.key == "self_score" and f.group == "meta"), None)
    findings = _stage("validating", validate, facts, score, [f for f in facts if f.group == "indicator_scores"])
    findings += _stage("listing ambiguous values", ambiguous_value_findings, ctx, norm.text)
    findings.extend(declared_finding("unreadable_page", f"page {page} is a scan that OCR could not read: check it "
                                                        "by hand", ()) for page in doc.unreadable_pages)
    dept = next((f.value for f in facts if f.key == "department" and f.group == "meta"), None)
    place = _stage("resolving the place", resolve, dept, norm.text)
    return Report(report_id_of(data), file_name, doc, norm, ctx.outline, facts, implausible + findings, place)


def _stage(name: str, fn, *args):
    """Run one stage; an unexpected error becomes a FileFailure naming the stage, so one file's
    trouble is that file's alone."""
    try:
        return fn(*args)
    except (DocumentError, NotAReportError, FileFailure):
        raise
    except Exception as e:
        detail = str(e)
        detail = detail if len(detail) <= 200 else detail[:200] + "…"
        raise FileFailure("internal_error", f"{name} failed ({type(e).__name__}: {detail}); "
                                            "a bug in jixiao, please report it with the file") from e


def ambiguous_value_findings(ctx: Context, text: str) -> list[Finding]:
    """One finding per fact the report states with different values, quoting each statement."""
    out = []
    for key, facts, chosen in ctx.ambiguous:
        quotes = " / ".join(f"“{text[f.start:f.end]}”" for f in facts)
        kept = f"kept “{text[chosen.start:chosen.end]}” (the fullest label)" if chosen else "left out"
        out.append(declared_finding("ambiguous_value", f"{key} stated with different values: {quotes}; {kept}",
                                    (key,)))
    return out


def _doc_range(norm: NormalizedText, start: int, end: int) -> tuple[int, int]:
    """A fact's [start, end) in the normalised text as a range of the document text."""
    if not norm.orig:
        return 0, 0
    return norm.orig[min(start, len(norm.orig) - 1)], norm.orig[min(max(end - 1, start), len(norm.orig) - 1)] + 1


def _weigh_by_reading(doc: Document, norm: NormalizedText, facts: list[Fact]) -> None:
    """A fact read by OCR is only as sure as the least sure line it was read from."""
    if not any(s.confidence is not None for s in doc.spans):
        return
    for f in facts:
        scores = [s.confidence for s in doc.spans_in(*_doc_range(norm, f.start, f.end)) if s.confidence is not None]
        if scores:
            f.confidence = round(f.confidence * min(scores), 3)


def to_answer(r: Report) -> dict:
    """The report in the format of docs/facts.md, with provenance beside the values."""
    out: dict = {"report_file": r.file_name}
    prov: dict = {}
    for key in ("department",):
        out[key] = r.meta(key)
    p = r.place
    out.update(province=p.province, prefecture=p.prefecture, county=p.county, admin_level=p.admin_level)
    for key in ("fiscal_year", "report_date", "self_score", "grade"):
        v = r.meta(key)
        out[key] = plain(v) if isinstance(v, Decimal) else v
    for f in r.facts:
        if f.group == "meta":
            prov[f.key] = provenance(r, f)
    for group in KEYED_GROUPS:
        out[group] = {}
        for f in r.group(group):
            out[group][f.key] = float(f.value) if group == Group.AMOUNTS else plain(f.value)
            prov[f"{group}.{f.key}"] = provenance(r, f)
    for group in LIST_GROUPS:
        items = r.group(group)
        out[group] = [_plain_item(f.value) for f in items]
        for i, f in enumerate(items):
            prov[f"{group}.{i}"] = provenance(r, f)
    out["findings"] = [{"rule": x.rule, "severity": x.severity, "message": x.message,
                        "fact_keys": list(x.fact_keys)} for x in r.findings]
    out["provenance"] = prov
    out["extractor_version"] = EXTRACTOR_VERSION
    return out


def _plain_item(v: dict) -> dict:
    return {k: (plain(x) if isinstance(x, Decimal) else x) for k, x in v.items()}


def provenance(r: Report, f: Fact) -> dict:
    """Where a fact came from: its quote, span in the normalised text, page, section and rule."""
    out = {"quote": r.quote(f), "char_start": f.start, "char_end": f.end, "page": r.norm.page_at(f.start),
           "section": r.outline.section_at(f.start), "method": f.method, "confidence": f.confidence}
    if r.doc.spans:
        out["location"] = location(r, f)
    return out


def location(r: Report, f: Fact) -> str | None:
    """Where in the file the fact was read: its workbook cells ("自评表!B5 自评表!E5") or OCR line boxes."""
    spans = r.doc.spans_in(*_doc_range(r.norm, f.start, f.end))
    if not spans:
        return None
    first, last = spans[0].location, spans[-1].location
    if first == last:
        return first
    sheet, _, cell = last.partition("!")
    if cell and first.startswith(sheet + "!"):
        return f"{first}:{cell}"                 # cells of one sheet: 自评表!A4:E4
    return f"{first} {last}"
