"""Run the benchmarks on a scratch database and print a Markdown table.

python -m bench                          # or: make bench (SQLite, everything)
python -m bench --repeat 9
python -m bench --only stats --postgres  # observations on a private PostgreSQL server
python -m bench --only stats --parts load,refresh --heavy 2
python -m bench --only duplicates        # no database needed
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PARTS = ("load", "memory", "refresh", "api")


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


def database() -> str:
    """The engine and version the run used."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]
            cursor.execute("SHOW shared_buffers")
            buffers = cursor.fetchone()[0]
            cursor.execute("SHOW fsync")
            fsync = cursor.fetchone()[0]
        return f"PostgreSQL {version} (shared_buffers {buffers}, fsync {fsync})"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


@contextmanager
def private_postgres() -> Iterator[str]:
    """A throwaway PostgreSQL server with the machine's binaries and PostgreSQL's own
    durability settings; yields its URL."""
    import psycopg

    from oneplan.testing.postgres import running_server

    with running_server(durable=True) as server:
        admin = f"host={server.host} port={server.port} user={server.user} dbname=postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("CREATE DATABASE oneplan_bench")
        yield f"postgres://{server.user}@{server.host}:{server.port}/oneplan_bench"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--repeat", type=int, default=5, help="runs of a quick measure (median)")
    parser.add_argument(
        "--heavy", type=int, default=2, help="runs of a load or refresh (the best is kept)"
    )
    parser.add_argument(
        "--only",
        choices=("plans", "stats", "datalist", "duplicates"),
        help="one group of measures",
    )
    parser.add_argument(
        "--parts",
        default=",".join(PARTS),
        help=f"observation measures to run, comma-separated from {','.join(PARTS)}",
    )
    engine = parser.add_mutually_exclusive_group()
    engine.add_argument(
        "--postgres", action="store_true", help="start a private PostgreSQL server for the run"
    )
    engine.add_argument(
        "--db-url",
        help="a SCRATCH database to use instead (its observations and aggregates are deleted)",
    )
    parser.add_argument(
        "--data", type=Path, help="folder for the generated CSV files (kept and reused)"
    )
    args = parser.parse_args()
    parts = [p for p in args.parts.split(",") if p]
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        parser.error(f"--parts: unknown {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    scratch = tempfile.mkdtemp(prefix="oneplan-bench-")
    os.environ["ONEPLAN_DATA_DIR"] = scratch
    os.makedirs(f"{scratch}/static", exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oneplan.settings")
    data = args.data or Path(scratch)
    data.mkdir(parents=True, exist_ok=True)
    try:
        if args.postgres:
            with private_postgres() as url:
                return run(url, args, parts, data)
        return run(args.db_url or f"sqlite:///{scratch}/bench.sqlite3", args, parts, data)
    finally:
        # The scratch database and files take gigabytes at the national scale.
        shutil.rmtree(scratch, ignore_errors=True)


def run(url: str, args: argparse.Namespace, parts: list[str], data: Path) -> int:
    os.environ["ONEPLAN_DB_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command

    if args.only != "duplicates":  # the duplicate engine works on plain lists
        call_command("migrate", verbosity=0)
    from bench import datalist, duplicates, kpi, plans, stats

    results = []
    if args.only in (None, "plans"):
        results += plans.run(args.repeat)
    if args.only in (None, "stats"):
        results += stats.run(args.repeat, args.heavy, data, parts)
        results += kpi.run(args.repeat)
    if args.only in (None, "datalist"):
        if args.only == "datalist":
            stats.setup()  # the reference geography
        results += datalist.run(args.repeat)
    if args.only in (None, "duplicates"):
        results += duplicates.run(args.heavy)
    print(
        f"Machine: {machine()}; {database()}; quick measures: median of {args.repeat} runs; "
        f"loads and refreshes: best of {args.heavy}\n"
    )
    print("| measure | time | target | baseline (same run) | baseline time | ratio | notes |")
    print("|---|---:|---:|---|---:|---:|---|")
    failed = False
    for r in results:
        mark = (" ✓" if r.ok else " ✗") if r.target < 1e8 else ""
        target = f"< {r.target * 1000:,.0f} ms" if r.target < 1e8 else "-"
        baseline = f"{r.baseline_seconds * 1000:,.0f} ms" if r.baseline_seconds else "-"
        ratio = f"{r.ratio:.2g}×" if r.ratio < 0.1 else f"{r.ratio:.1f}×"
        ratio = ratio if r.baseline_seconds else "-"
        print(
            f"| {r.name} | {r.seconds * 1000:,.0f} ms{mark} | {target} | "
            f"{r.baseline} | {baseline} | {ratio} | {r.extra} |"
        )
        failed |= not r.ok or "✗" in r.extra
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
