"""Render a fact set as a report: blocks of headings, paragraphs and tables, and the answer.

Every fact is written through `money` / `rate` / `heads`, which put a placeholder in the text
and mark the fact as stated; the answer holds exactly the facts the text states, and the
evidence of each is the clause around its first mention. Everything else (which sections,
in which order, which wording, which units and numbering) is drawn per report.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from decimal import Decimal

from generate import sections
from generate.facts import Facts, leaves, node_rows

TOKEN = re.compile("\x00(\\d+)\x00")
CN_NUM = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
SELF_TOTALS = {"income_total", "expenditure_total", "budget_total", "budget_executed",
               "income_prior_year", "expenditure_prior_year"}
SMALL = {"three_public_budget", "three_public_actual", "public_funds_budget", "public_funds_actual"}
TYPO_CANDIDATES = ("income_general_budget", "income_gov_fund", "expenditure_basic", "expenditure_project",
                   "expenditure_personnel", "econ_goods_services", "econ_wages_welfare", "procurement_actual")


def cn_number(n: int) -> str:
    if n <= 10:
        return CN_NUM[n - 1]
    if n < 20:
        return "十" + CN_NUM[n - 11]
    return CN_NUM[n // 10 - 1] + "十" + (CN_NUM[n % 10 - 1] if n % 10 else "")


@dataclass
class Numbering:
    """How headings of each depth are numbered in this report."""
    styles: list[str]
    counters: list[int] = field(default_factory=lambda: [0] * 6)

    def prefix(self, depth: int) -> str:
        self.counters[depth] += 1
        for d in range(depth + 1, len(self.counters)):
            self.counters[d] = 0
        n = self.counters[depth]
        style = self.styles[min(depth, len(self.styles) - 1)]
        return {
            "一、": f"{cn_number(n)}、", "第一部分": f"第{cn_number(n)}部分 ", "（一）": f"（{cn_number(n)}）",
            "(一)": f"({cn_number(n)}) ", "1.": f"{n}.", "1. ": f"{n}. ", "1、": f"{n}、", "（1）": f"（{n}）",
            "(1)": f"({n}) ", "①": CIRCLED[(n - 1) % 20], "1）": f"{n}）", "": "",
        }[style]


def draw_numbering(rng: random.Random) -> Numbering:
    top = rng.choice(("一、", "一、", "一、", "第一部分", "", "1."))
    second = rng.choice(("（一）", "（一）", "(一)")) if top != "" or rng.random() < 0.5 else "1."
    third = rng.choice(("1.", "1.", "1. ", "1、")) if second != "1." else "（1）"
    fourth = rng.choice(("（1）", "（1）", "(1)", "1）", "①")) if third != "（1）" else "①"
    return Numbering([top, second, third, fourth, "①"])


@dataclass
class Style:
    sep: bool             # thousands separators
    unit_space: str       # between a number and its unit
    num_space: str        # between a number and a following 年 / 人 / 分
    decimals_strip: bool  # 20.4 万元 rather than 20.40 万元
    small_in_yuan: bool   # cost-control figures in 元 while the rest is in 万元
    wan_short: bool       # 万 for 万元
    pct: str
    latex: bool           # ≤ written as $\leq$ (a PDF-to-text artefact)
    quote: tuple[str, str]
    blank_between: bool
    indent: str
    table_style: str      # cells / spaces / tabs


def draw_style(rng: random.Random) -> Style:
    return Style(
        sep=rng.random() < 0.3, unit_space=rng.choice(("", "", " ")), num_space=rng.choice(("", "", " ")),
        decimals_strip=rng.random() < 0.2, small_in_yuan=rng.random() < 0.2, wan_short=rng.random() < 0.04,
        pct="％" if rng.random() < 0.05 else "%", latex=rng.random() < 0.08,
        quote=rng.choice((("“", "”"), ("“", "”"), ('"', '"'), ("‘", "’"), ("", ""))),
        blank_between=rng.random() < 0.6, indent=rng.choice(("", "", "　　", "  ")),
        table_style=rng.choice(("cells", "spaces", "tabs")),
    )


@dataclass
class Block:
    kind: str                 # title / meta / h / p / table / sign
    text: str = ""
    depth: int = 0
    table: tuple | None = None  # (caption, unit_note, header, rows)


class Writer:
    def __init__(self, rng: random.Random, facts: Facts):
        self.rng = rng
        # wordings drawn from the label lexicon: a stream of their own, so that adding a wording
        # to the lexicon does not reshuffle the rest of the corpus
        self.word_rng = random.Random(f"{facts.department}{facts.fiscal_year}")
        self.f = facts
        self.style = draw_style(rng)
        self.numbering = draw_numbering(rng)
        self.blocks: list[Block] = []
        self.tokens: list[tuple[str, str, str]] = []   # (group, key, rendered text)
        self.money_stated: dict[str, int] = {}
        self.rates_stated: dict[str, float] = {}
        self.heads_stated: dict[str, int] = {}
        self.evidence: dict[str, str] = {}
        self.notes: list[str] = []
        self.typos: list[dict] = []
        self.indicator_rows: list[dict] = []
        self.indicator_leaf: list[bool] = []
        self.targets_written = False
        self.history_written: list[dict] = []
        self.problems_written: list[dict] = []
        self.score_stated = False
        self.grade_stated = False
        self.date_stated = False
        self.typo_key = None
        if facts.unit_profile == "wan" and rng.random() < 0.08:
            self.typo_key = rng.choice(TYPO_CANDIDATES)
        self.self_ref = facts.kind.short if rng.random() < 0.75 else rng.choice(("本单位", "本部门", "我单位"))

    # ---- blocks -------------------------------------------------------------------------
    def title(self, text: str) -> None:
        self.blocks.append(Block("title", text))

    def meta(self, text: str) -> None:
        self.blocks.append(Block("meta", text))

    def h(self, depth: int, text: str, inline: str = "") -> None:
        """A heading; `inline` continues on the same line, as in "1. 单位情况。吴川市…"."""
        prefix = self.numbering.prefix(depth)
        self.blocks.append(Block("h", prefix + text + inline, depth))

    def p(self, text: str) -> None:
        if text:
            self.blocks.append(Block("p", text))

    def table(self, caption: str, unit_note: str, header: list[str], rows: list[list[str]]) -> None:
        self.blocks.append(Block("table", depth=0, table=(caption, unit_note, header, rows)))

    def sign(self, text: str) -> None:
        self.blocks.append(Block("sign", text))

    # ---- numbers --------------------------------------------------------------------------
    def num(self, n) -> str:
        """A plain count or year followed by a unit character, spaced as this report spaces them."""
        return f"{n}{self.style.num_space}"

    def _group(self, s: str) -> str:
        if not self.style.sep:
            return s
        whole, _, frac = s.partition(".")
        neg = whole.startswith("-")
        whole = f"{int(whole.lstrip('-')):,}"
        return ("-" if neg else "") + whole + (f".{frac}" if frac else "")

    def _decimal(self, value: Decimal, places: int, strip: bool) -> str:
        s = f"{value:.{places}f}"
        if strip and "." in s:
            s = s.rstrip("0").rstrip(".")
        return s

    def unit_for(self, key: str | None, cents: int) -> str:
        profile = self.f.unit_profile
        if profile == "yuan" or cents % 100:
            return "元"
        if key in SMALL and self.style.small_in_yuan:
            return "元"
        if profile == "yi" and key in SELF_TOTALS and cents % 1_000_000 == 0 and cents >= 10**9:
            return "亿元"
        return "万元"

    def amount_text(self, cents: int, unit: str) -> str:
        """The number as written in `unit`; exact, since amounts are drawn on the unit's quantum."""
        yuan = Decimal(cents) / 100
        if unit == "元":
            whole = cents % 100 == 0 and self.rng.random() < 0.5
            return self._group(self._decimal(yuan, 0 if whole else 2, False))
        if unit == "万元":
            wan = yuan / 10000
            if (cents // 100) % 100 == 0:
                return self._group(self._decimal(wan, 2, self.style.decimals_strip))
            # 0.0693 万元, never 0.0690: beyond two places a trailing zero says nothing.
            text = self._decimal(wan, 4, False).rstrip("0")
            return self._group(text)
        yi = yuan / 100000000
        return self._group(self._decimal(yi, 4, self.rng.random() < 0.7))

    def _token(self, group: str, key: str, text: str, value, typo: dict | None = None) -> str:
        """A placeholder; the fact counts as stated only once its placeholder reaches the text."""
        self.tokens.append((group, key, text, value, typo))
        return f"\x00{len(self.tokens) - 1}\x00"

    def money(self, key: str, unit: str | None = None, bare: bool = False) -> str:
        """State amount `key`: a placeholder for "433.92 万元" (or the bare number in a table)."""
        cents = self.f.money[key]
        unit = unit or self.unit_for(key, cents)
        text = self.amount_text(cents, unit)
        typo = None
        if key == self.typo_key and unit == "万元" and not bare:
            self.typo_key = None  # one typo per report, at the first mention
            typo = {"key": key, "written": f"{text}{self.style.unit_space}元", "meant": f"{text} 万元"}
            unit = "元"
        if not bare:
            shown = "万" if unit == "万元" and self.style.wan_short else unit
            text = f"{text}{self.style.unit_space}{shown}"
        return self._token("amounts", key, text, cents, typo)

    def zero(self, key: str, phrase: str) -> str:
        """An amount stated as none at all ("年末无结转和结余"): stated, and zero."""
        return self._token("amounts", key, phrase, 0)

    def plain_money(self, cents: int, unit: str = "万元") -> str:
        """An amount that is no fact of the answer (a distractor)."""
        return f"{self.amount_text(cents, unit)}{self.style.unit_space}{unit}"

    def pct_text(self, value: float, signed: bool = False) -> str:
        v = abs(value) if not signed else value
        s = f"{v:.2f}".rstrip("0").rstrip(".") if self.rng.random() < 0.6 else f"{v:.2f}"
        if float(v) == int(v) and self.rng.random() < 0.8:
            s = str(int(v))
        return f"{s}{self.style.unit_space if self.rng.random() < 0.3 else ''}{self.style.pct}"

    def rate(self, key: str, signed: bool = False) -> str:
        """State rate `key`; change rates are written as a magnitude after 增长 / 减少 unless signed."""
        value = self.f.rates[key]
        return self._token("rates", key, self.pct_text(value, signed), value)

    def heads(self, key: str) -> str:
        value = self.f.headcount[key]
        return self._token("headcount", key, f"{value}{self.style.num_space}", value)

    def leq(self) -> str:
        if self.style.latex:
            return self.rng.choice((" $\\leq$ ", " \\leq ", "$\\leq$"))
        return self.rng.choice(("≤", "≤", "<=", "小于等于", "未超过"))

    def q(self, text: str) -> str:
        a, b = self.style.quote
        return f"{a}{text}{b}"

    # ---- finishing ------------------------------------------------------------------------
    def _fill(self, text: str) -> str:
        """Replace placeholders; note each fact's evidence: the clause around its first mention."""
        out = []
        pos = 0
        for m in TOKEN.finditer(text):
            out.append(text[pos:m.start()])
            group, key, shown, value, typo = self.tokens[int(m.group(1))]
            start = sum(len(x) for x in out)
            out.append(shown)
            pos = m.end()
            {"amounts": self.money_stated, "rates": self.rates_stated, "headcount": self.heads_stated}[group][key] = value
            if typo:
                self.typos.append(typo)
                self.notes.append(f"UNIT TYPO (deliberate): {key} is written '{typo['written']}' but means "
                                  f"{typo['meant']}; the answer gives {value / 100:.2f} yuan.")
            if key not in self.evidence:
                self.evidence[key] = (start, shown)
        filled = "".join(out) + text[pos:]
        for key, v in list(self.evidence.items()):
            if isinstance(v, tuple):
                self.evidence[key] = _clause(filled, v[0], v[0] + len(v[1]))
        return filled

    def finish(self) -> list[Block]:
        for b in self.blocks:
            if b.table:
                caption, unit_note, header, rows = b.table
                filled_rows = []
                for row in rows:
                    filled = []
                    for cell in row:
                        before = set(self.evidence)
                        filled.append(self._fill(cell))
                        # A cell's evidence is its row up to the cell, as the row reads.
                        for key in set(self.evidence) - before:
                            self.evidence[key] = " ".join(c.strip("　 ") for c in filled if c.strip("　 "))
                    filled_rows.append(filled)
                b.table = (caption, unit_note, header, filled_rows)
            else:
                b.text = self._fill(b.text)
        return self.blocks


def _clause(text: str, start: int, end: int) -> str:
    """The clause of `text` holding [start, end): from the last stop before it to the end of the value."""
    stops = "，。；：\n\x01,;"
    left = start
    while left > 0 and text[left - 1] not in stops:
        left -= 1
    if start - left < 4 and left > 0:  # a bare number: take the label clause before it too
        left -= 1
        while left > 0 and text[left - 1] not in stops:
            left -= 1
    return text[left:end].replace("\x01", " ").strip()


def write_report(rng: random.Random, facts: Facts) -> tuple[list[Block], Writer]:
    w = Writer(rng, facts)
    sections.write_all(w)
    blocks = w.finish()
    return blocks, w


def answer(w: Writer, report_file: str, extra: dict) -> dict:
    """The answer file: exactly the facts the text states, in the gold format of docs/facts.md."""
    f = w.f
    date = None
    if w.date_stated and f.report_date:
        y, m, d = f.report_date
        date = f"{y:04d}-{m:02d}-{d:02d}"
    out = {
        "report_file": report_file,
        "department": f.department,
        "province": f.place.province,
        "prefecture": f.place.prefecture,
        "county": f.place.county,
        # docs/facts.md knows three levels; a town's department is filed under its county
        "admin_level": "county" if f.place.admin_level == "town" else f.place.admin_level,
        "fiscal_year": f.fiscal_year,
        "report_date": date,
        "self_score": f.self_score if w.score_stated else None,
        "grade": f.grade if w.grade_stated else None,
        "amounts": {k: round(v / 100, 2) for k, v in w.money_stated.items()},
        "rates": dict(w.rates_stated),
        "headcount": dict(w.heads_stated),
        "indicator_scores": w.indicator_rows,
    }
    if w.targets_written:
        out["indicator_targets"] = f.targets
    out["score_history"] = w.history_written
    out["problems"] = w.problems_written
    out["evidence"] = w.evidence
    out["notes"] = w.notes
    out["generator"] = {**extra, "town": f.place.town, "adcode": f.place.adcode, "unit_profile": f.unit_profile,
                        "framework": f.framework, "unit_typos": w.typos,
                        "indicator_is_leaf": w.indicator_leaf}
    return out


__all__ = ["Block", "Writer", "write_report", "answer", "leaves", "node_rows", "cn_number"]
