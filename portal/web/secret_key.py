"""The key that signs the portal's cookies: KB_SECRET_KEY, else a random one kept in KB_VAR_DIR.

The file is made once, readable by its owner only, and shared by every worker on the machine,
so a login made through one worker is valid in the others and survives a restart.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import tempfile
from pathlib import Path

from portal.config import Config

FILE_NAME = "secret-key"
log = logging.getLogger("portal.web.secret_key")


def secret_key(config: Config) -> str:
    """The configured key, else the one in `var_dir/secret-key` (made on first use)."""
    if config.secret_key:
        return config.secret_key
    path = config.var_dir / FILE_NAME
    try:
        return _read_or_create(path)
    except OSError as error:
        log.warning(
            "Could not keep a secret key in %s (%s); dashboard logins end when the portal "
            "restarts. Set KB_SECRET_KEY to avoid this.",
            path,
            error.strerror or error,
        )
        return secrets.token_hex(32)


def _read_or_create(path: Path) -> str:
    """Read the key; if there is none, write one atomically (a hard link never overwrites)."""
    existing = _read(path)
    if existing:
        return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret-key-")
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another worker made it first: use theirs
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    key = _read(path)
    if not key:
        raise OSError(f"{path} is empty")
    return key


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return ""
