"""The README's bad-input section, line by line: each input it lists gets exactly the outcome it
promises (one console line, one raw.load_errors row of its kind, the other files loaded)."""
from __future__ import annotations

import os
import re
import signal
from pathlib import Path

import duckdb
import pymupdf

from conftest import ROOT, sample_reports
from ingest import load, pipeline, plausibility
from ingest.readers import office
from ingest.failures import KINDS

STUCK, KILLED, BUG = "【测试：卡住】", "【测试：终止】", "【测试：故障】"


def readme_kinds() -> dict[str, str]:
    """KIND → input, from the table of the README's bad-input section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Bad input"):text.index("## 提取质量")]
    rows = re.findall(r"^\| (.+?) \| `(\w+)` \| (.+?) \|$", section, re.M)
    return {kind: what for what, kind, _ in rows}


def _report(extra: str = "") -> str:
    return sample_reports()[0].read_text(encoding="utf-8") + "\n" + extra


def huge_income(text: str) -> str:
    """The report with its total income stated, wherever it is, as 100000000亿元 (10^16 元)."""
    return re.sub(r"本年收入(?:为)?\s*[\d,.]+\s*万元", "本年收入100000000亿元", text)


def _pdf(text: str | None, **save) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    if text:
        page.insert_text((72, 72), text, fontsize=12)
    else:
        page.draw_rect(pymupdf.Rect(50, 50, 300, 300), fill=(0.5, 0.5, 0.5))   # a "scan": no text at all
    return doc.tobytes(**save)


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    p = folder / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def _symlink_loop(folder: Path) -> Path:
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    return folder / "a.txt"


def _picture(folder: Path) -> Path:
    return _write(folder, "scan.jpg", b"\xff\xd8\xff\xe0" + bytes(64))


def _doc_without_converter(folder: Path) -> Path:
    """A Word 97-2003 file (its OLE header) read while LibreOffice is taken away (_no_converter)."""
    return _write(folder, "legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))


def _sparse(folder: Path) -> Path:
    p = folder / "sparse.txt"
    with open(p, "wb") as f:
        f.truncate(2 * 1024 ** 3)                    # 2 GB that take no disk space
    return p


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "pipe.txt")
    return folder / "pipe.txt"


# KIND → a function making that input in the folder; it returns the path the row is recorded under
MAKERS = {
    "missing": lambda d: d.parent / "no-such-file.txt",
    "symlink_loop": _symlink_loop,
    "unreadable": _fifo,
    "unsupported": _picture,
    "too_large": _sparse,
    "empty": lambda d: _write(d, "empty.txt", b""),
    "binary": lambda d: _write(d, "junk.txt", bytes(range(256)) * 16),
    "encoding": lambda d: _write(d, "latin1.txt", ("Caf\xe9 cr\xe8me br\xfbl\xe9e " * 40).encode("latin-1")),
    "truncated": lambda d: _write(d, "truncated.pdf", _pdf("Performance report")[:400]),
    "encrypted": lambda d: _write(d, "locked.pdf", _pdf("Performance report", encryption=pymupdf.PDF_ENCRYPT_AES_256,
                                                        user_pw="secret", owner_pw="owner")),
    "no_text_layer": lambda d: _write(d, "scan.pdf", _pdf(None)),
    "missing_converter": _doc_without_converter,
    "not_a_report": lambda d: _write(d, "menu.txt", "今日菜单：米饭、青菜、豆腐汤。欢迎光临本店，营业时间为早上九点到晚上九点。"),
    "timeout": lambda d: _write(d, "stuck.txt", _report(STUCK)),
    "worker_died": lambda d: _write(d, "killed.txt", _report(KILLED)),
    "internal_error": lambda d: _write(d, "bug.txt", _report(BUG)),
    "invalid_value": lambda d: _write(d, "income.txt", huge_income(_report())),
}


def _misbehaving_normalize(real):
    def normalize(text: str):
        if STUCK in text:
            while True:                               # pure Python: the time budget's signal stops it
                pass
        if KILLED in text:
            os.kill(os.getpid(), signal.SIGKILL)
        if BUG in text:
            raise ZeroDivisionError("a deliberate bug")
        return real(text)
    return normalize


def _rows(db: Path) -> dict[str, tuple[str, str]]:
    with duckdb.connect(str(db), read_only=True) as c:
        return {p: (k, m) for p, k, m in c.execute("select source_path, error_kind, message from raw.load_errors").fetchall()}


def _reports(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as c:
        return c.execute("select count(*) from raw.reports").fetchone()[0]


def test_the_readme_lists_every_failure_kind_and_only_those():
    assert set(readme_kinds()) == set(KINDS) == set(MAKERS)


def test_every_bad_input_of_the_readme_gets_its_line_and_its_row(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    for p in sample_reports():
        _write(folder, p.name, p.read_bytes())
    monkeypatch.setattr(pipeline, "normalize", _misbehaving_normalize(pipeline.normalize))
    monkeypatch.setattr(office, "soffice", lambda: None)
    # no plausibility bounds: the only way left for a value to overflow its column
    monkeypatch.setattr(plausibility, "bounds", lambda: {})
    made = {kind: make(folder) for kind, make in MAKERS.items() if kind in readme_kinds()}
    db = tmp_path / "w.duckdb"
    rc = load.run_ingest([str(folder), str(made["missing"])], db, workers=2, quiet=True, budget=20)
    err = capsys.readouterr().err
    assert rc == 1
    rows = _rows(db)
    for kind, path in made.items():
        recorded = str(path) if kind == "missing" else os.path.realpath(path) if kind != "symlink_loop" else str(path)
        assert rows.get(recorded, (None,))[0] == kind, (kind, rows.get(recorded))
        assert len([ln for ln in err.splitlines() if ln.startswith(f"error: {recorded}: {kind}: ")]) == 1, kind
    assert _reports(db) == len(sample_reports())
    assert "Traceback" not in err


def test_a_worker_stuck_beyond_the_signal_is_killed_and_replaced(tmp_path, monkeypatch):
    folder = tmp_path / "reports"
    folder.mkdir()
    for p in sample_reports():
        _write(folder, p.name, p.read_bytes())
        _write(folder, "copy_" + p.name, p.read_text(encoding="utf-8") + "\n附件")
    _write(folder, "stuck.txt", _report(STUCK))
    real = pipeline.normalize

    def deaf(text):                                  # stuck where no signal reaches (as in C code)
        if STUCK in text:
            signal.signal(signal.SIGALRM, signal.SIG_IGN)
            while True:
                pass
        return real(text)

    monkeypatch.setattr(pipeline, "normalize", deaf)
    monkeypatch.setattr(load, "KILL_GRACE_SECONDS", 1)
    db = tmp_path / "w.duckdb"
    assert load.run_ingest([str(folder)], db, workers=2, quiet=True, budget=5) == 1
    assert _rows(db)[str(folder / "stuck.txt")][0] == "timeout"
    assert _reports(db) == 2 * len(sample_reports())


def test_implausible_figures_are_findings_with_their_quote_and_the_report_loads(tmp_path, capsys):
    folder = tmp_path / "reports"
    folder.mkdir()
    text = _report()
    _write(folder, "income.txt", huge_income(text))
    _write(folder, "score.txt", text + "\n本部门整体支出绩效自评得分为" + "9" * 4301 + "分。\n")
    _write(folder, "digits.txt", text + "\n" + "1" * 400_000 + "\n")
    _write(folder, ".hidden.txt", text)
    db = tmp_path / "w.duckdb"
    assert load.run_ingest([str(folder)], db, workers=1, quiet=True) == 0
    out = capsys.readouterr()
    with duckdb.connect(str(db), read_only=True) as c:
        found = c.execute("""select r.file_name, f.message from raw.findings f join raw.reports r using (report_id)
                             where f.rule = 'implausible_value' order by 1""").fetchall()
        stored = c.execute("""select count(*) from raw.facts f join raw.reports r using (report_id)
                              where r.file_name = 'income.txt' and f.value >= 1e12""").fetchone()[0]
    assert [name for name, _ in found] == ["digits.txt", "income.txt", "score.txt"]
    assert "本年收入100000000亿元" in dict(found)["income.txt"] and stored == 0
    assert "above 100" in dict(found)["score.txt"] or "4,301 digits" in dict(found)["score.txt"]
    assert len([ln for ln in out.err.splitlines() if ln.startswith("finding: ")]) == 3
    assert "1 hidden files or folders left out" in out.out
    assert _reports(db) == 3
