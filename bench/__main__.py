"""Run every benchmark on a scratch SQLite database and print a Markdown table.

python -m bench            # or: make bench
python -m bench --repeat 9
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
from pathlib import Path


def machine() -> str:
    cpus = os.cpu_count()
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split()[1])
        memory = f", {kb / 2**20:.0f} GiB RAM"
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip() + ", "
                break
    return f"{model}{cpus} cores{memory}; Python {platform.python_version()}; {platform.system()}"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measure (median kept)")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="oneplan-bench-")
    os.environ["ONEPLAN_DB_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ["ONEPLAN_DATA_DIR"] = scratch
    os.makedirs(f"{scratch}/static", exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oneplan.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import sqlite3

    from bench import plans, stats

    results = [*plans.run(args.repeat), *stats.run(args.repeat, Path(scratch))]
    print(f"Machine: {machine()}; SQLite {sqlite3.sqlite_version}; median of {args.repeat} runs\n")
    print("| measure | time | target | baseline (same run) | baseline time | ratio | notes |")
    print("|---|---:|---:|---|---:|---:|---|")
    failed = False
    for r in results:
        mark = "✓" if r.ok else "✗"
        target = f"< {r.target * 1000:.0f} ms" if r.target < 1e8 else "-"
        print(
            f"| {r.name} | {r.seconds * 1000:.0f} ms {mark} | {target} | "
            f"{r.baseline} | {r.baseline_seconds * 1000:.0f} ms | {r.ratio:.1f}× | {r.extra} |"
        )
        failed |= not r.ok or "✗" in r.extra
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
