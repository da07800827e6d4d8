"""One error family: every problem Plainhelp reports to a person is a `PlainhelpError`.

Each carries one plain sentence; the CLI prints it and exits with `exit_code`, the web layer
answers with `status` and the same sentence. Both render it in one place.
"""

from __future__ import annotations


class PlainhelpError(Exception):
    """A problem said in plain words; `details` are extra lines (one per problem found)."""

    exit_code = 1
    status = 400

    def __init__(self, message: str, details: list[str] | tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details)

    def __str__(self) -> str:
        return self.message


class CommandError(PlainhelpError):
    """A `kb` command cannot do what was asked (a missing file, an index not built yet)."""


class Unavailable(PlainhelpError):
    """A part the answer needs (the store, the index) cannot be reached right now.

    The message is for the log; readers get `reader_message` and a time to come back.
    """

    status = 503
    retry_after = 30
    reader_message = "This part of the help center is not answering. Please try again in a minute."
