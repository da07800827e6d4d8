"""The portal's long-lived parts: built once per app in `create_app`, reached by `services()`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from limits.storage import Storage

from portal.announcements.board import Board, StatusFile
from portal.config import Config
from portal.guides.articles import Content, load_content
from portal.guides.desk import load_service_desk, site_name
from portal.readers.ratelimit import RateLimiter, open_storage
from portal.readers.search_log import SearchLog
from portal.reloading import Reloading
from portal.store.database import Store
from portal.web.admin_auth import AdminAuth
from portal.web.frame import PageFrame
from search import IndexHandle

EXTENSION = "plainhelp"
GUIDES_SECONDS = 60.0
HOUR = 3600


def guides_for_dashboard(content_dir: Path) -> Reloading[object, Content]:
    """The guides (titles, phrases, review dates) for the dashboard, reread once a minute."""
    return Reloading(lambda _: load_content(content_dir), every=GUIDES_SECONDS)


@dataclass(frozen=True)
class AddressLimits:
    """What one network address may send per hour, for everyone behind it together."""

    feedback: RateLimiter
    clicks: RateLimiter
    searches: RateLimiter  # searches counted for the report (every search is still answered)

    @classmethod
    def per_hour(cls, answers: int, storage: Storage) -> AddressLimits:
        def limiter(limit: int, name: str) -> RateLimiter:
            return RateLimiter(limit, HOUR, name=f"address-{name}", storage=storage)

        return cls(
            feedback=limiter(answers, "feedback"),
            clicks=limiter(answers * 3, "click"),
            searches=limiter(answers * 10, "search"),
        )


@dataclass
class Services:
    """Everything a request may need, typed, in one place (instead of string keys)."""

    config: Config
    index: IndexHandle
    frame: PageFrame
    desk: dict[str, Any]
    site_name: str
    store: Store
    search_log: SearchLog
    limits: Storage
    feedback_limiter: RateLimiter
    click_limiter: RateLimiter
    address_limits: AddressLimits
    announcements: Board
    guides: Reloading[object, Content]
    admin: AdminAuth | None = field(default=None)

    @classmethod
    def build(cls, config: Config, secret_key: str) -> Services:
        """Open the index, the store and the limits once per process (once per worker)."""
        store = Store(config.store_url)
        per_minute = config.feedback_per_minute
        limits = open_storage(config.ratelimit_storage)
        admin = (
            AdminAuth(config.admin_password, secret_key, limits, store)
            if config.admin_password
            else None
        )
        return cls(
            config=config,
            index=IndexHandle(config.var_dir),
            frame=PageFrame(config.site_dir),
            desk=load_service_desk(config.mkdocs_config),
            site_name=site_name(config.mkdocs_config),
            store=store,
            search_log=SearchLog(store),
            limits=limits,
            feedback_limiter=RateLimiter(per_minute, name="feedback", storage=limits),
            click_limiter=RateLimiter(per_minute * 3, name="click", storage=limits),
            address_limits=AddressLimits.per_hour(config.feedback_per_address_per_hour, limits),
            announcements=Board(
                store,
                StatusFile(config.status_path, min(2.0, config.status_cache_seconds)),
                cache_seconds=config.status_cache_seconds,
            ),
            guides=guides_for_dashboard(config.content_dir),
            admin=admin,
        )


def services(app: Flask | None = None) -> Services:
    """The running app's services: how blueprints reach the index, the store and the rest."""
    found: Services = (app or current_app).extensions[EXTENSION]
    return found
