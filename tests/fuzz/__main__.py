"""`make fuzz`: throw many inputs at the portal and count them.

1. Builds the real content into a temporary folder and serves it with `kb serve` on loopback.
2. Runs schemathesis against docs/openapi.yaml on that server (every check, positive and
   negative inputs).
3. Runs the hypothesis properties of tests/fuzz/properties.py on two processes.

Prints how many inputs each target ran and the total, which must be at least 100,000 at
the default scale. `--scale` (or FUZZ_SCALE) multiplies every budget: 0.1 for a quick look.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tests.fuzz.api import run_schemathesis
from tests.fuzz.properties import TARGETS, Fuzz, Place
from tests.support.kb import run_kb
from tests.support.servers import NO_VOTE_LIMITS, start_server, stop_server

MINIMUM_TOTAL = 100_000
SCHEMATHESIS_EXAMPLES = 1_500  # per operation, at scale 1
BUDGETS = {  # inputs per target at scale 1; about 4 minutes on two busy cores
    "search engine: query parsing, search, suggest": 30_000,
    "search over HTTP: /api/search, /api/suggest, /search": 15_000,
    "feedback validation: parse_answer": 30_000,
    "feedback over HTTP: /api/feedback, /api/click": 15_000,
    "privacy screening: scrub, visitor keys": 30_000,
}
STATUS = "E-mail is down for everyone; we're on it."


@dataclass
class Row:
    target: str
    inputs: int
    seconds: float | None  # None: counted with the rows around it
    passed: bool
    notes: list[str] = field(default_factory=list)


def _build(place: Place) -> None:
    print("Building the help center into a temporary folder...", flush=True)
    result = run_kb("build", "--site", str(place.site), env={"KB_VAR_DIR": str(place.var)})
    if result.returncode != 0:
        raise SystemExit(f"The build failed:\n{result.stdout}{result.stderr}")


def _schemathesis(place: Place, scale: float) -> list[Row]:
    """Schemathesis on a real server; one row per operation."""
    place.scratch.mkdir(parents=True, exist_ok=True)
    (place.scratch / "status.txt").write_text(STATUS, encoding="utf-8")
    env = {
        "KB_DATABASE_URL": f"sqlite:///{place.scratch}/server.sqlite3",
        "KB_STATUS_FILE": str(place.scratch / "status.txt"),
        # So answers reach the store, not the limits.
        **NO_VOTE_LIMITS,
        "KB_ACCESS_LOG": "off",
    }
    server = start_server(place.site, env, var_dir=place.var)
    examples = max(1, round(SCHEMATHESIS_EXAMPLES * scale))
    print(f"\nSchemathesis on {server.url}, up to {examples:,} examples per operation:", flush=True)
    started = time.monotonic()
    try:
        passed, counts = run_schemathesis(server.url, examples, place.scratch)
    finally:
        stop_server(server)
    seconds = time.monotonic() - started
    rows = [
        Row(f"schemathesis: {label}", count, None, passed)
        for label, count in sorted(counts.items(), key=lambda item: -item[1])
    ]
    if not rows:
        return [Row("schemathesis", 0, seconds, False, ["It sent nothing; see its report."])]
    verdict = "passed" if passed else "FAILED: see its report above"
    rows[0].notes.append(f"all operations together: {seconds:.0f} s, {verdict}")
    return rows


def _run_target(name: str, place: Place, inputs: int) -> Row:
    """One hypothesis target in a worker process; a failure is kept as text."""
    started = time.monotonic()
    fuzz = Fuzz(place)
    try:
        outcome = TARGETS[name](fuzz, inputs)
    except Exception as error:
        text = "".join(traceback.format_exception(error)[-6:]).strip()
        return Row(name, 0, time.monotonic() - started, False, [text[:4000]])
    return Row(name, outcome.count, time.monotonic() - started, True, outcome.notes)


def _properties(place: Place, scale: float, processes: int) -> list[Row]:
    print(f"\nHypothesis properties on {processes} processes...", flush=True)
    budgets = {name: max(10, round(inputs * scale)) for name, inputs in BUDGETS.items()}
    with ProcessPoolExecutor(max_workers=processes) as pool:
        futures = [
            pool.submit(_run_target, name, place, inputs)
            for name, inputs in sorted(budgets.items(), key=lambda item: -item[1])
        ]
        rows = []
        for future in futures:
            row = future.result()
            print(f"  {row.target}: {row.inputs:,} inputs in {row.seconds:.0f} s", flush=True)
            rows.append(row)
    return rows


def _report(rows: list[Row], seconds: float, scale: float) -> bool:
    width = max(len(row.target) for row in rows) + 2
    print(f"\n{'target':<{width}}{'inputs':>10}{'seconds':>10}  result")
    for row in rows:
        result = "ok" if row.passed else "FAILED"
        seconds_text = "" if row.seconds is None else f"{row.seconds:.0f}"
        print(f"{row.target:<{width}}{row.inputs:>10,}{seconds_text:>10}  {result}")
        for note in row.notes:
            print(f"{'':<{width}}  {note}")
    total = sum(row.inputs for row in rows)
    passed = all(row.passed for row in rows)
    print(f"{'total':<{width}}{total:>10,}{seconds:>10.0f}  {'ok' if passed else 'FAILED'}")
    if total < MINIMUM_TOTAL:
        print(f"\nThat is fewer than {MINIMUM_TOTAL:,} inputs (scale {scale}).")
        return passed and scale < 1
    return passed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument(
        "--scale",
        type=float,
        default=float(os.environ.get("FUZZ_SCALE", "1")),
        help="multiplies every budget (default 1, or FUZZ_SCALE)",
    )
    parser.add_argument("--processes", type=int, default=2, help="for the properties (default 2)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kb-fuzz-") as folder:
        root = Path(folder)
        place = Place(root / "site", root / "var", root / "scratch")
        _build(place)
        rows = _schemathesis(place, args.scale) + _properties(place, args.scale, args.processes)
    passed = _report(rows, time.monotonic() - started, args.scale)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
