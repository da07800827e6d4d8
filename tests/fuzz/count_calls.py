"""Schemathesis hooks for `make fuzz`: count the requests sent to each operation.

Loaded by the schemathesis command through SCHEMATHESIS_HOOKS; the counts are written as
JSON to FUZZ_COUNTS_FILE when it exits.
"""

from __future__ import annotations

import atexit
import json
import os
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import schemathesis

COUNTS: Counter[str] = Counter()
_LOCK = threading.Lock()


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    with _LOCK:
        COUNTS[case.operation.label] += 1


@atexit.register
def _write_counts() -> None:
    target = os.environ.get("FUZZ_COUNTS_FILE")
    if target:
        Path(target).write_text(json.dumps(COUNTS), encoding="utf-8")
