"""What `kb lint` says about the one guide being previewed (front matter, wording, links),
kept until the file or the preview's build changes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from portal.errors import PlainhelpError
from portal.guides.articles import Content
from portal.reloading import file_stamp
from portal.writing.lint.findings import Finding
from portal.writing.lint.rules import Rule
from portal.writing.lint.settings import (
    LintSettings,
    configured_rules,
    find_settings,
    load_settings,
)
from portal.writing.problems import check_everything


@dataclass(frozen=True)
class GuideFindings:
    """What the linter said about one file, or why it could not say."""

    source: Path
    findings: tuple[Finding, ...] = ()
    problem: str | None = None


class GuideLint:
    """Lints one guide on request; the rules and each file's answer are read again on change."""

    def __init__(
        self,
        content_dir: Path,
        settings_from: Path,
        mkdocs_config: Path,
        built_from: Callable[[], Content | None] = lambda: None,
    ) -> None:
        self.content_dir = content_dir
        self.settings_from = settings_from  # where `kb lint` would look for .kblint.yml
        self.mkdocs_config = mkdocs_config  # the site's own anchor rules, for links
        # The content the last good preview was built from: a link's target may have changed.
        self.built_from = built_from
        self._lock = threading.Lock()
        self._rules: tuple[object, LintSettings, list[Rule]] | None = None
        self._answers: dict[Path, tuple[object, GuideFindings]] = {}

    def findings(self, source: Path) -> GuideFindings:
        try:
            settings, rules = self._configured()
        except PlainhelpError as error:
            return GuideFindings(source, problem=error.message)
        content = self.built_from()
        stamp = (file_stamp(source), id(rules), id(content))
        with self._lock:
            known = self._answers.get(source)
        if known and known[0] == stamp:
            return known[1]
        try:
            result = check_everything(
                [source], self.content_dir, rules, settings, self.mkdocs_config, content=content
            )
            answer = GuideFindings(source, tuple(result.findings))
        except PlainhelpError as error:
            answer = GuideFindings(source, problem=error.message)
        except OSError as error:
            answer = GuideFindings(source, problem=f"{source} could not be read ({error}).")
        with self._lock:
            self._answers[source] = (stamp, answer)
        return answer

    def _configured(self) -> tuple[LintSettings, list[Rule]]:
        path = find_settings(self.settings_from)
        stamp = (path, file_stamp(path) if path else None)
        with self._lock:
            if self._rules is not None and self._rules[0] == stamp:
                return self._rules[1], self._rules[2]
        settings = load_settings(path)
        rules = configured_rules(settings)
        with self._lock:
            self._rules = (stamp, settings, rules)
        return settings, rules
