"""The command line: every command is documented, and extract writes the answer format."""
from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import ROOT, sample_reports
from jixiao.cli import build_parser, main


def _commands() -> list[str]:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return sorted(sub.choices)


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`jixiao (\w+)", readme))
    assert set(_commands()) <= documented, set(_commands()) - documented


def test_extract_writes_one_json_per_report_named_after_the_file(tmp_path: Path):
    files = [str(p) for p in sample_reports()]
    assert main(["extract", *files, "--out", str(tmp_path)]) == 0
    for p in sample_reports():
        answer = json.loads((tmp_path / f"{p.name}.json").read_text(encoding="utf-8"))
        assert answer["report_file"] == p.name
        assert {"department", "fiscal_year", "amounts", "rates", "headcount", "indicator_scores", "problems",
                "provenance", "findings"} <= set(answer)


def test_extract_reports_a_bad_file_and_still_writes_the_others(tmp_path: Path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    good = sample_reports()[0]
    assert main(["extract", str(good), str(bad), "--out", str(tmp_path / "out")]) == 1
    assert (tmp_path / "out" / f"{good.name}.json").exists()
    assert "empty.txt: empty:" in capsys.readouterr().err


def test_evaluate_scores_the_samples(capsys):
    assert main(["evaluate", "--gold", str(ROOT / "tests" / "gold"), "--reports", str(ROOT / "data" / "reports")]) == 0
    out = capsys.readouterr().out
    f1 = float(re.search(r"overall F1 ([\d.]+) over 5 reports", out).group(1))
    assert f1 >= 0.97
