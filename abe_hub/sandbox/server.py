"""Run the emulator app on a loopback port, in a background thread or in the foreground."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

import requests
import uvicorn

from abe_hub.sandbox.emulator.app import SYSTEMS, create_app
from abe_hub.sandbox.emulator.context import EmulatorContext, FaultConfig, Limits, Tokens
from abe_hub.sandbox.store import WorldStore

LOOPBACK = "127.0.0.1"


class EmulatorServer:
    """The emulators on 127.0.0.1 in a daemon thread; port 0 picks a free port.

    Used as a context manager by tests, benchmarks and the sandbox-backed assets, so every run
    gets its own server and its own request log.
    """

    def __init__(
        self,
        world: str | Path | WorldStore,
        *,
        port: int = 0,
        tokens: Tokens | None = None,
        faults: FaultConfig | None = None,
        limits: Limits | None = None,
        systems: tuple[str, ...] = SYSTEMS,
    ) -> None:
        self.store = world if isinstance(world, WorldStore) else WorldStore(world)
        self.app = create_app(self.store, tokens=tokens, faults=faults, limits=limits, systems=systems)
        config = uvicorn.Config(
            self.app, host=LOOPBACK, port=port, log_level="critical", lifespan="off", access_log=False
        )
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None
        self.port = port

    @property
    def ctx(self) -> EmulatorContext:
        return self.app.state.ctx

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def start(self) -> EmulatorServer:
        self._thread = threading.Thread(target=self._server.run, name="abe-hub-emulator", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the sandbox emulator did not start on {LOOPBACK}:{self.port}")
            time.sleep(0.01)
        self.port = self._server.servers[0].sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def serve_forever(world: str | Path, port: int, faults: FaultConfig | None = None) -> None:
    """Foreground server for `abe-hub sandbox serve`."""
    app = create_app(WorldStore(world), faults=faults)
    uvicorn.run(app, host=LOOPBACK, port=port, log_level="info", lifespan="off")


@contextmanager
def emulator_process(world: str | Path) -> Iterator[str]:
    """The emulators in a child process (`abe-hub sandbox serve`), for benchmarks: serving then does
    not share the client's interpreter and GIL, as a real API would not. Yields the base URL."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        port = probe.getsockname()[1]
    cli = Path(sys.executable).parent / "abe-hub"
    server = subprocess.Popen(
        [cli, "sandbox", "serve", "--world", str(world), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://{LOOPBACK}:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{url}/__sandbox__/health", timeout=1)
                break
            except requests.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the sandbox emulator process did not start on {url}") from None
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
