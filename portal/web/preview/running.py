"""`kb serve --dev`: build the preview, watch for saves, and serve with werkzeug's reloader.

The reloader runs this program twice: a parent that only restarts the child when Python code
changes, and the child that serves. Only the serving process builds and watches, so there is
one watcher whichever way the server runs; the child also stops when its parent is gone.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from flask import Flask

from portal.config import Config
from portal.web.preview import blueprint
from portal.web.preview.builder import Changes, Outcome, PreviewBuilder, preview_dir
from portal.web.preview.guide_lint import GuideLint
from portal.web.preview.state import PreviewState
from portal.web.preview.watcher import Sources, Watcher
from portal.web.services import services
from search import IndexHandle

THEME_DIR = Path(__file__).resolve().parents[2] / "writing" / "theme"
RELOADER_CHILD = "WERKZEUG_RUN_MAIN"  # set by werkzeug in the process that serves


@dataclass
class Preview:
    """The running preview: its state, its builder, the writing check and the watcher."""

    state: PreviewState
    builder: PreviewBuilder
    lint: GuideLint
    content_dir: Path
    say: Callable[[str], None]
    watcher: Watcher | None = field(default=None)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def rebuild(self, changes: Changes | None = None) -> Outcome:
        """One rebuild at a time; every open page hears of it, good or not."""
        with self._lock:
            try:
                outcome = self.builder.build(changes)
            except Exception as error:  # a bug or a disk problem must not end the watching
                logging.getLogger(__name__).exception("The preview could not be rebuilt")
                outcome = Outcome(False, 0.0, "Something unexpected stopped it.", (str(error),))
        self.state.record(outcome)
        if outcome.ok:
            self.say(outcome.summary + ".")
        else:
            self.say(f"The preview was not rebuilt: {outcome.summary}")
            for problem in outcome.problems:
                self.say(f"  {problem}")
        return outcome

    def source_of(self, path: str) -> Path | None:
        """The guide file behind a page's address (/email/x/ or /email/x/index.html)."""
        if path.endswith("/index.html"):
            path = path[: -len("index.html")]
        if not path.endswith("/"):
            path += "/"
        known = self.state.pages.get(path)
        if known is not None:
            return known
        # A guide saved a moment ago, not loaded yet: MkDocs' own rule for directory URLs.
        folder = self.content_dir / path.strip("/")
        for candidate in (folder.with_suffix(".md"), folder / "index.md", folder / "README.md"):
            inside = candidate.resolve().is_relative_to(self.content_dir.resolve())
            if path.strip("/") and inside and candidate.is_file():
                return candidate
        return None


def previewed_config(config: Config) -> dict[str, str]:
    """The override that points the portal at the preview's site instead of the published one."""
    return {"site_dir": str(preview_dir(config.var_dir) / "site")}


def is_reloader_child() -> bool:
    """Whether this is the process werkzeug's reloader started to serve (and restarts)."""
    return os.environ.get(RELOADER_CHILD) == "true"


def is_serving_process(use_reloader: bool) -> bool:
    """With the reloader only its child serves; without it, this process does."""
    return not use_reloader or is_reloader_child()


def start_preview(
    app: Flask, config: Config, say: Callable[[str], None], watch: bool = True
) -> Preview:
    """Build the preview once, then (with `watch`) rebuild it on every save."""
    var_dir = config.var_dir

    def reopen_index() -> None:
        # update_guides changes the build in place, so the link does not move: open it anew.
        services(app).index = IndexHandle(preview_dir(var_dir))

    builder = PreviewBuilder(config.content_dir, config.mkdocs_config, var_dir, reopen_index)
    preview = Preview(
        state=PreviewState(),
        builder=builder,
        lint=GuideLint(
            config.content_dir, Path.cwd(), config.mkdocs_config, lambda: builder.built_from
        ),
        content_dir=config.content_dir,
        say=say,
    )
    blueprint.install(app, preview)
    say(f"Building the preview of {config.content_dir} in {builder.folder}…")
    preview.rebuild()
    reopen_index()
    if watch:
        sources = Sources(
            config.content_dir, config.mkdocs_config, theme_dirs(config.mkdocs_config)
        )
        preview.watcher = Watcher(sources, preview.rebuild)
        preview.watcher.start()
    return preview


def serve_preview(app: Flask, config: Config, say: Callable[[str], None]) -> None:
    """Flask's development server with the reloader, the preview in the serving process."""
    use_reloader = True
    if is_serving_process(use_reloader):
        start_preview(app, config, say)
        if use_reloader:
            _stop_with_parent()
        say(
            f"Previewing on http://{config.host}:{config.port}: pages refresh by themselves "
            "when you save (press Ctrl+C to stop)."
        )
    app.run(host=config.host, port=config.port, debug=True, use_reloader=use_reloader)


def theme_dirs(mkdocs_config: Path) -> list[Path]:
    """Our theme, and the custom_dir mkdocs.yml names if it is another folder."""
    folders = [THEME_DIR]
    try:
        loaded = yaml.load(mkdocs_config.read_text(encoding="utf-8"), Loader=_AnyTags)
        custom = loaded["theme"]["custom_dir"]
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return folders
    if isinstance(custom, str):
        folder = (mkdocs_config.parent / custom).resolve()
        if folder != THEME_DIR:
            folders.append(folder)
    return folders


class _AnyTags(yaml.SafeLoader):
    """Reads mkdocs.yml's `!!python/name:` and `!ENV` tags as nothing: only paths are wanted."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_AnyTags.add_multi_constructor("", _ignore_tag)


def _stop_with_parent() -> None:
    """The reloader's child outlives a parent stopped by SIGTERM; it must not keep the port."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="preview-parent", daemon=True).start()
