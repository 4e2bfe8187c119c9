"""Peak resident memory of a process and its descendants together, for benchmarks that start workers.

``ru_maxrss`` cannot give it: a child started by fork and exec (as multiprocessing, loky and
subprocess start theirs) reports the parent's size at the fork as its own peak, and the peaks of a
process and of its children need not coincide. So the sum of the tree's resident sets is sampled.
"""

from __future__ import annotations

import resource
import threading
from types import TracebackType

import psutil


class PeakMemory:
    """A context that samples this process's tree every ``interval`` seconds; ``mib`` is its peak.

    The peak is never below the process's own ``ru_maxrss``, which catches a spike between samples
    in this process; shared pages count once per process, so the figure errs high, not low.
    """

    def __init__(self, interval: float = 0.05, leave_out: str | None = None) -> None:
        """``leave_out``: processes whose command line holds this text are not counted (the sandbox's
        emulator stands in for the SaaS APIs, whose memory is not the hub's)."""
        self._interval = interval
        self._leave_out = leave_out
        self._peak = 0
        self._done = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._sampler.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._done.set()
        self._sampler.join()

    @property
    def mib(self) -> float:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        return max(self._peak, own) / 2**20

    def _sample(self) -> None:
        process = psutil.Process()
        while not self._done.wait(self._interval):
            self._peak = max(self._peak, self._tree_rss(process))

    def _tree_rss(self, process: psutil.Process) -> int:
        total = process.memory_info().rss
        for child in process.children(recursive=True):
            try:
                if self._leave_out and self._leave_out in " ".join(child.cmdline()):
                    continue
                total += child.memory_info().rss
            except psutil.NoSuchProcess:  # ended between listing and reading
                continue
        return total
