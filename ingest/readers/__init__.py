"""Readers for formats that need more than a parser: OCR, LibreOffice conversion, workbooks."""
