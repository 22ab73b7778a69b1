"""Reading back the PDF reports in tests: their text and the fonts that draw it (pypdfium2)."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


def pdf_text(document: pdfium.PdfDocument) -> str:
    return "".join(page.get_textpage().get_text_range() for page in document)


def font_names(document: pdfium.PdfDocument) -> set[str]:
    """The font of every character, as pdfium reads it (subset prefix dropped)."""
    names = set()
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    for page in document:
        text = page.get_textpage()
        for i in range(text.count_chars()):
            size = pdfium_c.FPDFText_GetFontInfo(text.raw, i, buffer, 256, ctypes.byref(flags))
            if size:
                names.add(buffer.value.decode().split("+")[-1])
    return names
