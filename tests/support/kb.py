"""The real `kb` command in a child process, and the real content built once with it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.support.files import ROOT

KB = [sys.executable, "-m", "portal.cli"]

# Where `kb` keeps its state in tests that do not say: never the repository's own var/.
SCRATCH_VAR = Path(tempfile.mkdtemp(prefix="kb-test-var-"))


def run_kb(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT, timeout: float = 120):
    """Run the real `kb` command in a child process (never touching the repo's own var/)."""
    full_env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "KB_VAR_DIR": str(SCRATCH_VAR),
        **(env or {}),
    }
    return subprocess.run(
        [*KB, *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout
    )


@dataclass
class Built:
    site: Path
    var: Path


def build_content(root: Path) -> Built:
    """The real content/ folder built strictly (site and search index) into `root`."""
    result = run_kb("build", "--site", str(root / "site"), env={"KB_VAR_DIR": str(root / "var")})
    assert result.returncode == 0, result.stdout + result.stderr
    return Built(root / "site", root / "var")
