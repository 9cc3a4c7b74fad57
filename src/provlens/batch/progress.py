"""The progress display: one redrawn line on a terminal, a plain line every few seconds otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO

TERMINAL_SECONDS = 0.2
LOG_SECONDS = 10.0


class Progress:
    """Counts of one run and how they are shown on standard error."""

    def __init__(self, stream: TextIO | None = None, *, log_seconds: float = LOG_SECONDS) -> None:
        """Show on `stream` (standard error by default)."""
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty()
        self.every = TERMINAL_SECONDS if self.terminal else log_seconds
        self.total: int | None = None
        self.annotated = 0
        self.failed = 0
        self.skipped = 0
        self.started = time.monotonic()
        self.first_result: float | None = None
        self._first_count = 0
        self._shown = self.started
        self._width = 0

    @property
    def done(self) -> int:
        """Items finished, whichever way: annotated, failed, or skipped as done before."""
        return self.annotated + self.failed + self.skipped

    @property
    def rate(self) -> float:
        """Articles annotated or failed per second since the first result (start-up and skipped ones left out)."""
        processed = self.annotated + self.failed
        now = time.monotonic()
        if self.first_result is None or processed <= self._first_count or now <= self.first_result:
            return processed / (now - self.started) if now > self.started else 0.0
        return (processed - self._first_count) / (now - self.first_result)

    def count(self, annotated: int, failed: int) -> None:
        """More articles annotated or failed."""
        if self.first_result is None:
            self.first_result = time.monotonic()
            self._first_count = annotated + failed
        self.annotated += annotated
        self.failed += failed

    def set_total(self, total: int | None) -> None:
        """Called from the counting thread once the inputs are counted."""
        self.total = total

    def tick(self) -> None:
        """Show the counts if the last display is old enough."""
        now = time.monotonic()
        if now - self._shown >= self.every:
            self._shown = now
            self.show(self.status())

    def status(self) -> str:
        """`1,234/5,000 articles, 3 failed, 312.4/s, 0:00:12 left`."""
        total = f"/{self.total:,}" if self.total is not None else ""
        parts = [f"{self.done:,}{total} articles"]
        if self.failed:
            parts.append(f"{self.failed:,} failed")
        parts.append(f"{self.rate:,.1f}/s")
        left = self.seconds_left()
        if left is not None:
            parts.append(f"{format_seconds(left)} left")
        return ", ".join(parts)

    def seconds_left(self) -> float | None:
        """Estimated time to finish, when the total and a rate are known."""
        rate = self.rate
        if self.total is None or rate <= 0:
            return None
        return max(0, self.total - self.done) / rate

    def show(self, line: str) -> None:
        """Redraw the line on a terminal; print it on its own line otherwise."""
        if self.terminal:
            pad = " " * max(0, self._width - len(line))
            self.stream.write(f"\r{line}{pad}")
            self._width = len(line)
        else:
            self.stream.write(f"provlens batch: {line}\n")
        self.stream.flush()

    def finish(self) -> str:
        """End the display and print the summary of the run."""
        if self.terminal and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
        line = (f"annotated {self.annotated:,}, failed {self.failed:,}, "
                f"skipped {self.skipped:,} already done, {self.rate:,.1f} articles/s")
        self.stream.write(f"provlens batch: {line}\n")
        self.stream.flush()
        return line

    def note(self, message: str) -> None:
        """A one-off message that must not be drawn over."""
        if self.terminal and self._width:
            self.stream.write("\n")
            self._width = 0
        self.stream.write(f"provlens batch: {message}\n")
        self.stream.flush()


def format_seconds(seconds: float) -> str:
    """`0:03:07`."""
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
