"""Parse every .js file of the theme, so a syntax error fails `make lint` on any machine.

    .venv/bin/python -m tests.javascript_syntax [FOLDER_OR_FILE ...]

Uses `esprima` (pure Python, ES2017; no node needed). Prints `path:line:column: message` for
each file that does not parse and exits 1; exits 0 when every file parses. The scripts are
written ES5-style (var, function) for old intranet browsers, well inside what esprima reads.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import esprima

ROOT = Path(__file__).resolve().parents[1]
THEME = ROOT / "portal" / "writing" / "theme"
_LINE_PREFIX = re.compile(r"^Line \d+: ")  # esprima's own; the line is in front already


def javascript_files(paths: Iterable[Path]) -> list[Path]:
    """The .js files named, and those under the folders named, in a stable order."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*.js") if p.is_file())
        elif path.suffix == ".js":
            found.add(path)
    return sorted(found)


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def syntax_error(path: Path) -> str | None:
    """`path:line:column: message` if the file does not parse as a script, else None."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return f"{_shown(path)}:1:1: cannot read the file: {error}"
    try:
        esprima.parseScript(source)
    except esprima.Error as error:
        line = getattr(error, "lineNumber", None) or 1
        column = getattr(error, "column", None) or 1
        message = _LINE_PREFIX.sub("", str(getattr(error, "message", None) or error))
        return f"{_shown(path)}:{line}:{column}: {message}"
    except RecursionError:
        return f"{_shown(path)}:1:1: nested too deeply to check"
    return None


def check(paths: Iterable[Path]) -> list[str]:
    """One line per file that does not parse."""
    return [error for path in javascript_files(paths) if (error := syntax_error(path))]


def main(argv: Sequence[str]) -> int:
    paths = [Path(arg) for arg in argv] or [THEME]
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        print(f"{missing[0]} does not exist.", file=sys.stderr)
        return 2
    files = javascript_files(paths)
    errors = check(files)
    for error in errors:
        print(error)
    if errors:
        print(f"{len(errors)} of {len(files)} JavaScript file(s) do not parse.", file=sys.stderr)
        return 1
    print(f"{len(files)} JavaScript file(s) parse.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
