"""The simulated readers of `make load`: each one a visitor who reads, types, searches and votes.

A reader thinks between requests (unless the phase saturates the server) and keeps under the
portal's per-visitor feedback limit, so a 429 is a real error, not a rude client.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import random
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field

from portal.guides.vocabulary import REASON_LABELS
from tests.benchmarks.load_client import Connection, RequestFailed

ENDPOINTS = ["page", "asset", "/api/search", "/api/suggest", "/search", "/api/feedback"]
# What a reader does next, by weight; "type" is a few suggestions, then the search itself.
ACTIONS = {"page": 38, "asset": 12, "type": 30, "search_page": 12, "vote": 8}
FEEDBACK_WINDOW_SECONDS = 60.0


@dataclass(frozen=True)
class Sample:
    endpoint: str
    ms: float
    error: str | None  # None for a 2xx/3xx answer


@dataclass(frozen=True)
class Material:
    """What the readers ask for: real guides, assets and queries from the built site."""

    pages: list[str]  # URL paths, home first
    guides: list[str]  # guide paths as the store keeps them
    assets: list[str]
    queries: list[str]


@dataclass
class Votes:
    """Every vote the portal answered 2xx: the last answer per visitor, guide and day."""

    answered: int = 0
    last: dict[tuple[str, str, dt.date], bool] = field(default_factory=dict)


@dataclass
class Reader:
    """One visitor: a browser name of its own, one keep-alive connection, a feedback budget."""

    number: int
    host: str
    port: int
    material: Material
    feedback_per_minute: int
    votes: Votes
    rng: random.Random
    sent_votes: deque[float] = field(default_factory=deque)
    connections: int = 0  # TCP connections opened: keep-alive should make it one per phase

    @property
    def user_agent(self) -> str:
        return f"Mozilla/5.0 (X11; Linux x86_64) plainhelp-load/reader-{self.number}"

    async def run(self, until: float, think: tuple[float, float] | None, out: list[Sample]) -> None:
        connection = Connection(self.host, self.port, self.user_agent)
        names, weights = list(ACTIONS), list(ACTIONS.values())
        try:
            await self._pause(think)  # readers arrive over a second, not all at once
            while time.monotonic() < until:
                action = self.rng.choices(names, weights)[0]
                await getattr(self, f"_{action}")(connection, out, think)
                await self._pause(think)
        finally:
            self.connections += connection.opened
            await connection.close()

    async def _pause(self, think: tuple[float, float] | None, share: float = 1.0) -> None:
        if think:
            await asyncio.sleep(self.rng.uniform(*think) * share)

    async def _get(self, connection: Connection, endpoint: str, path: str, out: list[Sample]):
        return await self._timed(connection, endpoint, out, "GET", path)

    async def _timed(
        self,
        connection: Connection,
        endpoint: str,
        out: list[Sample],
        method: str,
        path: str,
        body: bytes | None = None,
    ):
        started = time.perf_counter()
        try:
            response = await connection.request(method, path, body, "application/json")
        except RequestFailed as failed:
            out.append(Sample(endpoint, (time.perf_counter() - started) * 1000, failed.kind))
            return None
        ms = (time.perf_counter() - started) * 1000
        error = None if response.status < 400 else f"{response.status}"
        out.append(Sample(endpoint, ms, error))
        return response

    async def _page(self, connection: Connection, out: list[Sample], think) -> None:
        await self._get(connection, "page", self.rng.choice(self.material.pages), out)

    async def _asset(self, connection: Connection, out: list[Sample], think) -> None:
        await self._get(connection, "asset", self.rng.choice(self.material.assets), out)

    async def _type(self, connection: Connection, out: list[Sample], think) -> None:
        """Suggestions for two or three growing prefixes as the reader types, then the search."""
        query = self.rng.choice(self.material.queries)
        cuts = sorted(self.rng.sample(range(2, len(query) + 1), min(3, len(query) - 1)))
        for cut in cuts[: self.rng.randint(2, 3)]:
            path = f"/api/suggest?q={urllib.parse.quote(query[:cut])}"
            await self._get(connection, "/api/suggest", path, out)
            await self._pause(think, share=0.3)  # typing, not reading
        await self._get(
            connection, "/api/search", f"/api/search?q={urllib.parse.quote(query)}", out
        )

    async def _search_page(self, connection: Connection, out: list[Sample], think) -> None:
        query = self.rng.choice(self.material.queries)
        await self._get(connection, "/search", f"/search?q={urllib.parse.quote(query)}", out)

    def _may_vote(self) -> bool:
        """Stay one under the limit in any minute, with room for time in flight."""
        now = time.monotonic()
        while self.sent_votes and self.sent_votes[0] <= now - FEEDBACK_WINDOW_SECONDS - 1:
            self.sent_votes.popleft()
        return len(self.sent_votes) < self.feedback_per_minute - 1

    async def _vote(self, connection: Connection, out: list[Sample], think) -> None:
        if not self._may_vote():
            await self._page(connection, out, think)  # reads on instead
            return
        guide = self.rng.choice(self.material.guides)
        helpful = self.rng.random() < 0.7
        answer: dict[str, object] = {"page": f"/{guide}/", "helpful": helpful}
        if not helpful and self.rng.random() < 0.6:
            answer["reason"] = self.rng.choice(list(REASON_LABELS))
        if self.rng.random() < 0.2:
            answer["comment"] = "The third step did not match what I saw on my screen."
        self.sent_votes.append(time.monotonic())
        body = json.dumps(answer).encode()
        response = await self._timed(
            connection, "/api/feedback", out, "POST", "/api/feedback", body
        )
        if response is not None and 200 <= response.status < 300:
            day = dt.datetime.now(dt.UTC).date()
            self.votes.answered += 1
            self.votes.last[(self.user_agent, guide, day)] = helpful
