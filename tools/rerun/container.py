"""A YARN container, emulated on a standalone worker: every executor JVM this run's local-cluster starts is moved,
with what it later forks (the PySpark daemon and its workers), into a cgroup (v1 memory controller) limited to the
container YARN would grant for the run's settings. A process tree that grows past it is killed by the kernel, as
YARN's cgroup memory enforcement does (yarn.nodemanager.resource.memory.enforced): a physical-memory kill that
really happens. Needs root and /sys/fs/cgroup/memory; the caller passes the limit (the model's container).
"""

import os
import threading
import time

ROOT = "/sys/fs/cgroup/memory"


def _parent(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as f:
        # pid (comm) state ppid …: comm may hold spaces and parentheses, the last ')' ends it
        return int(f.read().rsplit(")", 1)[1].split()[1])


def _descends_from(pid: int, root: int) -> bool:
    while pid > 1:
        if pid == root:
            return True
        pid = _parent(pid)
    return False


def _executors() -> list[int]:
    """This run's executor JVMs: descendants of this process (the driver JVM starts them), never another run's."""
    me = os.getpid()
    pids = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/cmdline", "rb") as f:
                if b"CoarseGrainedExecutorBackend" in f.read() and _descends_from(int(name), me):
                    pids.append(int(name))
        except (OSError, ValueError, IndexError):
            pass
    return pids


def _write(path: str, value: str) -> None:
    with open(path, "w") as f:
        f.write(value)


class Containers:
    """Polls for new executor JVMs every 20 ms and gives each a cgroup of `limit` bytes; stop() removes them."""

    def __init__(self, limit: int) -> None:
        if not os.path.isdir(ROOT) or os.geteuid() != 0:
            raise RuntimeError(f"emulating containers needs root and {ROOT}")
        self.limit = limit
        self.groups: dict[int, str] = {}
        self.error: BaseException | None = None
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        try:
            self._poll()
        except BaseException as e:  # stop() raises it: a run without its containers proves nothing
            self.error = e

    def _poll(self) -> None:
        # the JVM's first ~100 MB stay charged where it started (cgroup v1 does not move charges): a limit
        # applies to what it and its Python workers allocate from then on, which is where the growth is
        while not self.done.is_set():
            for pid in _executors():
                if pid in self.groups:
                    continue
                group = f"{ROOT}/sparkmem-rerun-{os.getpid()}-{pid}"
                os.makedirs(group, exist_ok=True)
                _write(f"{group}/memory.limit_in_bytes", str(self.limit))
                try:
                    _write(f"{group}/cgroup.procs", str(pid))
                except OSError:  # it ended before it was moved
                    pass
                self.groups[pid] = group
            time.sleep(0.02)

    def kills(self) -> int:
        """How many times the kernel killed a process for exceeding a container."""
        n = 0
        for group in self.groups.values():
            try:
                with open(f"{group}/memory.oom_control") as f:
                    n += int(dict(line.split() for line in f).get("oom_kill", "0"))
            except OSError:
                pass
        return n

    def stop(self) -> None:
        self.done.set()
        self.thread.join()
        for group in self.groups.values():
            for _ in range(100):  # a killed tree leaves its cgroup a moment later
                try:
                    os.rmdir(group)
                    break
                except OSError:
                    time.sleep(0.05)
        if self.error:
            raise RuntimeError(f"the container watcher failed: {self.error}")
