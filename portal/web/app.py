"""The Flask application factory: one place that wires settings, blueprints and error pages."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask, jsonify, request
from jinja2 import ChoiceLoader, FileSystemLoader
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.config import Config
from portal.guides.desk import load_service_desk, site_name
from portal.readers.ratelimit import RateLimiter, open_storage
from portal.readers.search_log import SearchLog
from portal.store.database import Store, StoreUnavailable
from portal.web import observability, security
from portal.web.blueprints.admin import admin
from portal.web.blueprints.feedback import feedback_blueprint
from portal.web.blueprints.health import health
from portal.web.blueprints.intranet import intranet
from portal.web.blueprints.search import search_blueprint
from portal.web.blueprints.site import site, site_not_found
from portal.web.blueprints.status import status_blueprint
from portal.web.frame import PageFrame
from portal.web.secret_key import secret_key
from search.service import IndexHandle

THEME_DIR = Path(__file__).parent.parent / "writing" / "theme"


def create_app(config: Config | dict[str, Any] | None = None) -> Flask:
    """Build the portal. `config` is a Config, a dict of overrides, or None for the environment."""
    if not isinstance(config, Config):
        config = Config.load(**(config or {}))
    app = Flask(__name__, static_folder=None)
    app.config["KB"] = config
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # Nothing the portal accepts is larger (a feedback comment is at most a few kilobytes).
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    logging.getLogger("portal").setLevel(config.log_level.upper())

    # The theme's partials (such as "Still stuck?") render on portal pages too.
    app.jinja_loader = ChoiceLoader([app.jinja_loader, FileSystemLoader(str(THEME_DIR))])  # type: ignore[list-item]
    app.extensions["kb.index"] = IndexHandle(config.var_dir)
    app.extensions["kb.index"].status()  # open the index now, once per worker, not on a search
    app.extensions["kb.frame"] = PageFrame(config.site_dir)
    app.extensions["kb.desk"] = load_service_desk(config.mkdocs_config)
    app.extensions["kb.site_name"] = site_name(config.mkdocs_config)
    app.secret_key = secret_key(config)  # signs the dashboard's login cookie
    if config.proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=config.proxies, x_proto=config.proxies, x_host=config.proxies
        )
    store = Store(config.store_url)
    app.extensions["kb.store"] = store
    app.extensions["kb.search_log"] = SearchLog(store)
    limits = open_storage(config.ratelimit_storage)
    app.extensions["kb.ratelimit_storage"] = limits
    app.extensions["kb.feedback_limiter"] = RateLimiter(
        config.feedback_per_minute, name="feedback", storage=limits
    )
    app.extensions["kb.click_limiter"] = RateLimiter(
        config.feedback_per_minute * 3, name="click", storage=limits
    )
    _prepare_store(app, store, config.retention_days)

    observability.install(app, config.access_log)
    security.install(app, config.site_dir)
    app.register_blueprint(health)
    app.register_blueprint(observability.observability)
    app.register_blueprint(intranet)
    app.register_blueprint(search_blueprint)
    app.register_blueprint(feedback_blueprint)
    app.register_blueprint(admin)
    app.register_blueprint(status_blueprint)
    app.register_blueprint(site)  # last: it answers every path the others do not

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        """API callers get JSON in plain words; people get the site's own pages."""
        if request.path.startswith("/api/"):
            # Keep headers such as the 405's Allow, which HTTP requires (found by `make fuzz`).
            kept = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
            return jsonify(error=_plain(error)), error.code, kept
        if error.code == 404:
            return site_not_found()
        return error

    @app.errorhandler(Exception)
    def unexpected(error: Exception):  # type: ignore[no-untyped-def]
        """Never show a stack trace to a person: log it, answer with a calm sentence."""
        app.logger.exception("Unexpected error while answering %s", request.path)
        message = "Something went wrong on our side. Please try again in a minute."
        if request.path.startswith("/api/"):
            return jsonify(error=message), 500
        return message, 500, {"Content-Type": "text/plain; charset=utf-8"}

    return app


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
