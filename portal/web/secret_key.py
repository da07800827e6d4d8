"""The key that signs the portal's cookies: KB_SECRET_KEY, else a random one kept in KB_VAR_DIR.

The file is made once, readable by its owner only, and shared by every worker on the machine,
so a login made through one worker is valid in the others and survives a restart. Whatever the
file holds, the portal starts: a key an operator wrote (text or raw bytes) is used as it is;
an empty file is replaced by a fresh key; a file that cannot be read or replaced gives a key
for this process only, with a warning.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import secrets
import stat
import tempfile
from pathlib import Path

from portal.config import Config

FILE_NAME = "secret-key"
# A key is a few dozen bytes; more than this is not a key file, and is never read whole.
MAX_KEY_BYTES = 64 * 1024
SHORT_KEY = 32  # characters: below this a key can be guessed
log = logging.getLogger("portal.web.secret_key")


class NoKeyHere(OSError):
    """The file cannot give a key that every worker shares; the message says why."""


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
            "restarts, and each worker signs its own. Set KB_SECRET_KEY to avoid this.",
            path,
            error.strerror or error,
        )
        return secrets.token_hex(32)


def _read_or_create(path: Path) -> str:
    """Read the key; if there is none, write one atomically (a hard link never overwrites)."""
    existing = _read(path)
    if existing is None:
        _create(path)
    elif _blank(existing):
        _replace_blank(path)
    else:
        return _as_key(path, existing)
    key = _read(path)
    if key is None or _blank(key):
        raise NoKeyHere(f"{path} is empty")
    return _as_key(path, key)


def _blank(raw: bytes) -> bool:
    """Nothing but spaces, line ends and NUL bytes (what a crash leaves in a new file)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not text.replace("\0", "").strip()


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _fresh_key_file(path.parent)
    try:
        with contextlib.suppress(FileExistsError):  # another worker made it first: use theirs
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def _replace_blank(path: Path) -> None:
    """An empty key file (a failed copy, a `touch`): replaced once, under a lock, by a fresh key.

    Workers starting together take the lock on the old file in turn; the first replaces it,
    the others then find the new key. Only a regular file is replaced, never a link.
    """
    if not stat.S_ISREG(os.lstat(path).st_mode):
        raise NoKeyHere(f"{path} is empty and is not a plain file, so it is left alone")
    with open(path, "rb") as old:
        fcntl.flock(old, fcntl.LOCK_EX)
        current = _read(path)
        if current is not None and not _blank(current):
            return  # another worker replaced it while we waited
        temporary = _fresh_key_file(path.parent)
        try:
            os.replace(temporary, path)
        except OSError:
            os.unlink(temporary)
            raise
    log.warning(
        "%s was empty; a new secret key was written there. Anyone logged in to the dashboard "
        "has to log in again.",
        path,
    )


def _fresh_key_file(folder: Path) -> Path:
    """A new random key in a file of its own beside the key (mode 0600), flushed to disk."""
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".secret-key-")
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        os.unlink(temporary)
        raise
    return Path(temporary)


def _read(path: Path) -> bytes | None:
    """The file's bytes (at most MAX_KEY_BYTES + 1), or None when there is no file.

    Never waits on a pipe or a device put where the file should be.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NoKeyHere(f"{path} is not a plain file")
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            return handle.read(MAX_KEY_BYTES + 1)
    finally:
        os.close(descriptor)


def _as_key(path: Path, raw: bytes) -> str:
    """The bytes an operator or an earlier start left, as the key: the same in every worker."""
    text = raw.strip()
    if len(raw) > MAX_KEY_BYTES:  # read no further: a key file is never this large
        log.warning(
            "%s is larger than %d bytes, which is unusual for a key; its first %d bytes are "
            "used. Check that KB_VAR_DIR is the right folder.",
            path,
            MAX_KEY_BYTES,
            MAX_KEY_BYTES,
        )
        return raw[:MAX_KEY_BYTES].hex()
    if text.isascii() and text.decode("ascii").isprintable():
        if len(text) < SHORT_KEY:
            log.warning(
                "The secret key in %s has fewer than %d characters and is easy to guess; "
                "delete the file to get a random one (this logs everyone out).",
                path,
                SHORT_KEY,
            )
        return text.decode("ascii")
    # Raw bytes (`head -c 32 /dev/urandom`) or text in another script: a key all the same.
    log.info("The secret key in %s is not plain text; its bytes are used as they are.", path)
    return raw.hex()
