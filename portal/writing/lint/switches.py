"""Inline switches: `<!-- kb-lint disable RULE -->` ... `<!-- kb-lint enable RULE -->`.

A writer sometimes needs a word a rule dislikes (quoting a sign on the printer, say). An HTML
comment turns a rule, a family of rules, or every rule off from that point until the matching
`enable`, and readers never see it. Comments inside code blocks are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portal.writing.lint.findings import Finding

_SWITCH = re.compile(r"<!--\s*kb-lint\s+(disable|enable)\b([^>]*?)\s*-->")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


@dataclass(frozen=True)
class Switch:
    line: int  # file line
    column: int
    action: str  # disable | enable
    names: frozenset[str]  # rule ids or families; empty means every rule


def find_switches(body: str, body_line: int) -> list[Switch]:
    """Every switch comment in the body, outside fenced code, in reading order."""
    found: list[Switch] = []
    fence: str | None = None
    for number, text in enumerate(body.splitlines()):
        opener = _FENCE.match(text)
        if fence is not None:
            if opener and opener.group(1).startswith(fence):
                fence = None
            continue
        if opener:
            fence = opener.group(1)
            continue
        for match in _SWITCH.finditer(text):
            names = frozenset(n for n in re.split(r"[\s,]+", match.group(2).strip()) if n)
            found.append(Switch(body_line + number, match.start() + 1, match.group(1), names))
    return found


class SwitchState:
    """Which rules are off at a given place, replaying the switches up to it."""

    def __init__(self, switches: list[Switch]) -> None:
        self.switches = sorted(switches, key=lambda s: (s.line, s.column))

    def silenced(self, finding: Finding) -> bool:
        everything_off = False
        off: set[str] = set()
        back_on: set[str] = set()  # turned on again while everything was off
        for switch in self.switches:
            if (switch.line, switch.column) > (finding.line, finding.column):
                break
            if switch.action == "disable":
                if switch.names:
                    off |= switch.names
                    back_on -= switch.names
                else:
                    everything_off, back_on = True, set()
            elif switch.names:
                off -= switch.names
                back_on |= switch.names
            else:
                everything_off, off, back_on = False, set(), set()
        names = {finding.rule, finding.family}
        if names & off:
            return True
        return everything_off and not names & back_on
