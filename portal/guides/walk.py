"""Walk a content folder safely: every file once, never round a loop of links, never outside.

Every stage that reads `content/` walks it here. Links to folders are never followed (the
folder is either in the walk already or outside the content), so a link back to a parent, a
dangling link, a link leaving the folder or a very deep tree ends with a plain sentence.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

# Guides live one folder down (content/<section>/<slug>.md); 16 leaves ample room for assets
# and keeps every walk, and the paths it makes, short.
MAX_DEPTH = 16

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Skipped:
    """Something the walk left out, and why, in a sentence that follows its path."""

    path: Path
    reason: str
    severity: Severity = "warning"

    def __str__(self) -> str:
        return f"{self.path.as_posix()}: {self.reason}"


@dataclass
class ContentFiles:
    """The files of a content folder (as paths under it) and what was left out."""

    root: Path
    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def markdown(self) -> list[Path]:
        """Markdown pages, leaving out `_data`-style folders (not pages of the site)."""
        return [
            path
            for path in self.files
            if path.suffix.lower() == ".md"
            and not any(part.startswith("_") for part in path.relative_to(self.root).parts[:-1])
        ]


def _shown(path: Path, root: Path, real_root: Path) -> str:
    """A link's target as a writer recognises it: under the content folder when it is."""
    if path.is_relative_to(real_root):
        return (root / path.relative_to(real_root)).as_posix()
    return path.as_posix()


def _link(path: Path, root: Path, real_root: Path, found: ContentFiles) -> None:
    """Keep a link to an ordinary file inside the content folder; skip every other link."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        found.skipped.append(Skipped(path, "is a link to something that does not exist; skipped"))
        return
    except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
        found.skipped.append(Skipped(path, "is a link that leads back to itself; skipped"))
        return
    shown = _shown(target, root, real_root)
    if not target.is_relative_to(real_root):
        found.skipped.append(
            Skipped(path, f"is a link to {shown}, outside the content folder; skipped")
        )
        return
    mode = target.stat().st_mode
    if stat.S_ISDIR(mode):
        if path.parent.resolve().is_relative_to(target):
            reason = f"is a link back to {shown}, a folder it is in; skipped"
        else:
            reason = f"is a link to the folder {shown}, which is already included; skipped"
        found.skipped.append(Skipped(path, reason))
    elif stat.S_ISREG(mode):
        found.files.append(path)
    else:
        found.skipped.append(Skipped(path, "is a link to something that is not a file; skipped"))


def walk_content(root: Path, max_depth: int = MAX_DEPTH) -> ContentFiles:
    """Every file under root, in order, and a sentence for everything the walk left out.

    Hidden folders are not content and are passed over in silence.
    """
    root = Path(root)
    found = ContentFiles(root)
    real_root = root.resolve()
    seen: set[tuple[int, int]] = set()
    folders: list[tuple[Path, int]] = [(root, 0)]
    while folders:
        folder, depth = folders.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:  # the same folder mounted twice
                found.skipped.append(Skipped(folder, "is a folder already included; skipped"))
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as entries:
                names = sorted(entries, key=lambda entry: entry.name)
        except OSError as error:
            reason = error.strerror or "it cannot be read"
            found.skipped.append(
                Skipped(folder, f"could not be read ({reason}); nothing in it was used", "error")
            )
            continue
        later: list[tuple[Path, int]] = []
        for entry in names:
            path = folder / entry.name
            try:
                if entry.is_symlink():
                    _link(path, root, real_root, found)
                elif entry.is_dir(follow_symlinks=False):
                    if entry.name.startswith("."):
                        continue
                    if depth + 1 > max_depth:
                        reason = (
                            f"is more than {max_depth} folders deep; nothing in it was used "
                            "(move what it holds nearer the top)"
                        )
                        found.skipped.append(Skipped(path, reason, "error"))
                        continue
                    later.append((path, depth + 1))
                elif entry.is_file(follow_symlinks=False):
                    found.files.append(path)
                else:
                    reason = "is not an ordinary file (such as a pipe or a device); skipped"
                    found.skipped.append(Skipped(path, reason))
            except OSError as error:
                reason = error.strerror or "it cannot be read"
                found.skipped.append(Skipped(path, f"could not be read ({reason}); skipped"))
        folders.extend(reversed(later))
    found.files.sort()
    found.skipped.sort(key=lambda item: item.path.as_posix())
    return found
