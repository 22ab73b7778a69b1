"""PDF reports: a Django template rendered by WeasyPrint with a Thai font embedded.

WeasyPrint lays text out through Pango, so Thai is shaped by HarfBuzz (vowels and tone marks
stacked in place) and broken into lines at word boundaries by libthai. The font is Sarabun
from ``@fontsource/sarabun`` (the site's web font, found through the static files), one
family per file: WeasyPrint garbles glyphs when one family is split by ``unicode-range``.
When those files are missing the system's TLWG fonts take over (Laksaman is the TLWG
Sarabun; Debian's ``fonts-thai-tlwg``). Either way the glyphs used are embedded in the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string

# (family, weight, static file): Thai and Latin in separate families, Thai first.
FONT_FILES = (
    ("Sarabun Thai", 400, "vendor/sarabun/sarabun-thai-400-normal.woff2"),
    ("Sarabun Thai", 700, "vendor/sarabun/sarabun-thai-700-normal.woff2"),
    ("Sarabun Latin", 400, "vendor/sarabun/sarabun-latin-400-normal.woff2"),
    ("Sarabun Latin", 700, "vendor/sarabun/sarabun-latin-700-normal.woff2"),
)
SYSTEM_FONTS = ("Laksaman", "Garuda", "Loma", "Norasi", "Noto Sans Thai")


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    url: str


def _static_path(name: str) -> Path | None:
    """A static file on disk: from the finders (node_modules), else from collected files."""
    found = finders.find(name)
    if isinstance(found, str):
        return Path(found)
    try:
        collected = Path(staticfiles_storage.path(name))
    except NotImplementedError:  # storage without local files
        return None
    return collected if collected.is_file() else None


def font_faces() -> list[FontFace]:
    faces = []
    for family, weight, name in FONT_FILES:
        path = _static_path(name)
        if path is not None:
            faces.append(FontFace(family, weight, path.resolve().as_uri()))
    return faces


def font_stack(faces: list[FontFace]) -> str:
    """The CSS font-family list: the embedded files' families, then the system's Thai fonts."""
    families = dict.fromkeys([*(face.family for face in faces), *SYSTEM_FONTS])
    return ", ".join([*(f'"{f}"' for f in families), "sans-serif"])


def render_html(template: str, context: dict[str, Any], faces: list[FontFace]) -> str:
    """The report's HTML with the font faces and the font stack in its context."""
    return render_to_string(
        template, {**context, "font_faces": faces, "font_stack": font_stack(faces)}
    )


def _only(allowed: set[str]) -> Any:
    """A URL fetcher that serves the font files and nothing else: names in a report are
    escaped text, but a report should never reach for the file system or the network."""
    from weasyprint.urls import URLFetcher

    class FontsOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in allowed:
                raise ValueError(f"not fetched: {url}")
            return super().fetch(url, headers)

    return FontsOnly()


def write_pdf(template: str, context: dict[str, Any], target: str | Path | IO[bytes]) -> None:
    """Render ``template`` with ``context`` and write it as a PDF to a path or a binary file."""
    # Imported here: loading WeasyPrint (cffi bindings to Pango) is for those who print.
    from weasyprint import HTML

    faces = font_faces()
    html = HTML(
        string=render_html(template, context, faces), url_fetcher=_only({f.url for f in faces})
    )
    html.write_pdf(target)
