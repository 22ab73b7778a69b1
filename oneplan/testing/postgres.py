"""A throwaway PostgreSQL server from the machine's binaries, for the test suite.

Started once per test run in a temporary folder on a free port and removed afterwards.
As root, the server runs as the ``postgres`` user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Server:
    host: str
    port: int
    user: str


def find_bindir() -> Path | None:
    """The newest PostgreSQL ``bin`` folder on this machine, or None."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parent.parent.name)
    )
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(durable: bool = False) -> Iterator[Server]:
    """Initialise, start, yield and finally stop and delete a private PostgreSQL server;
    ``durable`` keeps PostgreSQL's own fsync settings (benchmarks) instead of the tests' fast
    ones."""
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL binaries not found; install Debian's postgresql package")
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    user = "postgres" if as_root else os.environ.get("USER", "postgres")
    base = Path(tempfile.mkdtemp(prefix="oneplan-pg-"))
    datadir, logfile = base / "data", base / "server.log"
    if as_root:
        shutil.chown(base, "postgres", "postgres")
    port = _free_port()
    subprocess.run(
        [
            *prefix,
            str(bindir / "initdb"),
            "-D",
            str(datadir),
            "-U",
            user,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {base} -h 127.0.0.1"
    if not durable:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    subprocess.run(
        [
            *prefix,
            str(bindir / "pg_ctl"),
            "start",
            "-w",
            "-D",
            str(datadir),
            "-l",
            str(logfile),
            "-o",
            options,
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield Server("127.0.0.1", port, user)
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "stop", "-m", "immediate", "-D", str(datadir)],
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)
