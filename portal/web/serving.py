"""Run the portal on a production WSGI server: waitress in one process, gunicorn for several.

Both stop gracefully on SIGTERM or Ctrl+C: no new connections, requests under way finish
(feedback included) for up to GRACE_SECONDS. Each gunicorn worker builds its own app, so each
opens the search index and the store once, after the fork.
"""

from __future__ import annotations

import _thread
import atexit
import errno
import logging
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask

from portal.config import Config
from portal.errors import PlainhelpError

GRACE_SECONDS = 20
# Nothing the portal accepts is bigger than a feedback comment; refuse the rest at the door.
MAX_REQUEST_BODY_BYTES = 1024 * 1024
MAX_REQUEST_LINE_BYTES = 8190


class PortUnavailable(PlainhelpError):
    """The port cannot be listened on (another program has it); said in one sentence."""


def port_in_use(port: int, command: str = "kb serve") -> PortUnavailable:
    """The sentence for a port another program already listens on."""
    return PortUnavailable(
        f"Port {port} is already in use by another program. Stop that program, or choose "
        f"another port with --port, such as `{command} --port {_another(port)}`."
    )


def ensure_port_free(host: str, port: int, command: str = "kb serve") -> None:
    """Refuse to start, in one plain sentence, when the port is taken (before any server or
    fork prints its own traceback). Other trouble is left to the server to report."""
    import socket

    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, proto) as probe:
            # As the servers do, so a connection closing in TIME_WAIT does not count as in use.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise port_in_use(port, command) from None
        if error.errno == errno.EACCES:
            raise PortUnavailable(
                f"Port {port} needs administrator rights on this system; choose a port above "
                f"1023 with --port, such as `{command} --port 8000`."
            ) from None


def _another(port: int) -> int:
    return port + 1 if port < 65535 else 8000


def serve_with_waitress(app: Flask, config: Config, say: Callable[[str], None]) -> None:
    """One process, KB_THREADS threads: the portable default (Windows too)."""
    from waitress.wasyncore import dispatcher

    from portal.web.connections import bound_connections

    try:
        server = _create_waitress(app, config)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise port_in_use(config.port) from None
        raise
    bound_connections(server)

    stopping = threading.Event()

    def stop(signum: int, frame: object) -> None:
        if stopping.is_set():
            return
        stopping.set()
        say("Stopping Plainhelp: finishing the requests under way.")
        # From now on SIGINT means "leave now": sent by the drain below, or a second Ctrl+C.
        signal.signal(signal.SIGINT, leave)
        # No new connections from here on. The listening socket is closed by waitress's own
        # loop: closing it here, under its poll, makes the poll fail.
        # (waitress's own close() would also close the trigger its threads still pull).
        server.accepting = False
        server.trigger.pull_trigger(lambda: dispatcher.close(server))
        threading.Thread(target=_leave_when_drained, args=(server,), daemon=True).start()

    def leave(signum: int, frame: object) -> None:
        raise SystemExit(0)  # waitress's loop ends on SystemExit and stops its threads

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    say(f"Plainhelp is serving on http://{config.host}:{config.port} (press Ctrl+C to stop).")
    server.run()
    say("Plainhelp has stopped.")


def _create_waitress(app: Flask, config: Config) -> Any:
    from waitress.server import create_server

    from portal.web.connections import server_options

    return create_server(
        app,
        host=config.host,
        port=config.port,
        threads=config.threads,
        ident="plainhelp",
        # Waitress drops X-Forwarded-* by default; with KB_PROXIES the app's ProxyFix reads them.
        clear_untrusted_proxy_headers=not config.proxies,
        max_request_body_size=MAX_REQUEST_BODY_BYTES,
        max_request_header_size=64 * 1024,
        **server_options(),
    )


def _leave_when_drained(server: Any) -> None:
    """Wait until no request is running, queued or still being sent (at most GRACE_SECONDS)."""
    from waitress.channel import HTTPChannel

    deadline = time.monotonic() + GRACE_SECONDS
    dispatcher = server.task_dispatcher
    while time.monotonic() < deadline:
        channels = [c for c in list(server._map.values()) if isinstance(c, HTTPChannel)]
        busy = (
            dispatcher.active_count
            or dispatcher.queue
            or any(c.requests or c.total_outbufs_len for c in channels)
        )
        if not busy:
            break
        time.sleep(0.05)
    _thread.interrupt_main(signal.SIGINT)


def serve_with_gunicorn(config: Config, say: Callable[[str], None]) -> None:
    """KB_WORKERS processes of KB_THREADS threads; the master restarts a worker that dies."""
    if sys.platform == "win32":
        raise SystemExit("Several workers need gunicorn, which runs on Linux and macOS only.")
    from gunicorn.app.base import BaseApplication

    class Portal(BaseApplication):
        """gunicorn configured from our settings, never from a stray gunicorn.conf.py."""

        def load_config(self) -> None:
            for key, value in _gunicorn_settings(config).items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from portal.web.app import create_app

            return create_app(config)

    say(
        f"Plainhelp is serving on http://{config.host}:{config.port} with "
        f"{config.workers} workers (press Ctrl+C to stop)."
    )
    if not _is_loopback(config.host):
        say(
            "Put nginx in front of these workers (see docs/operating.md): each of their threads "
            "reads a request itself, so a few very slow senders can keep readers waiting."
        )
    sys.stdout.flush()
    Portal().run()


def _is_loopback(host: str) -> bool:
    """Whether only this machine (such as nginx on it) can reach the address."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _gunicorn_settings(config: Config) -> dict[str, Any]:
    return {
        "bind": [f"{config.host}:{config.port}"],
        "workers": config.workers,
        "worker_class": "gthread",
        "threads": config.threads,
        "graceful_timeout": GRACE_SECONDS,
        "timeout": 60,
        "keepalive": 5,
        "preload_app": False,  # each worker opens its own index and database connections
        "proc_name": "plainhelp",
        "control_socket_disable": True,
        # The app's ProxyFix decides whom to trust (KB_PROXIES); gunicorn trusts no one.
        "forwarded_allow_ips": "",
        "secure_scheme_headers": {},
        "limit_request_line": MAX_REQUEST_LINE_BYTES,
        "limit_request_fields": 100,
        "limit_request_field_size": 8190,
        "accesslog": None,  # the app writes its own access log, without addresses
        "errorlog": "-",
        "loglevel": "info",  # starts, stops and replaced workers: what an operator wants to see
        "child_exit": _forget_dead_worker,
    }


def _forget_dead_worker(server: Any, worker: Any) -> None:
    """A dead worker's live gauges must not count any more; its counters stay in the sum."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def count_metrics_across_workers(var_dir: Path) -> None:
    """Call before anything imports prometheus_client: it reads this setting once, at import."""
    if "prometheus_client" in sys.modules:
        raise RuntimeError("prometheus_client was imported before its folder was set")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(_fresh_metrics_dir(var_dir))


def _fresh_metrics_dir(var_dir: Path) -> Path:
    """Counters start at zero with each start of this server; folders of dead servers go.

    In var/metrics, else (a read-only var/) in a folder of the system's temporary folder:
    the workers share the counters either way, and the portal starts.
    """
    private = Path(tempfile.gettempdir()) / f"plainhelp-metrics-{os.getuid()}"
    problems = []
    for parent in ((var_dir / "metrics").resolve(), private):
        try:
            folder = _fresh_folder_in(parent)
        except OSError as error:
            problems.append(f"{parent} ({error.strerror or error})")
            continue
        if problems:
            logging.getLogger("portal.web.serving").warning(
                "Cannot keep metrics in %s; they are kept in %s instead.", problems[0], folder
            )
        atexit.register(_remove_if_owner, folder, os.getpid())
        return folder
    raise OSError(f"the workers' metrics cannot be kept in {' or '.join(problems)}")


def _remove_if_owner(folder: Path, owner: int) -> None:
    """Forked gunicorn workers inherit this exit hook: the first to stop must not remove the
    folder the others still write their counters to (a vote under way once got a 500)."""
    if os.getpid() == owner:
        shutil.rmtree(folder, ignore_errors=True)


def _fresh_folder_in(parent: Path) -> Path:
    """This process's folder in `parent`, which must be a folder of this user's (no link)."""
    parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = os.lstat(parent)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise PermissionError(errno.EPERM, "it is not a folder of this user's", str(parent))
    for folder in parent.iterdir():
        if not (folder.name.isdigit() and _running(int(folder.name))):
            shutil.rmtree(folder, ignore_errors=True)
    folder = parent / str(os.getpid())
    shutil.rmtree(folder, ignore_errors=True)  # a dead server's, with this number again
    folder.mkdir()
    return folder


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, under another user
    return True
