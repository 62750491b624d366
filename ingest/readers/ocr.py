"""OCR of page images: a scanned page → text lines with their boxes and confidence.

RapidOCR (PP-OCR models shipped inside the `rapidocr` wheel, run by onnxruntime on the
CPU) reads the page; nothing is downloaded at run time. The engine returns one box per
run of text; `rebuild_lines` puts boxes that share a baseline on one line, in reading
order, and separates the cells of a table row by a space, the way the other readers
write a table row. Tesseract, measured against it in benchmarks/ocr_bench.py, reads the
same pages slower and misreads more figures (BENCHMARKS.md).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass

import numpy as np

DPI = 200                  # scans are published at 150-300 dpi; 200 reads 五号 (10.5 pt) characters reliably
MIN_LINE_SCORE = 0.5       # a box the recogniser is less sure of than this is noise (stamps, specks)
MIN_PAGE_SCORE = 0.6       # mean confidence below this: the page is not readable


@dataclass(frozen=True)
class Box:
    """One recognised run of text on a page, in pixels of the page image."""
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    score: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Line:
    """A line of the page as rebuilt from its boxes."""
    text: str
    box: tuple[int, int, int, int]       # x0, y0, x1, y1 in pixels at DPI
    score: float                         # the lowest box confidence on the line


_engine = None


def engine():
    """The OCR engine, loaded once per process (0.5 s) on first use."""
    global _engine
    if _engine is None:
        from rapidocr import RapidOCR
        threads = int(os.environ.get("JIXIAO_OCR_THREADS", "1"))   # ingest runs one worker per core
        # No angle classifier: pages are upright, and it turns short boxes over ("99" read as "66").
        _engine = RapidOCR(params={"Global.log_level": "error", "Global.use_cls": False,
                                   "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                                   "EngineConfig.onnxruntime.inter_op_num_threads": 1})
    return _engine


def engine_name() -> str:
    """The OCR engine in use: rapidocr (default) or tesseract (JIXIAO_OCR_ENGINE)."""
    name = os.environ.get("JIXIAO_OCR_ENGINE", "rapidocr")
    if name not in ("rapidocr", "tesseract"):
        raise ValueError(f"JIXIAO_OCR_ENGINE must be rapidocr or tesseract, not {name!r}")
    return name


def check_engine() -> None:
    """Raise ImportError (or FileNotFoundError for tesseract) when the engine in use is not installed."""
    if engine_name() == "tesseract":
        if shutil.which("tesseract") is None:
            raise FileNotFoundError("tesseract")
    else:
        engine()


def read_image(image: np.ndarray) -> list[Box]:
    """The text boxes the OCR engine finds on a greyscale page image."""
    return _tesseract(image) if engine_name() == "tesseract" else _rapid(image)


def _rapid(image: np.ndarray) -> list[Box]:
    result = engine()(image)
    if result.boxes is None:
        return []
    boxes = []
    for quad, text, score in zip(result.boxes, result.txts, result.scores):
        xs, ys = quad[:, 0], quad[:, 1]
        if text.strip() and score >= MIN_LINE_SCORE:
            boxes.append(Box(float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()), text.strip(),
                             float(score)))
    return boxes


def _tesseract(image: np.ndarray) -> list[Box]:
    """Line boxes from Tesseract (Debian's tesseract-ocr-chi-sim), one process per page.

    Tesseract gives Chinese a box per character or word with small gaps between them; its own
    line grouping puts them back together, a gap wider than one and a half characters being a
    cell border, and the line takes its words' mean confidence (Tesseract rates single
    characters harshly, and the lowest would drop whole lines)."""
    import cv2
    ok, png = cv2.imencode(".png", image)
    env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("JIXIAO_OCR_THREADS", "1")}
    tsv = subprocess.run(["tesseract", "stdin", "stdout", "-l", "chi_sim", "--dpi", str(DPI), "--psm", "3", "tsv"],
                         input=png.tobytes(), capture_output=True, check=True, env=env, timeout=300).stdout
    lines: dict[tuple[str, str, str], list[Box]] = {}
    for row in tsv.decode("utf-8").splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) == 12 and cols[0] == "5" and cols[11].strip() and float(cols[10]) >= 0:
            x, y, w, h = (int(c) for c in cols[6:10])
            lines.setdefault((cols[2], cols[3], cols[4]), []).append(
                Box(x, y, x + w, y + h, cols[11].strip(), float(cols[10]) / 100))
    boxes = []
    for words in lines.values():
        height = max(b.height for b in words)
        text = words[0].text
        for before, word in zip(words, words[1:]):
            if word.x0 - before.x1 > 1.5 * height:
                text += "\t"
            elif before.text[-1:].isascii() and before.text[-1:].isalnum() and word.text[:1].isascii() \
                    and word.text[:1].isalnum():
                text += " "
            text += word.text
        score = sum(b.score for b in words) / len(words)
        if score >= MIN_LINE_SCORE:
            boxes.append(Box(min(b.x0 for b in words), min(b.y0 for b in words), max(b.x1 for b in words),
                             max(b.y1 for b in words), text, score))
    return boxes


def rebuild_lines(boxes: list[Box]) -> list[Line]:
    """Boxes → lines top to bottom; boxes whose vertical middles fall inside one another's
    extent are one line (a table row), read left to right."""
    rows: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.y0 + b.y1) / 2):
        middle = (box.y0 + box.y1) / 2
        row = rows[-1] if rows else None
        if row and any(b.y0 <= middle <= b.y1 for b in row) and \
                any(box.y0 <= (b.y0 + b.y1) / 2 <= box.y1 for b in row):
            row.append(box)
        else:
            rows.append([box])
    return _pair_quotes([_line(sorted(row, key=lambda b: b.x0)) for row in rows])


_QUOTES = {"“": "“”", "”": "“”", '"': "“”", "‘": "‘’", "’": "‘’"}


def _pair_quotes(lines: list[Line]) -> list[Line]:
    """The recogniser does not tell an opening from a closing quotation mark (“优” comes out
    as ”优”); quotes pair up in reading order, so each one's place in the page decides."""
    seen = {"“”": 0, "‘’": 0}
    out = []
    for line in lines:
        chars = list(line.text)
        for k, c in enumerate(chars):
            pair = _QUOTES.get(c)
            if pair:
                chars[k] = pair[seen[pair] % 2]
                seen[pair] += 1
        out.append(Line("".join(chars), line.box, line.score))
    return out


def _line(row: list[Box]) -> Line:
    """One line from its boxes; a gap of a third of a character between two boxes is a cell border
    (the recogniser already splits a line into boxes only where the text has a gap), written as
    a tab: a table row, which the normaliser never joins to the next line."""
    parts = [row[0].text]
    for before, box in zip(row, row[1:]):
        gap = box.x0 - before.x1
        parts.append("\t" if gap > 0.3 * max(before.height, box.height) else "")
        parts.append(box.text)
    box = (int(min(b.x0 for b in row)), int(min(b.y0 for b in row)), int(max(b.x1 for b in row)),
           int(max(b.y1 for b in row)))
    return Line("".join(parts), box, round(min(b.score for b in row), 3))


def page_readable(boxes: list[Box]) -> bool:
    """Whether OCR found text it is reasonably sure of on the page."""
    return bool(boxes) and sum(b.score for b in boxes) / len(boxes) >= MIN_PAGE_SCORE
