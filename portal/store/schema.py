"""The store's tables, declared once for SQLAlchemy Core and the migrations.

Nothing here identifies a person: visitors are daily HMAC keys, times are rounded.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from portal.guides.vocabulary import ANNOUNCEMENT_CHARS

GUIDE_CHARS = 300
QUERY_CHARS = 200

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# A visitor key is a daily key of the network address (its first NETWORK_CHARS characters)
# followed by one of the reader behind it; keys stored before that stand alone.
NETWORK_CHARS = 16

# One answer to "Was this helpful?" per visitor, guide and day; a later answer replaces it.
feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("guide", String(GUIDE_CHARS), nullable=False),
    Column("visitor", String(64), nullable=False),
    Column("day", Date, nullable=False),
    Column("helpful", Boolean, nullable=False),
    Column("reason", String(40), nullable=True),
    Column("comment", Text, nullable=True),
    Column("created", DateTime, nullable=False),
    UniqueConstraint("guide", "visitor", "day"),
    Index("ix_feedback_day", "day"),
)

# One row per search a person made (as-you-type refinements are folded into one).
searches = Table(
    "searches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token", String(32), nullable=False, unique=True),
    Column("query", String(QUERY_CHARS), nullable=False),
    Column("results", Integer, nullable=False),
    Column("source", String(10), nullable=False),
    Column("hour", DateTime, nullable=False),
    Index("ix_searches_hour_query", "hour", "query", "results"),
)

# Which result a searcher opened.
clicks = Table(
    "clicks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "search_id",
        Integer,
        ForeignKey("searches.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("position", Integer, nullable=False),
    Column("guide", String(GUIDE_CHARS), nullable=False),
    Column("hour", DateTime, nullable=False),
    Index("ix_clicks_hour", "hour"),
)

# The day's random secret for visitor keys; yesterday's is deleted, so keys cannot be redone.
salts = Table(
    "salts",
    metadata,
    Column("day", Date, primary_key=True),
    Column("secret", String(64), nullable=False),
)

# The IT team's announcements ("E-mail is down for everyone; we're on it."). The newest row
# without `cleared_at` is shown on every page; older ones stay as a short history.
announcements = Table(
    "announcements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("message", String(ANNOUNCEMENT_CHARS), nullable=False),
    Column("posted_at", DateTime, nullable=False),
    Column("cleared_at", DateTime, nullable=True),
)

# Dashboard logins ended by "Log out", until they would have expired anyway: shared by every
# worker and machine, so a copy of a logged-out cookie works nowhere.
ended_sessions = Table(
    "ended_sessions",
    metadata,
    Column("sid", String(64), primary_key=True),
    Column("until", DateTime, nullable=False),
)

# Learning: each answer to a lesson's check question, with the same daily visitor key as
# feedback and no free text: which options were chosen, whether that was right, and whether
# it was the reader's first try (what the report's shares are made of).
LESSON_CHARS = GUIDE_CHARS
QUESTION_CHARS = 8  # "q1" ... "q99999"
CHOSEN_CHARS = 40  # option numbers, comma-separated ("0,2")
check_answers = Table(
    "check_answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("day", Date, nullable=False),
    Column("visitor", String(64), nullable=False),
    Column("lesson", String(LESSON_CHARS), nullable=False),
    Column("question", String(QUESTION_CHARS), nullable=False),
    Column("chosen", String(CHOSEN_CHARS), nullable=False),
    Column("right", Boolean, nullable=False),
    Column("first_try", Boolean, nullable=False),
    Index("ix_check_answers_day", "day"),
)

# Where people stop: a lesson opened or finished, once per visitor, lesson, event and day.
PROGRESS_EVENTS = ("opened", "finished")
lesson_progress = Table(
    "lesson_progress",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("day", Date, nullable=False),
    Column("visitor", String(64), nullable=False),
    Column("lesson", String(LESSON_CHARS), nullable=False),
    Column("event", String(10), nullable=False),
    UniqueConstraint("day", "visitor", "lesson", "event"),
)

# Completion records, only while KB_COMPLETION_HEADER is set: the one table that names a
# person (as the intranet's proxy named them), one row per person and course.
PERSON_CHARS = 200
completions = Table(
    "completions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("person", String(PERSON_CHARS), nullable=False),
    Column("course", String(LESSON_CHARS), nullable=False),
    Column("finished_on", Date, nullable=False),
    UniqueConstraint("person", "course"),
)

# Troubleshooters: where readers go in a question tree, with the same daily visitor key as
# feedback and no free text. `questions` are the ids from the first question, joined by "."
# (ids never hold one); `ending` is "shown" (the last question is on screen), "guide" (an answer
# ended at `guide`) or "desk" (the reader asked for a person: `guide` is "" in the tree, the
# guide's path after it, or the troubleshooter's own path from its page). Once per visitor,
# step and day, so the report's figures are readers, not page loads.
TROUBLESHOOTER_CHARS = 200
STEP_QUESTIONS = 8
STEP_QUESTION_CHARS = 64
STEP_PATH_CHARS = STEP_QUESTIONS * (STEP_QUESTION_CHARS + 1) - 1  # 8 ids and 7 dots
STEP_ENDINGS = ("shown", "guide", "desk")
troubleshooter_steps = Table(
    "troubleshooter_steps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("day", Date, nullable=False),
    Column("visitor", String(64), nullable=False),
    Column("troubleshooter", String(TROUBLESHOOTER_CHARS), nullable=False),
    Column("questions", String(STEP_PATH_CHARS), nullable=False),
    Column("ending", String(5), nullable=False),
    Column("guide", String(GUIDE_CHARS), nullable=False, server_default=""),
    # Its index, day first, is also the one the report and the retention period read by.
    UniqueConstraint("day", "visitor", "troubleshooter", "questions", "ending", "guide"),
)
