"""Raw warehouses for testing and benchmarking the dbt project, without the extractor.

`make_raw_warehouse(path, reports)` writes the `raw` schema of ingest/schema.sql into a DuckDB file
and fills it from report dicts in the answer-file format of docs/facts.md (tests/gold/*.gold.json),
so the warehouse tests do not depend on extraction quality.

`generate_raw_warehouse(path, n_reports)` fills the same schema with plausible random facts for
benchmarks: n_reports reports over departments of every Guangdong place and ten fiscal years,
inserted in bulk through Arrow tables.
"""
from __future__ import annotations

import copy
import csv
import hashlib
import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_SQL = ROOT / "ingest" / "schema.sql"
GOLD_DIR = ROOT / "tests" / "gold"
REPORTS_DIR = ROOT / "data" / "reports"
PLACES_CSV = ROOT / "dbt_project" / "seeds" / "admin_divisions.csv"
RULES_CSV = ROOT / "dbt_project" / "seeds" / "validation_rules.csv"
FIXTURE_VERSION = "fixture-1"
INGESTED_AT = datetime(2026, 11, 1, 9, 0, 0)

TABLES = ["reports", "report_text", "facts", "indicator_scores", "indicator_targets", "score_history",
          "problems", "findings", "load_errors"]

# Findings ingest's validation records for the sample reports (`jixiao extract data/reports/*.txt`).
SAMPLE_FINDINGS = {
    "000_c9c75940ebd85974.txt": [{
        "rule": "rate_between_0_and_100", "severity": "warning",
        "message": "比率应在 0–100% 之间 fails: budget_execution_rate = 101.85%",
        "fact_keys": "budget_execution_rate",
    }],
    "002_1be51992f5290d93.txt": [{
        "rule": "procurement_within_budget", "severity": "warning",
        "message": "政府采购实际 ≤ 预算 fails: 650200.00 > 606800.00 元",
        "fact_keys": "procurement_actual,procurement_budget",
    }],
    "004_3fe8e0490e208816.txt": [{
        "rule": "unit_typo_corrected", "severity": "correction",
        "message": "income_general_budget is stated in 元 (5454.98 元 as read) but 收入来源之和 = 本年收入 holds only "
                   "if it is 万元: corrected to 54549800.00 元",
        "fact_keys": "income_general_budget",
    }],
}


def _places() -> list[dict]:
    with PLACES_CSV.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def adcode_for(prefecture: str | None, county: str | None, province: str | None = "广东省") -> str | None:
    """The 6-digit adcode of a place by its names, as the extractor would fill it."""
    for p in _places():
        if county and p["county"] == county and p["prefecture"] == prefecture:
            return p["adcode"]
        if not county and prefecture and p["admin_level"] == "prefecture" and p["prefecture"] == prefecture:
            return p["adcode"]
        if not county and not prefecture and p["admin_level"] == "province" and p["province"] == province:
            return p["adcode"]
    return None


def gold_reports() -> list[dict]:
    """The five sample reports' answer files, with the fields a raw load needs (report_id, text…)."""
    out = []
    for gold_path in sorted(GOLD_DIR.glob("*.gold.json")):
        g = json.loads(gold_path.read_text(encoding="utf-8"))
        src = REPORTS_DIR / g["report_file"]
        data = src.read_bytes() if src.exists() else g["report_file"].encode()
        g["report_id"] = hashlib.sha256(data).hexdigest()
        g["text"] = data.decode("utf-8", errors="replace")
        g["source_path"] = f"data/reports/{g['report_file']}"
        g["findings"] = copy.deepcopy(SAMPLE_FINDINGS.get(g["report_file"], []))
        out.append(g)
    return out


def _unit_of(quote: str | None, group: str) -> str | None:
    if group == "rates":
        return "%"
    if group == "headcount":
        return "人"
    if not quote:
        return None
    for unit in ("亿元", "万元", "元"):
        if unit in quote:
            return unit
    return None


def _span(text: str, quote: str | None) -> tuple[int | None, int | None]:
    if not quote:
        return None, None
    start = text.find(quote)
    return (start, start + len(quote)) if start >= 0 else (None, None)


def report_rows(r: dict) -> dict[str, list[dict]]:
    """Rows of every raw table for one report dict (answer-file format), by column name."""
    text = r.get("text") or ""
    rid = r["report_id"]
    evidence = r.get("evidence", {})
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    report_date = date.fromisoformat(r["report_date"]) if r.get("report_date") else None
    rows["reports"].append(dict(
        report_id=rid, source_path=r.get("source_path", r["report_file"]), file_name=r["report_file"], format="txt",
        file_size=len(text.encode()), file_mtime_ns=None, encoding="utf-8", pages=None, chars=len(text),
        ingested_at=r.get("ingested_at", INGESTED_AT), extractor_version=FIXTURE_VERSION, status=r.get("status", "ok"),
        department=r.get("department"), province=r.get("province"), prefecture=r.get("prefecture"),
        county=r.get("county"), admin_level=r.get("admin_level"),
        adcode=r.get("adcode", adcode_for(r.get("prefecture"), r.get("county"), r.get("province"))),
        fiscal_year=r.get("fiscal_year"), report_date=report_date, self_score=r.get("self_score"), grade=r.get("grade"),
    ))
    rows["report_text"].append(dict(report_id=rid, text=text))
    no_provenance = dict(quote=None, char_start=None, char_end=None, page=None, section=None, method="fixture",
                         confidence=1.0)

    def fact(group, key, value, value_text=None, unit=None):
        quote = evidence.get(key)
        start, end = _span(text, quote)
        rows["facts"].append(dict(no_provenance, report_id=rid, fact_group=group, fact_key=key, value=value,
                                  value_text=value_text, unit_stated=unit or _unit_of(quote, group), quote=quote,
                                  char_start=start, char_end=end))

    for key in ("department", "province", "prefecture", "county", "admin_level", "grade"):
        if r.get(key) is not None:
            fact("meta", key, None, r[key])
    if r.get("fiscal_year") is not None:
        fact("meta", "fiscal_year", r["fiscal_year"], str(r["fiscal_year"]))
    if r.get("report_date"):
        fact("meta", "report_date", None, r["report_date"])
    if r.get("self_score") is not None:
        fact("meta", "self_score", r["self_score"], str(r["self_score"]), "分")
    for group in ("amounts", "rates", "headcount"):
        for key, value in (r.get(group) or {}).items():
            fact(group, key, value)
    for seq, ind in enumerate(r.get("indicator_scores") or [], 1):
        rows["indicator_scores"].append(dict(no_provenance, report_id=rid, seq=seq, name=ind["name"],
                                             max_score=ind.get("max"), score=ind["score"]))
    for seq, t in enumerate(r.get("indicator_targets") or [], 1):
        rows["indicator_targets"].append(dict(no_provenance, report_id=rid, seq=seq, level2=t.get("level2"),
                                              name=t["name"], target=t.get("target"), actual=t.get("actual"),
                                              completion_rate=t.get("completion_rate")))
    for h in r.get("score_history") or []:
        rows["score_history"].append(dict(no_provenance, report_id=rid, year=h["year"], score=h["score"],
                                          grade=h.get("grade")))
    for seq, p in enumerate(r.get("problems") or [], 1):
        start, end = _span(text, p["text"])
        rows["problems"].append(dict(no_provenance, report_id=rid, seq=seq, text=p["text"], category=p["category"],
                                     quote=p["text"] if start is not None else None, char_start=start, char_end=end))
    findings = r["findings"] if "findings" in r else [   # as ingest's validation would report them
        {"rule": rule, "severity": severity, "message": f"{rule} fails", "fact_keys": ",".join(keys)}
        for rule, severity, keys in broken_checks({**(r.get("amounts") or {}), **(r.get("rates") or {})})]
    for f in findings or []:
        rows["findings"].append(dict(report_id=rid, rule=f["rule"], severity=f["severity"], message=f["message"],
                                     fact_keys=f.get("fact_keys")))
    return rows


def create_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))


def make_raw_warehouse(path: Path | str, reports: list[dict] | None = None) -> Path:
    """Create (or replace) a DuckDB file at `path` holding the raw schema filled from `reports`.

    `reports` defaults to the five sample reports' answer files (gold_reports()). Each dict may add
    `report_id`, `text`, `findings` (list of {rule, severity, message, fact_keys}; without it, the checks
    of the rule registry its amounts and rates break), `ingested_at`.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for p in (path, Path(f"{path}.wal")):
        p.unlink(missing_ok=True)
    reports = gold_reports() if reports is None else reports
    con = duckdb.connect(str(path))
    try:
        create_raw_schema(con)
        for r in reports:
            for table, rows in report_rows(r).items():
                if rows:                            # by column name: the order of schema.sql does not matter
                    names = list(rows[0])
                    con.executemany(f"insert into raw.{table} ({', '.join(names)}) values ({', '.join('?' * len(names))})",
                                    [[row[n] for n in names] for row in rows])
        con.execute("checkpoint")
    finally:
        con.close()
    return path


# --------------------------------------------------------------------------------------------------
# Generated facts for benchmarks

KINDS = ["政务服务和数据管理局", "财政局", "教育局", "公安局", "民政局", "司法局", "人力资源和社会保障局",
         "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水务局", "农业农村局", "商务局",
         "文化广电旅游体育局", "卫生健康局", "应急管理局", "市场监督管理局", "审计局", "统计局",
         "退役军人事务局", "医疗保障局", "发展和改革局", "科学技术局", "城市管理和综合执法局", "林业局",
         "档案馆", "机关事务管理局", "信访局", "地方志办公室"]
CATEGORIES = ["目标设置", "绩效监控", "预算执行", "预算编制", "结果应用", "政府采购", "资产管理", "财务管理",
              "能力建设", "项目管理", "信息公开", "其他"]
INDICATORS = ["预算编制合理性", "预算编制规范性", "绩效目标合理性", "绩效指标明确性", "部门预算资金支出率",
              "结转结余率", "政府采购执行率", "财务合规性", "预决算信息公开性", "项目实施程序", "项目监管",
              "资产配置合规性", "资产盘点情况", "固定资产利用率", "人员管理", "制度管理", "经济性",
              "重点工作完成率", "绩效目标完成率", "项目完成及时性", "效果性", "公平性"]


def _registry() -> list[dict]:
    with RULES_CSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def broken_checks(figures: dict[str, float]) -> list[tuple[str, str, tuple[str, ...]]]:
    """(rule, severity, fact keys) of each sum and bound check of the rule registry that `figures` break,
    as ingest's validation would report them, so that the generated findings agree with the facts."""
    out = []
    for check in _registry():
        parts = [key for key in check["parts"].split() if key in figures]
        whole = figures.get(check["whole"])
        limit = whole if whole is not None else _number(check["whole"])
        if limit is None or not parts:
            continue
        allowance = float(check["tolerance"] or 0) + abs(limit) * float(check["tolerance_share"] or 0)
        if check["relation"] == "sum_eq" and len(parts) >= int(check["min_parts"]):
            if abs(sum(figures[key] for key in parts) - limit) > allowance:
                out.append((check["rule_id"], check["severity"], (check["whole"], *parts)))
        elif check["relation"] in ("each_le", "each_ge"):
            sign = 1 if check["relation"] == "each_le" else -1
            for key in parts:
                if sign * (figures[key] - limit) > allowance:
                    keys = (key, check["whole"]) if whole is not None else (key,)
                    if not any(set(keys) <= set(found) for _, _, found in out):
                        out.append((check["rule_id"], check["severity"], keys))
    return out


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def generate_raw_warehouse(path: Path | str, n_reports: int, seed: int = 0) -> dict[str, int]:
    """Fill a new raw warehouse at `path` with `n_reports` reports of plausible random facts.

    Departments are kinds x places of the whole country, each reporting over consecutive fiscal years
    (up to ten); about 1 % of department-years get a re-issued second report. Amounts satisfy the
    accounting identities (stated in 万元 with two decimals) where every part is stated; the checks of
    the rule registry they break get their finding, so the dbt tests pass. Returns row counts.
    """
    import pyarrow as pa

    rng = random.Random(seed)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for p in (path, Path(f"{path}.wal")):
        p.unlink(missing_ok=True)
    places = [p for p in _places() if p["admin_level"] != "country"]
    rng.shuffle(places)   # a national mix however few departments are drawn

    cols: dict[str, dict[str, list]] = {t: {} for t in TABLES}

    def add(table: str, **values) -> None:
        c = cols[table]
        for k, v in values.items():
            c.setdefault(k, []).append(v)

    years = list(range(2016, 2026))
    n_departments = max(1, n_reports // len(years))
    made = 0
    dept_index = 0
    while made < n_reports:
        place = places[dept_index % len(places)]
        kind = KINDS[(dept_index // len(places)) % len(KINDS)]
        suffix = "" if dept_index < len(places) * len(KINDS) else f"第{dept_index // (len(places) * len(KINDS))}分局"
        name = (place["prefecture"] or place["province"]) + (place["county"] or "") + kind + suffix
        if place["admin_level"] == "province":
            name = place["province"] + kind + suffix
        dept_index += 1
        span = min(len(years), n_reports - made) if dept_index >= n_departments else len(years)
        base = rng.uniform(200, 20000) * 10000  # yuan
        for year in years[:span]:
            copies = 2 if rng.random() < 0.01 and made + 1 < n_reports else 1
            for copy_no in range(copies):
                if made >= n_reports:
                    break
                made += 1
                rid = hashlib.sha256(f"{seed}|{name}|{year}|{copy_no}".encode()).hexdigest()
                total = round(base * rng.uniform(0.85, 1.2) / 100) * 100  # whole 0.01 万元
                basic = round(total * rng.uniform(0.3, 0.8) / 100) * 100
                project = total - basic
                personnel = round(basic * rng.uniform(0.6, 0.9) / 100) * 100
                public = basic - personnel
                general = round(total * rng.uniform(0.6, 1.0) / 100) * 100
                gov_fund = round((total - general) * rng.uniform(0, 1) / 100) * 100
                other = total - general - gov_fund
                three_budget = round(total * rng.uniform(0.001, 0.01) / 100) * 100
                three_actual = round(three_budget * rng.uniform(0.3, 1.1) / 100) * 100
                pf_budget = round(public * rng.uniform(0.9, 1.2) / 100) * 100
                pf_actual = round(pf_budget * rng.uniform(0.7, 1.05) / 100) * 100
                score = round(rng.uniform(75, 100), 1)
                add("reports", report_id=rid, source_path=f"gen/{rid[:16]}.pdf", file_name=f"{rid[:16]}.pdf",
                    format="pdf", file_size=rng.randint(100_000, 3_000_000), file_mtime_ns=None, encoding=None,
                    pages=rng.randint(5, 40), chars=rng.randint(5000, 40000),
                    ingested_at=INGESTED_AT + timedelta(seconds=made), extractor_version=FIXTURE_VERSION,
                    status="ok" if rng.random() < 0.95 else "partial", department=name, province=place["province"],
                    prefecture=place["prefecture"] or None, county=place["county"] or None,
                    admin_level=place["admin_level"], adcode=place["adcode"], fiscal_year=year,
                    report_date=date(year + 1, rng.randint(3, 9), rng.randint(1, 28)) + timedelta(days=copy_no),
                    self_score=score, grade=rng.choice(["优", None]) if score >= 90 else rng.choice(["良", None]))
                add("report_text", report_id=rid, text=f"{name}{year}年度部门整体支出绩效自评报告")
                amounts = {"income_total": total, "income_general_budget": general, "income_gov_fund": gov_fund,
                           "income_other": other, "expenditure_total": total, "expenditure_basic": basic,
                           "expenditure_personnel": personnel, "expenditure_public": public,
                           "expenditure_project": project, "three_public_budget": three_budget,
                           "three_public_actual": three_actual, "public_funds_budget": pf_budget,
                           "public_funds_actual": pf_actual}
                for key in list(amounts):
                    if rng.random() < 0.1 and key not in ("expenditure_total",):
                        del amounts[key]
                rates = {"budget_execution_rate": round(rng.uniform(55, 101), 2),
                         "fixed_asset_utilization": 100.0}
                for group, facts in (("amounts", amounts), ("rates", rates),
                                     ("headcount", {"authorized": rng.randint(5, 200)})):
                    for key, value in facts.items():
                        unit = "万元" if group == "amounts" else ("%" if group == "rates" else "人")
                        shown = value / 10000 if group == "amounts" else value
                        quote = f"{key} {shown:.2f}{unit}"
                        add("facts", report_id=rid, fact_group=group, fact_key=key, value=value, value_text=None,
                            unit_stated=unit, quote=quote, char_start=100, char_end=100 + len(quote),
                            page=rng.randint(1, 10), section="一、部门基本情况", method="generated",
                            confidence=0.9)
                add("facts", report_id=rid, fact_group="meta", fact_key="department", value=None,
                    value_text=name, unit_stated=None, quote=name, char_start=0, char_end=len(name), page=1,
                    section=None, method="generated", confidence=0.9)
                n_ind = rng.randint(0, len(INDICATORS))
                for seq, ind in enumerate(INDICATORS[:n_ind], 1):
                    mx = rng.choice([2, 3, 4, 5, 6])
                    add("indicator_scores", report_id=rid, seq=seq, name=ind, max_score=mx,
                        score=mx if rng.random() < 0.8 else round(mx * rng.uniform(0, 1), 1), quote=None,
                        char_start=None, char_end=None, page=None, section=None, method="generated",
                        confidence=0.9)
                for seq in range(1, rng.randint(0, 4) + 1):
                    cat = rng.choice(CATEGORIES)
                    add("problems", report_id=rid, seq=seq, text=f"{cat}方面存在不足（{seq}）", category=cat,
                        quote=None, char_start=None, char_end=None, page=None, section="四、存在问题",
                        method="generated", confidence=0.9)
                if rng.random() < 0.2 and year > years[0]:
                    add("score_history", report_id=rid, year=year - 1, score=round(rng.uniform(75, 100), 1),
                        grade=None, quote=None, char_start=None, char_end=None, page=None, section=None,
                        method="generated", confidence=0.9)
                for rule, severity, keys in broken_checks({**amounts, **rates}):
                    add("findings", report_id=rid, rule=rule, severity=severity,
                        message=f"{rule} fails", fact_keys=",".join(keys))

    con = duckdb.connect(str(path))
    counts = {}
    try:
        create_raw_schema(con)
        for table, c in cols.items():
            if not c:
                counts[table] = 0
                continue
            arrow = pa.table(c)  # noqa: F841 (read by name below)
            names = ", ".join(c)
            con.execute(f"insert into raw.{table} ({names}) select {names} from arrow")
            counts[table] = len(next(iter(c.values())))
        con.execute("checkpoint")
    finally:
        con.close()
    return counts


if __name__ == "__main__":
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/jixiao_fixture.duckdb")
    if len(sys.argv) > 2:
        print(generate_raw_warehouse(out, int(sys.argv[2])))
    else:
        print(make_raw_warehouse(out))
