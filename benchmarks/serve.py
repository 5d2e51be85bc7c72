"""Run a Streamlit script as a real server on a free loopback port, and watch its memory.

Shared by the browser tests (``tests/browser``), the load test and the benchmarks,
so there is one way to start the dashboard::

    with Server() as server:                 # streamlit run dashboard/app.py
        page.goto(server.url("descent"))
        print(server.rss_mb())

The server listens on 127.0.0.1 only. It is started from the repository root,
exactly as the README says (``streamlit run dashboard/app.py``), with the
interpreter running this code, and it is killed when the ``with`` block ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float | None:
    """Resident memory (VmRSS) of process ``pid`` in MB, from /proc; None where unreadable."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


class ServerError(RuntimeError):
    """The server did not come up; the message ends with its log."""


class Server:
    """``streamlit run <script>`` from the repository root, on a free port of 127.0.0.1."""

    def __init__(self, script: Path | str = APP, *, port: int | None = None,
                 timeout: float = 90) -> None:
        self.script = Path(script)
        self.port = port or free_port()
        self.timeout = timeout
        self.proc: subprocess.Popen | None = None
        self.started_at: float | None = None  # time.perf_counter() just before the process
        self.healthy_at: float | None = None  # ... and when /_stcore/health first answered
        self._log = tempfile.TemporaryFile(mode="w+b")  # noqa: SIM115 (closed in __exit__)

    @property
    def command(self) -> list[str]:
        script = self.script.resolve()
        with contextlib.suppress(ValueError):
            script = script.relative_to(ROOT)
        return [
            sys.executable, "-m", "streamlit", "run", str(script),
            "--server.port", str(self.port), "--server.headless", "true",
            "--server.address", HOST,
            "--server.fileWatcherType", "none",  # nobody edits files during a run
            "--browser.gatherUsageStats", "false",
        ]

    def url(self, path: str = "") -> str:
        return f"http://{HOST}:{self.port}/{path.lstrip('/')}"

    def start(self) -> Server:
        self.started_at = time.perf_counter()
        self.proc = subprocess.Popen(
            self.command, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=self._log,
            stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerError(f"streamlit exited with {self.proc.returncode}\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url("_stcore/health"), timeout=2) as r:
                    if r.status == 200:
                        self.healthy_at = time.perf_counter()
                        return self
            except OSError:
                pass
            time.sleep(0.05)
        self.stop()
        raise ServerError(f"no answer from {self.url('_stcore/health')} within "
                          f"{self.timeout:.0f} s\n{self.log()}")

    def rss_mb(self) -> float | None:
        return rss_mb(self.proc.pid) if self.proc and self.proc.poll() is None else None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log(self, last: int = 4000) -> str:
        """The end of what the server printed (stdout and stderr)."""
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-last:]

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        self._log.close()


class MemorySampler:
    """Samples a process's RSS in a background thread; ``peak`` is the largest seen.

    Use as a context manager around the work to watch; it stops by itself at exit.
    """

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid, self.interval = pid, interval
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            value = rss_mb(self.pid)
            if value is not None:
                self.samples.append(value)
            self._stop.wait(self.interval)

    @property
    def peak(self) -> float | None:
        return max(self.samples, default=None)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        value = rss_mb(self.pid)
        if value is not None:
            self.samples.append(value)
