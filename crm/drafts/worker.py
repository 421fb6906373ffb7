"""Extraction in a child process with fixed memory and time limits.

A parser fed a hostile file can use a lot of memory or time however careful the
checks before it are, so `extract_isolated` runs crm.drafts.extract in a fresh
Python process limited by `resource` (address space and CPU seconds) and a wall-clock
timeout. The parent only ever sees a small JSON answer. `python -m crm.drafts.worker
NAME` reads the file from standard input.
"""

from __future__ import annotations

import json
import subprocess  # nosec B404
import sys
from dataclasses import dataclass

from crm.drafts.extract import Extracted, ExtractionError, extract


@dataclass(frozen=True)
class Limits:
    """How much memory (MB) and time (seconds) one extraction may take."""

    memory_mb: int = 768
    seconds: int = 30

    @classmethod
    def from_config(cls, config) -> Limits:
        return cls(
            memory_mb=int(config.get("DRAFT_EXTRACT_MEMORY_MB", cls.memory_mb)),
            seconds=int(config.get("DRAFT_EXTRACT_SECONDS", cls.seconds)),
        )


TOO_SLOW = (
    "“{name}” took too long to read (over {seconds} seconds), so it was not saved. "
    "Save it again as a simpler file, or paste the text."
)
TOO_BIG = (
    "“{name}” needed too much memory to read, so it was not saved. Save it again as a "
    "simpler file, or paste the text."
)


def _limit(limits: Limits):
    def apply() -> None:  # pragma: no cover - runs in the child before exec
        import resource

        memory = limits.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.seconds, limits.seconds + 1))

    return apply


def extract_isolated(data: bytes, filename: str, limits: Limits) -> Extracted:
    """`extract` in a child process; raises ExtractionError for a bad, huge or slow file."""
    command = [sys.executable, "-m", "crm.drafts.worker", filename]
    try:
        finished = subprocess.run(  # noqa: S603  # nosec B603
            command,
            input=data,
            capture_output=True,
            timeout=limits.seconds + 5,
            preexec_fn=_limit(limits),  # noqa: PLW1509 - sync workers, no threads
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ExtractionError(TOO_SLOW.format(name=filename, seconds=limits.seconds)) from None
    try:
        answer = json.loads(finished.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        # Killed by a limit (MemoryError, SIGXCPU) or crashed: say which when we can tell.
        if finished.returncode in (-24, 152) or b"CPU" in finished.stderr[-500:]:
            raise ExtractionError(TOO_SLOW.format(name=filename, seconds=limits.seconds)) from None
        raise ExtractionError(TOO_BIG.format(name=filename)) from None
    if "error" in answer:
        raise ExtractionError(answer["error"])
    return Extracted(answer["text"], answer["paragraphs"])


def main() -> int:
    """Read the file from stdin, print {"text", "paragraphs"} or {"error"} as JSON."""
    filename = sys.argv[1] if len(sys.argv) > 1 else "upload"
    data = sys.stdin.buffer.read()
    try:
        result = extract(data, filename)
        answer: dict = {"text": result.text, "paragraphs": result.paragraphs}
    except ExtractionError as error:
        answer = {"error": error.message}
    except MemoryError:
        answer = {"error": TOO_BIG.format(name=filename)}
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
