"""Timing requests at a given concurrency, and the statistics the results table shows."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from bench.client import Client


@dataclass
class Request:
    """One request to repeat: method, path, form data and the status that means success."""

    method: str
    path: str
    data: list | None = None
    expect: int = 200
    # Untimed, before each send: (path, data) for thread i's n-th request, e.g. an edit
    # form fetched afresh so that each save carries the record's current version.
    prepare: Callable[[Client, int, int], tuple[str, list]] | None = None


@dataclass
class Sample:
    """Latencies (seconds) and failures collected for one request at one concurrency."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def extend(self, other: Sample) -> None:
        self.latencies += other.latencies
        self.errors += other.errors


def hammer(make_client: Callable[[], Client], request: Request, count: int, threads: int) -> Sample:
    """Send `count` requests from `threads` threads at once; each thread sends its share in turn."""
    share = max(1, count // threads)

    def work(index: int) -> Sample:
        client, sample = make_client(), Sample()
        for number in range(share):
            path, data = request.path, request.data
            try:
                if request.prepare is not None:
                    path, data = request.prepare(client, index, number)
                response = client.request(request.method, path, data)
            except OSError as error:
                sample.errors.append(f"{type(error).__name__}: {error}")
                continue
            if response.status != request.expect:
                sample.errors.append(f"HTTP {response.status} for {path}")
            sample.latencies.append(response.elapsed)
        return sample

    total = Sample()
    with ThreadPoolExecutor(threads) as pool:
        for sample in pool.map(work, range(threads)):
            total.extend(sample)
    return total


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000 if values else float("nan")


def percentile_ms(values: list[float], fraction: float) -> float:
    """A percentile (nearest rank), in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))] * 1000


def p95_ms(values: list[float]) -> float:
    return percentile_ms(values, 0.95)


def p99_ms(values: list[float]) -> float:
    return percentile_ms(values, 0.99)


@dataclass
class Series:
    """Everything measured for one page at one concurrency, over all rounds."""

    app: Sample = field(default_factory=Sample)
    floor: Sample = field(default_factory=Sample)
    ratios: list[float] = field(default_factory=list)  # app median / floor median, per round

    def add_round(self, app: Sample, floor: Sample) -> None:
        self.app.extend(app)
        self.floor.extend(floor)
        if app.latencies and floor.latencies:
            self.ratios.append(
                statistics.median(app.latencies) / statistics.median(floor.latencies)
            )

    @property
    def ratio(self) -> float:
        """The median of the per-round ratios (robust to a noisy round on a shared machine)."""
        return statistics.median(self.ratios) if self.ratios else float("nan")
