"""Plan pages: browsing, tree editing (HTMX), workflow and reports."""
