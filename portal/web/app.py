"""The Flask application factory: one place that wires settings, blueprints and error pages."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, jsonify, request
from jinja2 import ChoiceLoader, FileSystemLoader
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.config import Config
from portal.errors import PlainhelpError, Unavailable
from portal.store.database import Store, StoreUnavailable
from portal.web import observability, security
from portal.web.admin_auth import configure_session
from portal.web.blueprints.admin import admin
from portal.web.blueprints.feedback import feedback_blueprint
from portal.web.blueprints.health import health
from portal.web.blueprints.intranet import intranet
from portal.web.blueprints.learning import learning_blueprint
from portal.web.blueprints.search import search_blueprint
from portal.web.blueprints.site import site, site_not_found
from portal.web.blueprints.status import status_blueprint
from portal.web.blueprints.troubleshooters import troubleshooters_blueprint
from portal.web.log_text import LINE_CHARS, loggable, loggable_traceback
from portal.web.secret_key import secret_key
from portal.web.services import EXTENSION, Services

THEME_DIR = Path(__file__).parent.parent / "writing" / "theme"
UNEXPECTED = "Something went wrong on our side. Please try again in a minute."


def create_app(config: Config | dict[str, Any] | None = None) -> Flask:
    """Build the portal. `config` is a Config, a dict of overrides, or None for the environment."""
    if not isinstance(config, Config):
        config = Config.load(**(config or {}))
    app = Flask(__name__, static_folder=None)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # Nothing the portal accepts is larger (a feedback comment is at most a few kilobytes).
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    logging.getLogger("portal").setLevel(config.log_level.upper())

    # The theme's partials (such as "Still stuck?") render on portal pages too.
    app.jinja_loader = ChoiceLoader([app.jinja_loader, FileSystemLoader(str(THEME_DIR))])  # type: ignore[list-item]
    app.secret_key = secret_key(config)  # signs the dashboard's login cookie
    configure_session(app)
    if config.proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=config.proxies, x_proto=config.proxies, x_host=config.proxies
        )
    services = Services.build(config, app.secret_key)
    app.extensions[EXTENSION] = services
    services.index.status()  # open the index now, once per worker, not on a search
    _prepare_store(app, services.store, config.retention_days)

    observability.install(app, config.access_log)
    security.install(app, config.site_dir)
    app.register_blueprint(health)
    app.register_blueprint(observability.observability)
    app.register_blueprint(intranet)
    app.register_blueprint(search_blueprint)
    app.register_blueprint(feedback_blueprint)
    app.register_blueprint(learning_blueprint)
    app.register_blueprint(troubleshooters_blueprint)
    app.register_blueprint(admin)
    app.register_blueprint(status_blueprint)
    app.register_blueprint(site)  # last: it answers every path the others do not
    app.register_error_handler(PlainhelpError, plain_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected)
    return app


def plain_error(error: PlainhelpError) -> tuple[Response, int, dict[str, str]]:
    """Every PlainhelpError, answered in one place: its sentence, its status, when to retry."""
    headers: dict[str, str] = {}
    message = error.message
    if isinstance(error, Unavailable):
        current_app.logger.warning(
            "%s: unavailable: %s", loggable(request.path), loggable(str(error), LINE_CHARS)
        )
        headers["Retry-After"] = str(error.retry_after)
        message = error.reader_message
    if request.path.startswith("/api/"):
        return jsonify(error=message), error.status, headers
    return Response(message, content_type="text/plain; charset=utf-8"), error.status, headers


def http_error(error: HTTPException) -> Any:
    """API callers get JSON in plain words; people get the site's own pages."""
    if request.path.startswith("/api/"):
        # Keep headers such as the 405's Allow, which HTTP requires (found by `make fuzz`).
        kept = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        return jsonify(error=_plain(error)), error.code, kept
    if error.code == 404:
        return site_not_found()
    return error


def unexpected(error: Exception) -> Any:
    """Never show a stack trace to a person: log it, answer with a calm sentence.

    The log gets a bounded amount whatever was sent: the path and each traceback line are cut
    and escaped (a 58 KB path once wrote 176 KB of traceback).
    """
    current_app.logger.error(
        "Unexpected error while answering %s %s\n%s",
        loggable(request.method, 20),
        loggable(request.path),
        loggable_traceback(error),
    )
    if request.path.startswith("/api/"):
        return jsonify(error=UNEXPECTED), 500
    return UNEXPECTED, 500, {"Content-Type": "text/plain; charset=utf-8"}


def _prepare_store(app: Flask, store: Store, retention_days: int) -> None:
    """Migrate and apply the retention period at start; a database that is down is retried."""
    try:
        store.ensure_ready()
        removed = store.purge(retention_days)
    except StoreUnavailable as error:
        app.logger.warning(
            "The store at %s cannot be reached yet (%s); feedback answers 503 until it can.",
            store.describe(),
            error,
        )
        return
    if any(removed.values()):
        app.logger.info("Deleted rows older than %d days: %s", retention_days, removed)


def _plain(error: HTTPException) -> str:
    descriptions = {
        404: "There is nothing at this address.",
        405: "This address does not accept that kind of request.",
    }
    return descriptions.get(
        error.code or 0, error.description or "The request could not be handled."
    )
