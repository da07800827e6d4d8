"""Search over HTTP: the JSON API, as-you-type suggestions, the no-JavaScript page, OpenSearch."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    after_this_request,
    jsonify,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from markupsafe import escape

from portal.guides.vocabulary import site_extra
from portal.store.database import StoreUnavailable
from portal.web import metrics
from portal.web.numbers import NumberError, required_number
from portal.web.services import services
from portal.web.visitors import current_visitor
from search import MAX_LIMIT, MAX_QUERY_CHARS, Engine, IndexUnavailable

search_blueprint = Blueprint("search", __name__)
# "fr", "pt-BR", "zh-Hans": a language and an optional region or script (BCP 47's common part).
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?")


def _limit(default: int) -> int:
    raw = request.args.get("limit", "")
    return required_number("limit", raw, 1, MAX_LIMIT) if raw else default


def _query() -> str:
    """Any text is a fine query: it is cut and cleaned, never refused.

    `query` is read too: the results page renames `q` so Material does not also open its box.
    """
    return (request.args.get("q") or request.args.get("query", ""))[: MAX_QUERY_CHARS * 4]


def _section() -> str | None:
    section = request.args.get("section", "").strip()
    return section or None


def _language() -> str | None:
    """The reader's language: the `lang` asked for, else that of the guide they searched from.

    Anything that is not a language tag is ignored (the site's default answers), never refused.
    """
    asked = request.args.get("lang", "").strip()
    if _LANGUAGE_TAG.fullmatch(asked):
        return asked.lower()
    referrer = request.referrer or ""
    try:
        came_from = urlsplit(referrer)
    except ValueError:
        return None
    if not came_from.path or came_from.netloc != request.host:
        return None
    try:
        return _engine().page_language(came_from.path)
    except IndexUnavailable:
        return None


def _log_search(query: str, results: int, source: str) -> str | None:
    """Count the search for the writers' report; searching never fails because of the store."""
    metrics.count_search(source, results)
    try:
        visitor = current_visitor()
    except StoreUnavailable:
        return None
    limit = services().address_limits.searches

    def after_response(write: Callable[[], None]) -> None:
        @after_this_request
        def attach(response: Response) -> Response:
            response.call_on_close(write)
            return response

    return services().search_log.record(
        visitor.key,
        query,
        results,
        source,
        later=after_response,
        may_add=lambda: limit.allow(visitor.network),
    )


def _engine() -> Engine:
    return services().index.engine()


@search_blueprint.get("/api/search")
def api_search() -> ResponseReturnValue:
    """JSON results, best first, with a "did you mean" when a corrected query does better,
    and the question back (`narrowing`) when the words are vague."""
    limit = _limit(10)
    asked = _query()
    response = _engine().search(asked, limit=limit, section=_section(), lang=_language())
    body: dict[str, Any] = response.as_dict()
    source = "site" if request.args.get("source") == "site" else "api"
    # The words as typed: screened whole before they are cut (the engine's are cut already).
    body["search_id"] = _log_search(asked, response.total, source)
    if not response.results:
        body["featured"] = response.featured
    return jsonify(body)


@search_blueprint.get("/api/suggest")
def api_suggest() -> ResponseReturnValue:
    """Titles as people type; `format=opensearch` gives the browsers' suggestion format."""
    limit = _limit(8)
    query = _query()
    suggestions = _engine().suggest(query, limit=limit, lang=_language()) if query.strip() else []
    if request.args.get("format") == "opensearch":
        root = request.host_url.rstrip("/")
        return jsonify(
            [
                query,
                [s["title"] for s in suggestions],
                ["" for _ in suggestions],
                [root + s["url"] for s in suggestions],
            ]
        )
    return jsonify(query=query, suggestions=suggestions)


@search_blueprint.get("/search")
def search_page() -> ResponseReturnValue:
    """The same results as a page in the site's look; works with JavaScript off."""
    query = _query().strip()
    section = _section()
    context: dict[str, Any] = {
        "query": query[:MAX_QUERY_CHARS],
        "section": section,
        "results": [],
        "total": 0,
        "did_you_mean": None,
        "featured": [],
        "unavailable": None,
        "search_id": None,
        "narrowing": None,
    }
    status = 200
    try:
        limit = _limit(20)
    except NumberError:
        limit = 20
    try:
        engine = _engine()
        if query:
            response = engine.search(query, limit=limit, section=section, lang=_language())
            context.update(
                query=response.query.strip(),
                results=response.results,
                total=response.total,
                did_you_mean=response.did_you_mean,
                featured=response.featured,
                narrowing=response.narrowing,
                # Desk staff opening a search from the dashboard are not readers searching.
                search_id=None
                if request.args.get("from") == "dashboard"
                else _log_search(query, response.total, "page"),
            )
        else:
            context["featured"] = engine.featured_guides()
    except IndexUnavailable:
        context["unavailable"] = IndexUnavailable.reader_message
        status = 503
    desk = services().desk
    if context["query"]:
        context["kb_query"] = context["query"]
    # The theme's partials read the site's `extra`: the desk, and the words readers see.
    extra = {"service_desk": desk, "plainhelp": site_extra()}
    content = render_template("search.html", config={"extra": extra}, **context)
    title = f"Search: {context['query']}" if context["query"] else "Search"
    html = services().frame.render(f"{title} - {services().site_name}", content)
    return Response(
        html,
        status=status,
        content_type="text/html; charset=utf-8",
        headers={"Cache-Control": "no-store"},
    )


@search_blueprint.get("/opensearch.xml")
def opensearch() -> ResponseReturnValue:
    """Lets a browser add the help center as a search engine."""
    root = request.host_url.rstrip("/")
    name = escape(services().site_name)
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>{name}</ShortName>
  <Description>Search the {name} IT help guides</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Image width="16" height="16" type="image/svg+xml">{root}/assets/favicon.svg</Image>
  <Url type="text/html" method="get" template="{root}/search?q={{searchTerms}}"/>
  <Url type="application/x-suggestions+json" method="get"
       template="{root}/api/suggest?format=opensearch&amp;q={{searchTerms}}"/>
  <Url type="application/opensearchdescription+xml" rel="self"
       template="{root}{url_for("search.opensearch")}"/>
</OpenSearchDescription>
"""
    return Response(
        xml,
        content_type="application/opensearchdescription+xml; charset=utf-8",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@search_blueprint.after_app_request
def allow_intranet_origins(response: Response) -> Response:
    """CORS for the configured intranet origins only, and only on the search API."""
    origin = request.headers.get("Origin")
    if not origin or not request.path.startswith(("/api/search", "/api/suggest")):
        return response
    allowed = services().config.cors_origins
    if "*" in allowed:
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif origin.rstrip("/") in allowed:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers.add("Vary", "Origin")
    return response
