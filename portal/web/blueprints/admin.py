"""The writers' dashboard at /admin: the same report as `kb report`, with charts, behind a login.

Its pages have a layout of their own (templates/admin/layout.html), full width and without the
readers' navigation: desk staff read wide tables, readers' menus only take room from them.

Without KB_ADMIN_PASSWORD the dashboard is off: every /admin address answers 404 with a page
that says how to turn it on, so nothing is exposed by default.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from flask import Blueprint, Response, current_app, redirect, render_template, request, send_file
from markupsafe import Markup

from portal.announcements.board import MessageError, checked
from portal.announcements.dashboard import section as announcement_section
from portal.guides.articles import Content
from portal.guides.courses import courses_of
from portal.guides.vocabulary import site_extra
from portal.report.charts import dashboard_charts, percent
from portal.report.exports import completions_csv
from portal.report.model import Report
from portal.report.reviews import DueReviews, due_reviews
from portal.report.reviews_text import counts as review_counts
from portal.report.reviews_text import when as due_when
from portal.report.wording import (
    GONE_MARK,
    MAY_NOT_TEACH,
    changed_text,
    findings_rule,
    first_try_text,
    missed_rule,
    reason_in_sentence,
    reason_label,
    stop_text,
    tree_text,
    wrong_option_text,
)
from portal.store.database import Store, StoreUnavailable, utc_now
from portal.web.admin_auth import AdminAuth, Login, csrf_ok, csrf_token
from portal.web.frame import html_text, page_title
from portal.web.numbers import whole_number
from portal.web.services import services
from portal.words import long_day, plural

admin = Blueprint("admin", __name__)

PERIODS = (7, 30, 90)
DEFAULT_DAYS = 30
# A refused announcement goes back to its form, cut so a huge post cannot swell the page.
DRAFT_CHARS = 2000
LOGIN_TITLE = "Log in to the writers' dashboard"
FILES = Path(__file__).resolve().parent.parent / "templates" / "admin"
# The layout's own files, served from /admin/ (no page of the site links to them).
ASSETS = {"admin.css": "text/css", "admin.js": "text/javascript"}
HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    # The full Content-Security-Policy comes from portal/web/security.py (no framing at all here).
    "Referrer-Policy": "same-origin",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
}


def _page(template: str, title: str, status: int = 200, **context: Any) -> Response:
    """A dashboard page in the dashboard's own full-width layout, never cached."""
    context.setdefault("csrf_token", csrf_token)
    context.setdefault("plainhelp", site_extra())  # the words and limits readers see
    content = render_template(template, **context)
    site_name = services().site_name
    html = render_template(
        "admin/layout.html",
        title=page_title(f"{title} - {site_name}"),
        site_name=site_name,
        content=Markup(html_text(content)),  # rendered above, everything in it escaped
        logged_in=context.get("logged_in", False),
        csrf_token=csrf_token,
    )
    return Response(html, status=status, content_type="text/html; charset=utf-8")


def _message(title: str, sentences: list[str], status: int, **headers: str) -> Response:
    response = _page("admin/message.html", title, status, heading=title, sentences=sentences)
    response.headers.update(headers)
    return response


def _auth() -> AdminAuth | None:
    return services().admin


def _off() -> Response:
    """404, not 200: while it is off there is no dashboard here, only a note on how to start it."""
    return _page("admin/off.html", "The dashboard is off", 404)


def _see_other(location: str) -> Response:
    return redirect(location, code=303)  # type: ignore[return-value]


@admin.after_request
def _headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        if name == "Cache-Control" and request.endpoint == "admin.asset":
            continue
        response.headers[name] = value
    return response


@admin.get('/admin/<any("admin.css", "admin.js"):name>')
def asset(name: str) -> Response:
    """The layout's stylesheet and script, cached for an hour like the site's own files."""
    response = send_file(FILES / name, mimetype=ASSETS[name], max_age=3600)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@admin.get("/admin")
@admin.get("/admin/")
def dashboard(status: int = 200, **announcing: Any) -> Response:
    """The report; `status` and `announcing` carry a refused announcement back to its form."""
    auth = _auth()
    if auth is None:
        return _off()
    if not auth.logged_in():
        return _see_other("/admin/login")
    days = _days()
    report = _build_report(days)
    sources = GuideSources(services().guides.get(), services().config.source_url)
    return _page(
        "admin/dashboard.html",
        "Writers' dashboard",
        status,
        announcement=announcement_section(
            _store(),
            services().announcements,
            note=request.args.get("announcement"),
            **announcing,
        ),
        report=report,
        reviews=_due_reviews(),
        review_counts=review_counts,
        due_when=due_when,
        charts=dashboard_charts(report.daily),
        days=days,
        periods=PERIODS,
        reason_label=reason_label,
        reason_in_sentence=reason_in_sentence,
        source_of=sources.source_of,
        guide_url=sources.page_of,
        logged_in=True,
        percent=percent,
        long_day=long_day,
        learning=report.learning,
        may_not_teach=MAY_NOT_TEACH,
        missed_rule=missed_rule,
        first_try_text=first_try_text,
        wrong_option_text=wrong_option_text,
        stop_text=stop_text,
        completions_on=_completions_on(),
        troubleshooting=report.troubleshooting,
        findings_rule=findings_rule,
        tree_text=tree_text,
        changed_text=changed_text,
        gone_mark=GONE_MARK,
    )


class Source(NamedTuple):
    """A guide's file as the dashboard shows it, and where to read it (None: no link)."""

    file: str
    url: str | None


class GuideSources:
    """Where each guide's page and source file are, for the dashboard's links.

    The source link is KB_SOURCE_URL with the file's path under the content folder added;
    without the setting, or for a guide that is no longer there, the file is named unlinked.
    """

    def __init__(self, content: Content, base_url: str) -> None:
        self._content = content
        self._base = base_url

    def source_of(self, path: str) -> Source:
        article = self._content.get(path)
        relative = f"{path}.md"
        if article is not None:
            with contextlib.suppress(ValueError):
                relative = article.source.relative_to(self._content.root).as_posix()
        url = self._base + quote(relative) if self._base and article is not None else None
        return Source(f"content/{relative}", url)

    def page_of(self, path: str) -> str | None:
        article = self._content.get(path)
        return article.url if article is not None else None


def _completions_on() -> bool:
    """Completion records are kept: the header is named and a proxy is trusted to set it."""
    config = services().config
    return bool(config.completion_header and config.proxies)


@admin.get("/admin/completions.csv")
def completions() -> Response:
    """Every completion record as CSV, for the organisation's training records."""
    auth = _auth()
    if auth is None:
        return _off()
    if not auth.logged_in():
        return _see_other("/admin/login")
    titles = {course.path: course.title for course in courses_of(services().guides.get())}
    records = [
        (r.person, r.course, titles.get(r.course, r.course), r.finished_on.isoformat())
        for r in _store().completion_records()
    ]
    response = Response(completions_csv(records), content_type="text/csv; charset=utf-8")
    day = utc_now().date().isoformat()
    response.headers["Content-Disposition"] = f'attachment; filename="completion-records-{day}.csv"'
    return response


_FILE_HINT = (
    "An announcement for readers can still be posted while the database is down: the team "
    "that runs the help center writes it to the status file on the server (KB_STATUS_FILE)."
)


@admin.errorhandler(StoreUnavailable)
def store_down(error: StoreUnavailable) -> Response:
    """The report, and checking a login against logouts elsewhere, both need the database."""
    current_app.logger.warning("dashboard: the store is unavailable: %s", error)
    return _message(
        "The dashboard cannot reach its database",
        [
            "The readers' answers and search counts are kept in a database that is not "
            "answering right now.",
            "Please try again in a minute. If it keeps happening, ask the team that runs "
            "the help center to check KB_DATABASE_URL and the database server.",
            _FILE_HINT,
        ],
        503,
        **{"Retry-After": "30"},
    )


@admin.post("/admin/announcement")
def announce() -> Response:
    """Post or clear the banner on every page; a refused message goes back to its form."""
    auth = _auth()
    if auth is None:
        return _off()
    if not auth.logged_in():
        return _see_other("/admin/login")
    if not csrf_ok():
        return _csrf_refused()
    clearing = request.form.get("action") == "clear"
    try:
        if clearing:
            _store().clear_announcement()
        else:
            draft = request.form.get("message", "")
            try:
                message = checked(draft)
            except MessageError as error:
                return dashboard(400, error=str(error), draft=draft[:DRAFT_CHARS])
            _store().post_announcement(message)
    except StoreUnavailable as error:
        current_app.logger.warning("dashboard: the announcement was not saved: %s", error)
        return _message(
            "The announcement was not saved",
            [
                "The database that keeps announcements is not answering right now, so nothing "
                "changed. Please try again in a minute.",
                _FILE_HINT,
            ],
            503,
            **{"Retry-After": "30"},
        )
    services().announcements.forget()
    done = "cleared" if clearing else "posted"
    current_app.logger.info("dashboard: announcement %s", done)
    return _see_other(f"/admin?announcement={done}#kb-announcement")


@admin.get("/admin/login")
def login_form() -> Response:
    auth = _auth()
    if auth is None:
        return _off()
    with contextlib.suppress(StoreUnavailable):  # the form needs no database
        if auth.logged_in():
            return _see_other("/admin")
    return _page(
        "admin/login.html",
        LOGIN_TITLE,
        logged_out=request.args.get("logged_out") == "1",
    )


@admin.post("/admin/login")
def login() -> Response:
    auth = _auth()
    if auth is None:
        return _off()
    address = request.remote_addr or "unknown"
    if not auth.limiter.may_try(address):
        return _too_many(auth, address)
    if not csrf_ok():
        return _csrf_refused()
    outcome = auth.attempt(address, request.form.get("password", ""))
    if outcome is Login.WAIT:  # another attempt from this address used the last try
        return _too_many(auth, address)
    if outcome is Login.WRONG:
        return _page("admin/login.html", LOGIN_TITLE, 403, wrong_password=True)
    auth.log_in()
    return _see_other("/admin")


def _too_many(auth: AdminAuth, address: str) -> Response:
    wait = auth.limiter.retry_after(address)
    return _message(
        "Too many login attempts",
        [
            "There were too many wrong passwords from your address. "
            f"Please wait {plural(wait, 'second')} and try again."
        ],
        429,
        **{"Retry-After": str(wait)},
    )


@admin.post("/admin/logout")
def logout() -> Response:
    auth = _auth()
    if auth is None:
        return _off()
    if not csrf_ok():
        return _csrf_refused()
    auth.log_out()
    return _see_other("/admin/login?logged_out=1")


@admin.route("/admin/<path:rest>", methods=["GET", "HEAD", "POST"])
def elsewhere(rest: str) -> Response:
    """Any other /admin address: off, or a plain "nothing here"."""
    if _auth() is None:
        return _off()
    if rest.strip("/") == "logout":
        return _message(
            "Log out with the button",
            ["To log out, use the “Log out” button at the top of the dashboard."],
            405,
            Allow="POST",
        )
    return _message(
        "There is nothing at this address",
        ["The dashboard lives at /admin."],
        404,
    )


def _csrf_refused() -> Response:
    return _message(
        "This form has expired",
        [
            "The form did not carry the security check this page needs, or it came from an "
            "older page. Please go back, reload the page and try again.",
            "The dashboard needs cookies to be allowed for this site.",
        ],
        400,
    )


def _days() -> int:
    """The period asked for; anything but one of PERIODS in plain digits shows the default."""
    days = whole_number(request.args.get("days", ""), min(PERIODS), max(PERIODS))
    return days if days in PERIODS else DEFAULT_DAYS


def _store() -> Store:
    """The portal's store; a database that was down when the portal started is migrated now."""
    store: Store = services().store
    store.ensure_ready()
    return store


def _build_report(days: int) -> Report:
    from portal.report.data import build_report

    content = services().guides.get()
    return build_report(_store(), content, days=days)


def _due_reviews() -> DueReviews:
    """Guides due for review by owner, from the guides alone, as `kb report --due` lists them."""
    content = services().guides.get()
    return due_reviews(content.guides, root=str(content.root))
