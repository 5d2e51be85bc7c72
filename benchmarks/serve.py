"""Run a Streamlit script as a real server on a free loopback port, and watch what it costs.

Shared by the browser tests (``tests/browser``), the load test and the benchmarks,
so there is one way to start the dashboard::

    with Server() as server:                 # streamlit run dashboard/app.py
        page.goto(server.url("descent"))
        print(server.rss_mb(), server.cpu_seconds())

The server listens on 127.0.0.1 only. The dashboard is started from the
repository root, exactly as the README says (``streamlit run dashboard/app.py``),
so it reads the app's ``.streamlit/config.toml``. :func:`floor_server` serves
``benchmarks/floor_app.py`` from an empty temporary directory instead, so the
floor page runs with Streamlit's default settings, never the app's.

Every server gets the same command-line flags, none of which change how a rerun
runs: the port and address, headless, no file watcher (nobody edits files during
a measurement, and a polling watcher would add CPU time to both sides) and no
usage statistics. :class:`MemoryCgroup` caps a server's memory the way a
container does.
"""

from __future__ import annotations

import contextlib
import os
import shutil
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
FLOOR_APP = Path(__file__).with_name("floor_app.py")
HOST = "127.0.0.1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


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


def rss_parts_mb(pid: int) -> dict[str, float]:
    """Resident memory of ``pid`` by kind, in MB: ``RssAnon`` (the process's own data) and
    ``RssFile`` (mapped files: libraries, shared with every process that maps them)."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("RssAnon", "RssFile", "RssShmem"):
                    out[key] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return out


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) process ``pid`` has used so far, threads that have ended
    included, from /proc/<pid>/stat (in clock ticks, 10 ms here); None where unreadable."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime (fields 14, 15)


class ServerError(RuntimeError):
    """The server did not come up; the message ends with its log."""


class Server:
    """``streamlit run <script>`` from ``cwd`` (the repository root by default), on a free
    port of 127.0.0.1. ``flags`` are more ``--section.option value`` arguments; with a
    ``cgroup`` (:class:`MemoryCgroup`) the server runs inside it from its first instruction."""

    def __init__(self, script: Path | str = APP, *, cwd: Path | str = ROOT,
                 flags: dict[str, str] | None = None, cgroup: MemoryCgroup | None = None,
                 env: dict[str, str] | None = None, port: int | None = None,
                 timeout: float = 90) -> None:
        self.script, self.cwd = Path(script), Path(cwd)
        self.flags = dict(flags or {})
        self.cgroup, self.env = cgroup, dict(env or {})
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
            script = script.relative_to(self.cwd.resolve())
        command = [
            sys.executable, "-m", "streamlit", "run", str(script),
            "--server.port", str(self.port), "--server.headless", "true",
            "--server.address", HOST,
            "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
        ]
        for option, value in self.flags.items():
            command += [f"--{option}", value]
        if self.cgroup is not None:  # join the cgroup, then become the server
            command = ["sh", "-c", 'echo $$ > "$0" && exec "$@"', str(self.cgroup.procs),
                       *command]
        return command

    def url(self, path: str = "") -> str:
        return f"http://{HOST}:{self.port}/{path.lstrip('/')}"

    def start(self) -> Server:
        self.started_at = time.perf_counter()
        self.proc = subprocess.Popen(
            self.command, cwd=self.cwd, stdin=subprocess.DEVNULL, stdout=self._log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **self.env},
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
        return rss_mb(self.proc.pid) if self.alive() else None

    def cpu_seconds(self) -> float | None:
        return cpu_seconds(self.proc.pid) if self.alive() else None

    def settle(self, quiet: float = 0.15, timeout: float = 10) -> float | None:
        """Wait until the server uses no CPU for ``quiet`` seconds (a finished rerun still
        collects garbage after it says so); returns its CPU time then."""
        last, still_since = self.cpu_seconds(), time.monotonic()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            time.sleep(0.03)
            now = self.cpu_seconds()
            if now != last:
                last, still_since = now, time.monotonic()
            elif time.monotonic() - still_since >= quiet:
                break
        return last

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


@contextlib.contextmanager
def floor_server(**kwargs):
    """The floor page (``benchmarks/floor_app.py``) served from an empty temporary directory:
    no ``.streamlit/config.toml`` is in reach, so it runs with Streamlit's defaults."""
    with tempfile.TemporaryDirectory(prefix="floor-") as folder:
        script = Path(folder) / FLOOR_APP.name
        shutil.copy(FLOOR_APP, script)
        with Server(script, cwd=folder, **kwargs) as server:
            yield server


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


# ----------------------------------------------------------------------------------------
# A memory cap, as a container has


class MemoryCgroup:
    """A memory cgroup with a cap that counts page cache, as a container's does.

    Made as a child of the cgroup this process runs in (so whatever accounts for this
    process still sees everything), with cgroup v2 (``memory.max``) where the memory
    controller is delegated there, else cgroup v1 (``memory.limit_in_bytes``, swap
    capped too where the kernel accounts it). :meth:`create` returns the reason
    instead when neither is possible (no root, no memory controller). Removed on
    :meth:`close`, once its processes have ended.

    Page cache is charged to the cgroup that first read a page: files another
    process on the machine has already read (a second server with TensorFlow
    loaded) are not charged here. :func:`drop_file_cache` evicts what it can first;
    compare the peak with the server's own RSS peak.
    """

    def __init__(self, path: Path, version: int, limit_mb: float) -> None:
        self.path, self.version, self.limit_mb = path, version, limit_mb

    @property
    def procs(self) -> Path:
        return self.path / "cgroup.procs"

    @classmethod
    def create(cls, limit_mb: float, name: str = "primer-bench") -> MemoryCgroup | str:
        limit = str(int(limit_mb * 1024 * 1024))
        try:
            with open("/proc/self/cgroup") as f:
                lines = [line.strip().split(":", 2) for line in f if line.strip()]
        except OSError as e:
            return f"no /proc/self/cgroup ({e})"
        mine = {controllers: path for _, controllers, path in lines}
        reasons = []
        v2 = Path("/sys/fs/cgroup") / mine.get("", "/").lstrip("/")
        try:
            if "memory" in (v2 / "cgroup.subtree_control").read_text().split():
                path = v2 / f"{name}-{os.getpid()}"
                path.mkdir()
                (path / "memory.max").write_text(limit)
                with contextlib.suppress(OSError):
                    (path / "memory.swap.max").write_text("0")
                return cls(path, 2, limit_mb)
            reasons.append(f"cgroup v2: the memory controller is not delegated to {v2}")
        except OSError as e:
            reasons.append(f"cgroup v2 at {v2}: {e}")
        v1_path = next((p for c, p in mine.items() if "memory" in c.split(",")), None)
        if v1_path is not None:
            v1 = Path("/sys/fs/cgroup/memory") / v1_path.lstrip("/")
            try:
                path = v1 / f"{name}-{os.getpid()}"
                path.mkdir()
                (path / "memory.limit_in_bytes").write_text(limit)
                with contextlib.suppress(OSError):
                    (path / "memory.memsw.limit_in_bytes").write_text(limit)
                return cls(path, 1, limit_mb)
            except OSError as e:
                reasons.append(f"cgroup v1 at {v1}: {e}")
        else:
            reasons.append("no cgroup v1 memory controller")
        return "; ".join(reasons)

    def _read(self, name: str) -> str:
        return (self.path / name).read_text()

    def usage_mb(self) -> float:
        name = "memory.current" if self.version == 2 else "memory.usage_in_bytes"
        return int(self._read(name)) / 1024 / 1024

    def peak_mb(self) -> float | None:
        name = "memory.peak" if self.version == 2 else "memory.max_usage_in_bytes"
        try:
            return int(self._read(name)) / 1024 / 1024
        except (OSError, ValueError):
            return None  # memory.peak needs Linux 5.19

    def stat(self) -> dict[str, int]:
        """memory.stat as numbers (page cache is ``cache`` in v1, ``file`` in v2)."""
        out = {}
        for line in self._read("memory.stat").splitlines():
            key, _, value = line.partition(" ")
            with contextlib.suppress(ValueError):
                out[key] = int(value)
        return out

    def oom_kills(self) -> int:
        """Processes the kernel killed here for want of memory."""
        name = "memory.events" if self.version == 2 else "memory.oom_control"
        with contextlib.suppress(OSError):
            for line in self._read(name).splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
        return 0

    def close(self) -> None:
        for _ in range(50):
            try:
                self.path.rmdir()
                return
            except OSError:  # its last process is still exiting
                time.sleep(0.1)


def drop_file_cache(paths: list[Path]) -> int:
    """Ask the kernel to drop the cached pages of every file under ``paths``
    (``posix_fadvise(DONTNEED)``), so a cgroup started next is charged for reading them
    again, as a fresh container would be. Pages a running process has mapped stay.
    Returns the number of files advised."""
    if not hasattr(os, "posix_fadvise"):
        return 0
    count = 0
    for top in paths:
        for folder, _, files in os.walk(top):
            for name in files:
                with contextlib.suppress(OSError):
                    fd = os.open(os.path.join(folder, name), os.O_RDONLY)
                    try:
                        with contextlib.suppress(OSError):
                            os.fdatasync(fd)  # a page just written is dropped only once clean
                        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                        count += 1
                    finally:
                        os.close(fd)
    return count


@contextlib.contextmanager
def private_copies(packages: list[str]):
    """A temporary folder holding copies of installed ``packages`` (their page cache
    dropped), to put first on a server's PYTHONPATH.

    A cgroup is charged for a file page only if it is the first to read it. On a shared
    machine other servers already hold TensorFlow's 300 MB of libraries in memory, so a
    capped server that maps the same files pays nothing for them; a container, with its
    own copy of the files, would. Private copies make the cgroup pay, as it would there.
    Yields the folder, or None when a package cannot be found."""
    import importlib.util

    with tempfile.TemporaryDirectory(prefix="private-libs-") as folder:
        for name in packages:
            spec = importlib.util.find_spec(name)
            if spec is None or not spec.submodule_search_locations:
                yield None
                return
            source = Path(next(iter(spec.submodule_search_locations)))
            shutil.copytree(source, Path(folder) / name, symlinks=True)
        drop_file_cache([Path(folder)])
        yield Path(folder)

