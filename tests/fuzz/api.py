"""Schemathesis against docs/openapi.yaml on a running portal: every check it has, positive
and negative inputs, with its own report of any failure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.fuzz.properties import ROOT, SPEC

CONFIG = Path(__file__).with_name("schemathesis.toml")


def run_schemathesis(base_url: str, examples: int, workdir: Path) -> tuple[bool, dict[str, int]]:
    """(passed, requests sent per operation); schemathesis prints its own report."""
    counts_file = workdir / "schemathesis-counts.json"
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(CONFIG),
        "--no-color",
        "run",
        str(SPEC),
        "--url",
        base_url,
        "--checks",
        "all",
        "--exclude-checks",
        "positive_data_acceptance",
        "--max-examples",
        str(examples),
        "--generation-database",
        "none",
        "--request-timeout",
        "10",
    ]
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.fuzz.count_calls",
        "FUZZ_COUNTS_FILE": str(counts_file),
    }
    finished = subprocess.run(command, cwd=ROOT, env=env, check=False)
    counts = json.loads(counts_file.read_text(encoding="utf-8")) if counts_file.exists() else {}
    return finished.returncode == 0, counts
