"""Load one file in a fresh process and print its seconds and peak RSS (MiB)."""

from __future__ import annotations

import resource
import sys
from pathlib import Path

import django


def main() -> None:
    django.setup()
    from oneplan.stats.loading import load_file

    result = load_file(Path(sys.argv[1]), refresh=False)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{result.seconds:.3f} {peak_kib / 1024:.1f}")


if __name__ == "__main__":
    main()
