"""Value-chain pages: the list, the canvas and its editing (HTMX), the template library,
the printable page and the workbook."""
