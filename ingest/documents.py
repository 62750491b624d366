"""The document layer: turn a report file into plain text.

Formats: txt, PDF (its text layer; pages without one are read by OCR), docx, html,
legacy Word (.doc, .wps, converted by LibreOffice), workbooks (.xlsx, .xls: every sheet
as a table, a row per line) and OFD (its text objects, read by ofdkit).

`read_document` is a pure function of the file name and its bytes. It either
returns a `Document` or raises `DocumentError` with a `kind` that callers can
count and a message a person can act on. It never guesses silently: an
encoding it cannot establish, a scanned PDF or a damaged file is an error, not
an empty or garbled report.

Pages are separated by "\\f" in `Document.text`, so the page of a character at
`offset` is `1 + text.count("\\f", 0, offset)`.
"""
from __future__ import annotations

import bisect
import codecs
import functools
import io
import os
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import charset_normalizer
import docx
import pymupdf
from bs4 import (
    BeautifulSoup,
    Comment,
    Declaration,
    Doctype,
    MarkupResemblesLocatorWarning,
    NavigableString,
    ProcessingInstruction,
    Tag,
    XMLParsedAsHTMLWarning,
)
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from ingest.limits import MAX_BYTES, OCR_SECONDS_PER_PAGE, widen_budget

KINDS = frozenset({"empty", "binary", "encoding", "truncated", "encrypted", "no_text_layer", "too_large",
                   "unsupported", "missing_converter", "timeout"})


@dataclass(frozen=True)
class Span:
    """Where a stretch of the text was read: a line OCR found in a box, or a workbook cell."""

    start: int  # offsets in Document.text
    end: int
    location: str  # "p3 [212,775,1414,806]" (pixels at ocr.DPI) or "自评表!C12"
    confidence: float | None = None  # OCR's confidence in the line; None for text that was not recognised


@dataclass(frozen=True)
class Document:
    """A report's text and how it was read."""

    text: str  # pages separated by "\f"
    format: str  # "txt" | "pdf" | "docx" | "html" | "doc" | "xlsx" | "ofd"
    pages: int | None  # pdf; docx only when it has explicit page breaks; sheets of a workbook; else None
    encoding: str | None  # txt/html: the encoding used to decode; else None
    spans: tuple[Span, ...] = ()  # OCR lines and workbook cells, in text order
    unreadable_pages: tuple[int, ...] = ()  # 1-based pages OCR could not read
    ocr_pages: tuple[int, ...] = ()  # 1-based pages read by OCR

    def span_at(self, offset: int) -> Span | None:
        """The span holding the character at offset, if any."""
        i = bisect.bisect_right(self._span_starts, offset) - 1
        return self.spans[i] if i >= 0 and self.spans[i].start <= offset < self.spans[i].end else None

    def spans_in(self, start: int, end: int) -> list[Span]:
        """The spans overlapping [start, end)."""
        i = max(bisect.bisect_right(self._span_starts, start) - 1, 0)
        out = []
        for span in self.spans[i:]:
            if span.start >= end:
                break
            if span.end > start:
                out.append(span)
        return out

    @functools.cached_property
    def _span_starts(self) -> list[int]:
        return [s.start for s in self.spans]


class DocumentError(Exception):
    """A file that cannot be read as a report; `kind` is one of KINDS."""

    def __init__(self, kind: str, message: str):
        if kind not in KINDS:
            raise ValueError(f"unknown DocumentError kind {kind!r}")
        # Both go into args so the error survives pickling across worker processes.
        super().__init__(kind, message)
        self.kind = kind
        self.message = message

    def __str__(self) -> str:
        return self.message


def read_document(name: str, data: bytes, max_bytes: int = MAX_BYTES) -> Document:
    """Read a report file given its name (only the extension is used) and its bytes.

    Raises DocumentError with one clear message when the file cannot be read.
    """
    if len(data) > max_bytes:
        raise DocumentError("too_large", f"file is {len(data):,} bytes, more than the limit of {max_bytes:,}")
    if not data.strip():
        raise DocumentError("empty", "file is empty" if not data else "file holds only whitespace")
    extension = os.path.splitext(name)[1].lower()
    fmt = _EXTENSIONS.get(extension)
    if fmt is None:
        return _read_unknown(extension, data)
    return _READERS[fmt](data)


_EXTENSIONS = {".txt": "txt", ".text": "txt", ".pdf": "pdf", ".docx": "docx",
               ".htm": "html", ".html": "html", ".shtml": "html", ".xhtml": "html",
               ".doc": "doc", ".wps": "doc", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xlsx", ".et": "xlsx",
               ".ofd": "ofd"}
READABLE_SUFFIXES = frozenset(_EXTENSIONS)  # what a folder walk hands to read_document
# Documents a report may come as that jixiao cannot read: inside a folder each gets its
# `unsupported` row. Other files met in a folder (answer keys, notes) are listed as skipped.
UNREADABLE_DOCUMENT_SUFFIXES = frozenset({".rtf", ".odt", ".ppt", ".pptx", ".jpg", ".jpeg", ".png", ".tif", ".tiff",
                                          ".zip", ".rar", ".7z"})

# Markup that makes a file of unknown type a web page (sites save pages as .asp, .jsp, .php, ...).
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html[\s>]|head>|body[\s>])", re.IGNORECASE)


def _read_unknown(extension: str, data: bytes) -> Document:
    """Read a file whose extension says nothing, by looking at its first bytes."""
    label = f"unknown file type {extension!r}" if extension else "file without extension"
    if b"%PDF-" in data[:1024]:
        return _read_pdf(data)
    if data.startswith(b"PK\x03\x04"):
        if _zip_has(data, "xl/workbook.xml"):
            return _read_workbook(data)
        if _zip_has(data, "OFD.xml"):
            return _read_ofd(data)
        if not _zip_has(data, "word/document.xml"):
            raise DocumentError("unsupported", f"{label}: a zip archive that is not a Word document")
        return _read_docx(data)
    if data.startswith(_OLE):
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            return _read_workbook(data)
        if "WordDocument".encode("utf-16-le") in data:
            return _read_doc(data)
    if _HTML_START.search(data[:4096]):
        return _read_html(data)
    try:
        return _read_txt(data)
    except DocumentError as error:
        if error.kind not in ("binary", "encoding"):
            raise
        raise DocumentError("unsupported", f"{label}: {error.message}") from error


def _zip_has(data: bytes, member: str) -> bool:
    """Whether data is a readable zip archive containing member."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False


# ---------------------------------------------------------------- text decoding

_BOMS = [  # (byte-order mark, name reported, codec); UTF-32 first: its LE mark starts like UTF-16's
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
]

_MAGIC = [
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a zip archive (docx, xlsx, ...)"), (b"\xd0\xcf\x11\xe0", "an old Office file (doc, xls)"),
    (b"\x1f\x8b", "a gzip archive"), (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7z archive"),
]

# C0 control characters other than \t \n \r \f: they never occur in real text, in
# any ASCII-compatible encoding, so they mark binary data before any decoding.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ASCII = re.compile(r"[\x00-\x7f]+")
MIN_COMMON_SHARE = 0.8  # of non-ASCII characters that must be in GB2312 for a GB18030 decoding
MIN_IDEOGRAPH_SHARE = 0.3  # of non-ASCII characters that must be Chinese characters
MAX_GUESS_CHAOS = 0.1  # charset_normalizer's "mess" ratio above which a guess is not trusted


def _decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode text bytes to (text, encoding name); raise DocumentError binary/encoding.

    Order: byte-order mark, strict UTF-8, a declared charset (HTML), strict
    GB18030 when the result reads as Chinese, then a confident guess. Valid
    UTF-8 wins over a declaration because pages copied from an old GBK template
    keep its <meta charset> while the server sends (and declares) UTF-8.
    """
    for bom, label, codec in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data[len(bom):], label, codec), label
    _reject_binary(data)
    for codec in filter(None, ["utf-8", declared]):
        text = _strict(data, codec)
        if text is not None:
            return text, codec
    text = _strict(data, "gb18030")
    if text is not None and _reads_as_chinese(text):
        return text, "gb18030"
    guess = _confident_guess(data)
    if guess is not None:
        return guess
    raise DocumentError("encoding", "cannot determine the text encoding: not UTF-8, not GB18030/GBK Chinese "
                                    "text, and no confident guess (save the file as UTF-8)")


def _decode_with_bom(data: bytes, label: str, codec: str) -> str:
    """Decode the bytes after a byte-order mark, which must then be valid."""
    text = _strict(data, codec)
    if text is None:
        raise DocumentError("encoding", f"file starts with a {label} byte-order mark but is not valid {label}")
    if len(_CONTROL_CHARS.findall(text)) > MAX_CONTROL_SHARE * max(len(text), 1):
        raise DocumentError("binary", "file holds binary data (control characters), not text")
    return text


def _reject_binary(data: bytes) -> None:
    """Raise DocumentError("binary") for data that is clearly not text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise DocumentError("binary", f"file looks like {what}, not text")
    if b"\x00" in data:
        raise DocumentError("binary", "file holds NUL bytes: binary data, or UTF-16 text without byte-order mark")
    controls = len(_CONTROL_BYTES.findall(data))
    if controls > MAX_CONTROL_SHARE * len(data):
        raise DocumentError("binary", f"file holds binary data ({controls:,} control bytes of {len(data):,})")


def _strict(data: bytes, codec: str) -> str | None:
    """data decoded with codec, or None if any byte sequence is invalid."""
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _reads_as_chinese(text: str) -> bool:
    """Whether text decoded as GB18030 is plausibly Chinese rather than mis-decoded bytes.

    GB18030 accepts most byte pairs, so Latin-1 or Big5 bytes decode too, but to
    rare characters outside GB2312; real Chinese text is nearly all GB2312.
    """
    non_ascii = _ASCII.sub("", text)
    if not non_ascii:
        return True
    common = len(non_ascii.encode("gb2312", "ignore")) // 2  # every GB2312 non-ASCII char is 2 bytes
    ideographs = len(_CJK.findall(non_ascii))
    return common >= MIN_COMMON_SHARE * len(non_ascii) and ideographs >= MIN_IDEOGRAPH_SHARE * len(non_ascii)


def _confident_guess(data: bytes) -> tuple[str, str] | None:
    """charset_normalizer's guess, only when it is clean and gives Chinese text.

    A report is Chinese; a guess that decodes to anything else (it happily calls
    French Latin-1 "cp1257") would be silent mojibake, so it is not taken.
    """
    match = charset_normalizer.from_bytes(data).best()
    if match is None or match.chaos > MAX_GUESS_CHAOS:
        return None
    text = str(match)
    non_ascii = _ASCII.sub("", text)
    if not non_ascii or len(_CJK.findall(non_ascii)) < MIN_IDEOGRAPH_SHARE * len(non_ascii):
        return None
    return text, match.encoding


def _normalise_newlines(text: str) -> str:
    """Turn "\\r\\n" and lone "\\r" into "\\n"; form feeds stay (they separate pages)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_txt(data: bytes) -> Document:
    """Read a plain-text report."""
    text, encoding = _decode(data)
    text = _normalise_newlines(text)
    if not text.strip():
        raise DocumentError("empty", "text file holds only whitespace")
    return Document(text=text, format="txt", pages=None, encoding=encoding)


# ---------------------------------------------------------------- PDF

MIN_CHARS_PER_PAGE = 10  # below this on average, the text layer is missing (a scan) or negligible


@contextmanager
def _quiet_mupdf() -> Iterator[None]:
    """Keep MuPDF from printing errors and warnings to stderr while a PDF is read."""
    errors = pymupdf.TOOLS.mupdf_display_errors()
    messages = pymupdf.TOOLS.mupdf_display_warnings()
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    try:
        yield
    finally:
        pymupdf.TOOLS.mupdf_display_errors(errors)
        pymupdf.TOOLS.mupdf_display_warnings(messages)
        pymupdf.TOOLS.mupdf_warnings(reset=True)  # MuPDF keeps them in a list that would grow per file


def _read_pdf(data: bytes) -> Document:
    """Read a PDF's text layer, pages joined by "\\f"; pages without one are read by OCR."""
    # MuPDF silently repairs a cut-off file and returns its first pages as if
    # they were all; a complete PDF ends with %%EOF, so check that first.
    if b"%%EOF" not in data[-1024:]:
        raise DocumentError("truncated", "PDF is truncated: no %%EOF at the end of the file")
    with _quiet_mupdf():
        try:
            pdf = pymupdf.open(stream=data, filetype="pdf")
        except (pymupdf.FileDataError, RuntimeError, ValueError) as error:
            raise DocumentError("truncated", f"PDF is damaged and cannot be opened: {error}") from error
        with pdf:
            if pdf.needs_pass:
                raise DocumentError("encrypted", "PDF is password-protected")
            _reject_lost_pages(pdf)
            pages = _pdf_pages(pdf)
            scanned = [i for i, page in enumerate(pages) if _is_scanned(pdf[i], page)]
            if not scanned:
                return _pdf_document(pages)
            return _ocr_document(pdf, pages, scanned)


def _is_scanned(page: pymupdf.Page, text: str) -> bool:
    """A page whose text layer is (almost) empty but which shows a picture: a scan."""
    return len("".join(text.split())) < MIN_CHARS_PER_PAGE and bool(page.get_images())


def _ocr_document(pdf: pymupdf.Document, pages: list[str], scanned: list[int]) -> Document:
    """The Document of a PDF whose pages `scanned` (0-based) are read by OCR."""
    from ingest.readers import ocr
    try:
        ocr.check_engine()
    except (ImportError, FileNotFoundError) as error:
        raise DocumentError("no_text_layer", f"PDF has {len(scanned)} scanned page(s) without a text layer and "
                                             f"OCR is not installed ({error}): pip install 'jixiao[ocr]'") from error
    lines_of: dict[int, list] = {}
    unreadable = []
    for i in scanned:
        widen_budget(OCR_SECONDS_PER_PAGE)         # OCR takes time in proportion to the pages, not the text
        page = pdf[i]
        image = _page_image(page, ocr.DPI)
        boxes = ocr.read_image(image)
        if ocr.page_readable(boxes):
            lines_of[i] = ocr.rebuild_lines(boxes)
        elif _has_ink(image):
            unreadable.append(i + 1)
    parts, spans, pos = [], [], 0
    for i, text in enumerate(pages):
        if i:
            parts.append("\f")
            pos += 1
        if i in lines_of:
            for k, line in enumerate(lines_of[i]):
                if k:
                    parts.append("\n")
                    pos += 1
                spans.append(Span(pos, pos + len(line.text), f"p{i + 1} [{','.join(map(str, line.box))}]",
                                  line.score))
                parts.append(line.text)
                pos += len(line.text)
        elif i not in scanned:
            parts.append(text)
            pos += len(text)
    text = "".join(parts)
    characters = len("".join(text.split()))
    if characters < MIN_CHARS_PER_PAGE * len(pages):
        raise DocumentError("no_text_layer", f"PDF has no text layer and OCR could not read it: {len(pages)} pages, "
                                             f"{characters} characters, {len(unreadable)} pages unreadable")
    return Document(text=text, format="pdf", pages=len(pages), encoding=None, spans=tuple(spans),
                    unreadable_pages=tuple(unreadable), ocr_pages=tuple(i + 1 for i in scanned))


def _page_image(page: pymupdf.Page, dpi: int):
    """The page rendered in greyscale at dpi, as a numpy array (one page at a time: memory stays flat)."""
    import numpy as np
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    return np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.width).copy()


MIN_INK_SHARE = 0.002  # of dark pixels: below this a scanned page is blank, not unreadable


def _has_ink(image) -> bool:
    """Whether a page image holds marks at all (a blank scanned page is not an unreadable one)."""
    return float((image < 128).mean()) >= MIN_INK_SHARE


def _reject_lost_pages(pdf: pymupdf.Document) -> None:
    """Raise "truncated" when MuPDF had to repair the file and pages lost their content.

    A repaired cross-reference table alone is common in harmless files; a page
    whose content stream is gone means the rest of the file is missing.
    """
    if not pdf.is_repaired:
        return
    for page in pdf:
        if not all(pdf.xref_is_stream(xref) for xref in page.get_contents()):
            raise DocumentError("truncated", f"PDF is damaged: page {page.number + 1} of {pdf.page_count} "
                                             "has lost its content")


def _pdf_pages(pdf: pymupdf.Document) -> list[str]:
    """The text of every page in reading order."""
    # page.get_text("text", sort=True) is pymupdf's layout imitation: it pads lines
    # with spaces and puts blank lines between wrapped lines. MuPDF's own block
    # sort below keeps lines as they are and only fixes the order, e.g. moves a
    # footer page number drawn first in the content stream to the end of the page.
    try:
        return [page.get_textpage().extractText(sort=True).replace("\f", "\n") for page in pdf]
    except (RuntimeError, ValueError) as error:
        raise DocumentError("truncated", f"PDF is damaged: {error}") from error


def _pdf_document(pages: list[str]) -> Document:
    """Build the Document, refusing a PDF whose pages carry (almost) no text."""
    if not pages:
        raise DocumentError("empty", "PDF has no pages")
    characters = sum(len("".join(page.split())) for page in pages)
    if characters < MIN_CHARS_PER_PAGE * len(pages):
        raise DocumentError("no_text_layer", f"PDF has no text layer (scanned image?): {len(pages)} pages, "
                                             f"{characters} characters")
    return Document(text="\f".join(pages), format="pdf", pages=len(pages), encoding=None)


# ---------------------------------------------------------------- DOCX

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
W_P, W_TBL, W_TR, W_TC, W_SDT, W_SDT_CONTENT = (qn(t) for t in ("w:p", "w:tbl", "w:tr", "w:tc", "w:sdt",
                                                                 "w:sdtContent"))
W_T, W_TAB, W_BR, W_CR, W_TYPE = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:type")
W_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
# Never text of the paragraph: properties (w:tabs holds tab *stops*), deleted runs,
# and the fallback copy Word writes of every text box next to the modern one.
_SKIPPED = {qn("w:pPr"), qn("w:rPr"), qn("w:del"),
            "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}


def _read_docx(data: bytes) -> Document:
    """Read a Word document's body: paragraphs and tables in order."""
    return _read_docx_body(_docx_body(data))


def _read_docx_body(body: etree._Element) -> Document:
    text = "\n".join(_body_lines(body))
    if not text.strip():
        raise DocumentError("empty", "Word document has no text")
    pages = text.count("\f") + 1 if "\f" in text else None
    return Document(text=text, format="docx", pages=pages, encoding=None)


def _docx_body(data: bytes) -> etree._Element:
    """The w:body element, or DocumentError for damaged, encrypted or non-Word files."""
    if data.startswith(_OLE):
        # Word stores a password-protected .docx inside an OLE container as "EncryptedPackage".
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise DocumentError("encrypted", "Word document is password-protected")
        return _converted_body(data, ".doc")
    try:
        return docx.Document(io.BytesIO(data)).element.body
    except (zipfile.BadZipFile, zlib.error, EOFError, etree.XMLSyntaxError) as error:
        raise DocumentError("truncated", f"Word document is damaged or truncated: {error}") from error
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise DocumentError("unsupported", f"not a Word document: {error}") from error


def _body_lines(container: etree._Element) -> Iterator[str]:
    """One line per paragraph and per table row, in body order."""
    for child in container.iterchildren(W_P, W_TBL, W_SDT):
        if child.tag == W_P:
            yield _paragraph_text(child)
        elif child.tag == W_TBL:
            yield from _table_lines(child)
        else:  # a content control (e.g. a table of contents) wraps ordinary body content
            for content in child.iterchildren(W_SDT_CONTENT):
                yield from _body_lines(content)


def _paragraph_text(paragraph: etree._Element) -> str:
    """A paragraph's text; page breaks become "\\f", line breaks "\\n"."""
    parts = []
    for element in _text_elements(paragraph):
        if element.tag == W_T:
            parts.append(element.text or "")
        elif element.tag == W_TAB:
            parts.append("\t")
        elif element.tag == W_BR:
            parts.append("\f" if element.get(W_TYPE) == "page" else "\n")
        elif element.tag == W_CR:
            parts.append("\n")
        elif element.tag == W_NO_BREAK_HYPHEN:
            parts.append("-")
    return "".join(parts)


def _text_elements(element: etree._Element) -> Iterator[etree._Element]:
    """Descendants in document order, skipping subtrees that are not visible text."""
    for child in element:
        if child.tag in _SKIPPED:
            continue
        yield child
        yield from _text_elements(child)


def _table_lines(table: etree._Element) -> Iterator[str]:
    """One line per row, non-empty cells separated by one space.

    The XML has one w:tc per merged cell (and empty w:tc for the rows a vertical
    merge continues into), so merged cells are not repeated here; python-docx's
    row.cells would repeat them, and dropping repeats afterwards would also drop
    real equal neighbours such as a budget equal to its execution.
    """
    for row in table.iterchildren(W_TR):
        cells = (_cell_text(cell) for cell in row.iterchildren(W_TC))
        yield " ".join(cell for cell in cells if cell)


def _cell_text(cell: etree._Element) -> str:
    """A cell's paragraphs and nested tables flattened to one line."""
    return " ".join(" ".join(_body_lines(cell)).split())


# ---------------------------------------------------------------- HTML
#
# Not trafilatura: tried on a gov.cn-style page with a report, it dropped the
# <h1> report title and the page's date line, rendered tables as "| a | b |",
# and needs lxml_html_clean, justext, htmldate, courlan and dateparser. Its
# paragraph-level scoring is made for news articles; a report needs every
# paragraph and table row, so a few explicit rules are safer and testable.

_JUNK_TAGS = ["script", "style", "noscript", "iframe", "template", "object", "embed", "svg", "select",
              "button", "textarea"]
_FURNITURE_TAGS = {"nav", "header", "footer", "aside", "form"}
# Matched inside class/id tokens ("mainNav", "breadcrumbs") ...
_FURNITURE_PART = re.compile(r"nav|menu|crumb|footer|header|sidebar|share|fenxiang|login|search|copyright|"
                             r"position|location|bottom|topbar")
# ... and these only as whole tokens, since "top" is in "topic" and "foot" in "footnote".
_FURNITURE_TOKEN = re.compile(r"(top|head|foot|side|dqwz)\d*")
# Breadcrumbs and site registration numbers, whatever their class; not "版权所有",
# which a report may quote.
_FURNITURE_TEXT = re.compile(r"^\s*(当前位置|您现在的位置|你现在的位置|您的位置|你的位置|所在位置)|网站标识码|ICP备")
# Layout utilities (Bootstrap's position-relative, border-bottom, sticky-top ...) say nothing about content.
_UTILITY_CLASS = re.compile(r"(position|border|rounded|fixed|sticky|align|float|text)-")
MAX_FURNITURE_TEXT = 300  # a block found by its text is dropped only if it is this short
MAX_FURNITURE_SHARE = 0.5  # never drop a "furniture" element holding this share of the page's Chinese
MIN_CONTENT_SHARE = 0.8  # a block holding this share of the page's Chinese is the content
MAX_TITLE = 100

_BLOCK_TAGS = {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "div", "dl",
               "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li",
               "main", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
_SPACES = re.compile(r"[ \t\n\r\f\v\xa0]+")
_BOUNDARY = "\x00"  # marks a block's start or end while collecting text; removed from the page first
_BOUNDARIES = re.compile(r"[ \t\n]*\x00[ \t\n\x00]*")
_DECLARED_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.IGNORECASE)


def _read_html(data: bytes) -> Document:
    """Read the report out of a web page, without the site's menus and footers."""
    text, encoding = _decode(data, _declared_codec(data))
    text = text.replace(_BOUNDARY, "")  # a UTF-16 page may hold a stray NUL; it must not look like a boundary
    with warnings.catch_warnings():  # bs4 warns (prints) on XHTML pages and on tiny inputs
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "lxml")
    body = soup.body or soup
    _drop_furniture(body)
    block = _main_block(body)
    text = _tidy_lines(_html_text(block).split("\n"))
    title = _title_before(block)
    if title and not text.startswith(title):
        text = f"{title}\n{text}"
    if not text:
        raise DocumentError("empty", "web page has no text")
    return Document(text=text, format="html", pages=None, encoding=encoding)


def _declared_codec(data: bytes) -> str | None:
    """The codec for the page's <meta charset>, if it is one that can carry Chinese."""
    found = _DECLARED_CHARSET.search(data[:4096])
    if not found:
        return None
    try:
        codec = codecs.lookup(found.group(1).decode("ascii")).name
        "中文".encode(codec)
    except (LookupError, UnicodeError):
        return None  # unknown, or e.g. iso-8859-1 on a Chinese page: a server default, not a fact
    # Browsers decode pages declared gb2312 or gbk as GBK, and sites rely on it.
    return "gb18030" if codec in ("gb2312", "gbk") else codec


def _cjk_count(node: Tag) -> int:
    """Chinese characters in node's text."""
    return len(_CJK.findall(node.get_text()))


def _content_cjk(node: Tag) -> int:
    """Chinese characters in node's text outside links (menus and link lists are not content)."""
    return _cjk_count(node) - sum(_cjk_count(link) for link in node.find_all("a"))


def _is_furniture(tag: Tag) -> bool:
    """Whether the tag is page furniture by its name or its class/id."""
    if tag.name in _FURNITURE_TAGS:
        return True
    names = [c for c in tag.get("class") or [] if not _UTILITY_CLASS.match(c)] + [str(tag.get("id") or "")]
    tokens = re.split(r"[\s_\-]+", " ".join(names).lower())
    return any(_FURNITURE_PART.search(t) or _FURNITURE_TOKEN.fullmatch(t) for t in tokens if t)


def _drop_furniture(body: Tag) -> None:
    """Remove scripts, menus, breadcrumbs, footers and the like from body in place."""
    for tag in body.find_all(_JUNK_TAGS):
        tag.decompose()
    page = _cjk_count(body)
    for tag in body.find_all(True):
        # A wrapper named "header" or a WebForms <form> around the whole page stays.
        if not tag.decomposed and _is_furniture(tag) and _cjk_count(tag) < MAX_FURNITURE_SHARE * page:
            tag.decompose()
    for string in body.find_all(string=_FURNITURE_TEXT):
        if string.decomposed or isinstance(string, _SKIPPED_STRINGS):  # decomposed: in a dropped block
            continue
        block = _enclosing_block(string)
        if block is not None and block is not body and len(block.get_text()) <= MAX_FURNITURE_TEXT:
            block.decompose()


def _enclosing_block(node: NavigableString | Tag) -> Tag | None:
    """The nearest block-level ancestor of node."""
    return next((parent for parent in node.parents if parent.name in _BLOCK_TAGS), None)


def _main_block(body: Tag) -> Tag:
    """The smallest element that still holds most of the page's Chinese text, else body."""
    total = _content_cjk(body)
    node = body
    while total:
        best = max(node.find_all(True, recursive=False), key=_content_cjk, default=None)
        if best is None or _content_cjk(best) < MIN_CONTENT_SHARE * total:
            break
        node = best
    return node


def _title_before(block: Tag) -> str:
    """The report title when the page shows it above the content block: the nearest h1/h2 or "title"."""
    ancestors = set(map(id, block.parents))

    def is_title(tag: Tag) -> bool:
        names = " ".join(tag.get("class") or []) + " " + str(tag.get("id") or "")
        return (tag.name in ("h1", "h2") or "title" in names.lower()) and id(tag) not in ancestors

    title = block.find_previous(is_title)
    if title is None:
        return ""
    text = " ".join(title.get_text(" ").split())
    return text if _CJK.search(text) and len(text) <= MAX_TITLE else ""


def _html_text(node: Tag) -> str:
    """node's visible text; blocks and <br> end lines, table rows are one line each."""
    parts: list[str] = []
    _collect(node, parts, preformatted=node.name == "pre")
    # Nested blocks and the whitespace between them make one line break, not blank lines.
    return _BOUNDARIES.sub("\n", "".join(parts))


def _collect(node: Tag, parts: list[str], preformatted: bool) -> None:
    """Append the text of node's children to parts (see _html_text)."""
    for child in node.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, _SKIPPED_STRINGS):
                parts.append(str(child) if preformatted else _SPACES.sub(" ", child))
        elif child.name == "br":
            parts.append("\n")
        elif child.name == "tr":
            parts.extend([_BOUNDARY, _row_text(child), _BOUNDARY])
        elif child.name in _BLOCK_TAGS:
            parts.append(_BOUNDARY)
            _collect(child, parts, preformatted or child.name == "pre")
            parts.append(_BOUNDARY)
        else:
            _collect(child, parts, preformatted)


def _row_text(row: Tag) -> str:
    """A table row as one line: each cell's text on one line, non-empty cells joined by a space."""
    cells = (" ".join(_html_text(cell).split()) for cell in row.find_all(["td", "th"], recursive=False))
    return " ".join(cell for cell in cells if cell)


def _tidy_lines(lines: list[str]) -> str:
    """Strip lines and keep at most one blank line in a row, none at the ends."""
    kept: list[str] = []
    for line in (line.strip() for line in lines):
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n")


# ---------------------------------------------------------------- legacy Word (.doc, .wps)

def _read_doc(data: bytes) -> Document:
    """Read a Word 97-2003 or WPS document: LibreOffice converts it to .docx, read as such."""
    if data.startswith(b"PK\x03\x04") and _zip_has(data, "word/document.xml"):
        return _read_docx(data)          # a .docx saved under the old extension
    if not data.startswith(_OLE):
        raise DocumentError("unsupported", "not a Word 97-2003 or WPS document (no OLE header)")
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise DocumentError("encrypted", "Word document is password-protected")
    return replace(_read_docx_body(_converted_body(data, ".doc")), format="doc")


def _converted_body(data: bytes, suffix: str) -> etree._Element:
    """The w:body of a legacy document converted to .docx by LibreOffice."""
    from ingest.readers.office import ConversionError, convert
    try:
        converted = convert(data, suffix, "docx:MS Word 2007 XML")
    except ConversionError as error:
        raise DocumentError(error.kind, error.message) from error
    return docx.Document(io.BytesIO(converted)).element.body


# ---------------------------------------------------------------- workbooks (.xlsx, .xls)

def _read_workbook(data: bytes) -> Document:
    """Every sheet of a workbook as a page: its name, then one line per row, cells separated by a space."""
    from ingest.readers.workbook import read_workbook, sheet_lines
    if data.startswith(_OLE) and "EncryptedPackage".encode("utf-16-le") in data:
        raise DocumentError("encrypted", "workbook is password-protected")
    try:
        sheets = read_workbook(data)
    except ValueError as error:
        raise DocumentError("truncated", f"workbook is damaged or not a workbook: {error}") from error
    parts, spans, pos = [], [], 0
    for sheet in sheets:
        lines = sheet_lines(sheet)
        if not lines:
            continue
        if parts:
            parts.append("\f")
            pos += 1
        for line, cells in [(sheet.name, []), *lines]:
            spans.extend(Span(pos + a, pos + b, ref) for a, b, ref in cells)
            parts.append(line + "\n")
            pos += len(line) + 1
    if not parts:
        raise DocumentError("empty", "workbook has no cells with text")
    text = "".join(parts)
    return Document(text=text, format="xlsx", pages=text.count("\f") + 1, encoding=None, spans=tuple(spans))


# ---------------------------------------------------------------- OFD

def _read_ofd(data: bytes) -> Document:
    """Read an OFD (GB/T 33190) document's text objects with ofdkit, pages joined by "\\f"."""
    import ofdkit
    from ofdkit.errors import OFDError
    try:
        text = ofdkit.extract_text(data, page_separator="\f")
    except (OFDError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise DocumentError("truncated", f"OFD document is damaged or not OFD: {error}") from error
    pages = text.count("\f") + 1
    if len("".join(text.split())) < MIN_CHARS_PER_PAGE * pages:
        raise DocumentError("no_text_layer", f"OFD document has no text objects (page images or outlines only): "
                                             f"{pages} pages")
    return Document(text=text, format="ofd", pages=pages, encoding=None)


_READERS: dict[str, Callable[[bytes], Document]] = {
    "txt": _read_txt, "pdf": _read_pdf, "docx": _read_docx, "html": _read_html, "doc": _read_doc,
    "xlsx": _read_workbook, "ofd": _read_ofd,
}
