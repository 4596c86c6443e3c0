"""The table `make bench` prints: each scenario beside the trivial view."""

from __future__ import annotations

from scenarios import SCENARIOS, TRIVIAL

HEADER = (
    f"{'scenario':<31} {'req/s':>8} {'ratio':>6} {'target':>7} "
    f"{'p50 ms':>7} {'p99 ms':>7} {'queries':>7} {'fails':>5}"
)


def table(results: dict, baseline: dict | None = None) -> str:
    """The results as text; with `baseline` (the same backend at 1,000 pages), a
    column saying how many times slower each scenario's p50 is than there."""
    figures, queries = results["figures"], results["queries"]
    trivial = figures[TRIVIAL.name]["rps"] or 1.0
    header = HEADER + ("  p50 vs 1k" if baseline else "")
    lines = [
        f"{results['pages']:,} pages on {results['backend']}: {results['clients']} "
        f"clients, {results['workers']} gunicorn workers, {results['seconds']} s each",
        header,
        "-" * len(header),
    ]
    for scenario in SCENARIOS:
        figure = figures[scenario.name]
        ratio = figure["rps"] / trivial
        target = "" if scenario.target is None else f"≥{scenario.target:.2f}"
        mark = (
            ""
            if scenario.target is None
            else (" ok" if ratio >= scenario.target else " LOW")
        )
        line = (
            f"{scenario.label:<31} {figure['rps']:>8.1f} {ratio:>6.2f} "
            f"{target + mark:>7} {figure['p50_ms']:>7.0f} {figure['p99_ms']:>7.0f} "
            f"{queries.get(scenario.name, '-'):>7} {figure['failures']:>5}"
        )
        if baseline:
            before = baseline["figures"][scenario.name]["p50_ms"] or 1.0
            line += f"  ×{figure['p50_ms'] / before:.2f}"
        lines.append(line)
    memory = results["worker_rss_mb"]
    lines.append(
        f"worker resident memory after the run: {memory['max']:.0f} MB at most "
        f"({', '.join(f'{size:.0f}' for size in memory['each'])} MB)"
    )
    return "\n".join(lines)
