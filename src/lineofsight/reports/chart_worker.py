"""Charts drawn in processes of their own while this one queries and lays out.

vl-convert holds the GIL while it draws (half of a cold .docx's CPU): in the building process it
stops the Python half of the queries and WeasyPrint. In child processes it runs on the other core
(two of them, `ChartWorkers`, each sent every other chart: see WORKERS).
The child reads one request a line on stdin, {"spec": <spec JSON>, "png": <scale or null>} (or
{"svg": <an SVG already drawn>, "png": <scale>} for its PNG alone), and writes one answer a line on
stdout, in order: {"svg": ..., "png": <base64 or null>} or {"error": ...}.
It holds no state but vl-convert's and imports only render.py, so it starts in milliseconds (vl-convert's
own start, about 0.5 s, overlaps the first queries). Nothing leaves the machine: two pipes.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import queue
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future

from lineofsight.reports import render


def main() -> None:
    """The child: draw each request in turn until stdin closes."""
    for line in sys.stdin:
        try:
            request = json.loads(line)
            svg = request["svg"] if "svg" in request else render.svg(request["spec"])
            png = render.png(svg, request["png"]) if request.get("png") else None
            answer = {"svg": svg, "png": base64.b64encode(png).decode("ascii") if png else None}
        except Exception as exc:  # noqa: BLE001 - the parent decides; the child carries on
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


class ChartWorker:
    """The parent's side: `submit` returns a Future of (svg, png bytes or None), answered in order by
    one reader thread; a writer thread feeds the pipe, so submitting never waits for the child. If the
    child fails or dies, its futures fail and the caller draws those charts itself."""

    COMMAND = (sys.executable, "-m", "lineofsight.reports.chart_worker")

    def __init__(self) -> None:
        self._process = subprocess.Popen(self.COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                         encoding="utf-8", bufsize=1)
        self._pending: deque[tuple[Future, Callable[[str, bytes | None], None] | None]] = deque()
        self._lock = threading.Lock()
        self._ended = False
        self._outbox: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._write, name="chart-worker-in", daemon=True).start()
        threading.Thread(target=self._read, name="chart-worker-out", daemon=True).start()

    def submit(self, spec_json: str | None, png_scale: float | None = None,
               then: Callable[[str, bytes | None], None] | None = None, svg: str | None = None) -> Future:
        """Ask for one chart (or, given its `svg`, for its PNG); `then(svg, png)` runs on the reader
        thread when it is drawn."""
        future: Future = Future()
        request = {"svg": svg} if svg is not None else {"spec": spec_json}
        with self._lock:
            if self._ended:
                future.set_exception(RuntimeError("the chart worker ended early"))
                return future
            self._pending.append((future, then))
            self._outbox.put(json.dumps({**request, "png": png_scale}) + "\n")
        return future

    def close(self) -> None:
        """No more requests: the child ends once it has answered those made (closing again does nothing)."""
        self._outbox.put(None)

    def _write(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        try:
            while (line := self._outbox.get()) is not None:
                stdin.write(line)
                stdin.flush()
        except OSError:
            pass  # the child has gone: the reader fails what is pending
        finally:
            with contextlib.suppress(OSError):
                stdin.close()

    def _read(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        try:
            for line in stdout:
                with self._lock:
                    future, then = self._pending.popleft()
                self._answer(future, then, line)
        except Exception:  # noqa: BLE001 - a line that is no answer: nothing after it can be trusted
            self._process.kill()
        finally:
            self._process.wait()
            with self._lock:
                self._ended = True
                while self._pending:
                    self._pending.popleft()[0].set_exception(RuntimeError("the chart worker ended early"))

    @staticmethod
    def _answer(future: Future, then: Callable[[str, bytes | None], None] | None, line: str) -> None:
        try:
            answer = json.loads(line)
            if "error" in answer:
                raise RuntimeError(answer["error"])
            svg, png = answer["svg"], base64.b64decode(answer["png"]) if answer["png"] else None
            if then is not None:
                then(svg, png)
        except Exception as exc:  # noqa: BLE001 - the waiting thread sees it
            future.set_exception(exc)
            if not isinstance(exc, RuntimeError | OSError):
                raise  # not an answer: the reader stops
            return
        future.set_result((svg, png))


class ChartWorkers:
    """Several chart workers, each chart sent to the next in turn (the same `submit` and `close`): one
    worker drew a cold pack's charts more slowly than the queries ran, so the pack waited for it."""

    def __init__(self, count: int) -> None:
        self.workers = [ChartWorker() for _ in range(count)]
        self._turn = itertools.cycle(self.workers)
        self._lock = threading.Lock()

    def submit(self, spec_json: str | None, png_scale: float | None = None,
               then: Callable[[str, bytes | None], None] | None = None, svg: str | None = None) -> Future:
        with self._lock:
            worker = next(self._turn)
        return worker.submit(spec_json, png_scale, then=then, svg=svg)

    def close(self) -> None:
        for worker in self.workers:
            worker.close()


Drawer = ChartWorker | ChartWorkers  # what the pack sends its charts to

# Two workers draw a cold medium pack's charts as fast as its measures are read (one kept the pack
# waiting for its last charts); each costs half a second of vl-convert start-up. One on one core.
WORKERS = min(2, os.cpu_count() or 1)


def start(formats: Iterable[str]) -> Drawer | None:
    """The chart workers for a pack in the named formats, if they show charts; None where none can
    start (the charts are then drawn in this process, when first shown). Importing this module costs
    nothing, so a caller can start them before its own imports (Altair, Django)."""
    if not set(formats) & {"pdf", "docx"}:
        return None
    try:
        return ChartWorkers(WORKERS)
    except OSError:
        return None


if __name__ == "__main__":
    main()
