"""The site is swapped in with one rename, like the search index: a reader reading in a tight
loop while the site is rebuilt again and again never finds it missing, a failed build leaves the
old site, and the portal follows the `site` link to each new build."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from portal.web.app import create_app
from portal.writing.site_build import SiteBuildError, build_site, builds_folder
from tests.support.files import ROOT, write

MKDOCS = ROOT / "mkdocs.yml"


def _home(content_dir: Path, words: str) -> None:
    write(content_dir, "index.md", f"# Help\n\n{words}\n")


class Reader(threading.Thread):
    """Reads a page of the site as fast as it can, counting every time it was not there."""

    def __init__(self, page: Path) -> None:
        super().__init__(daemon=True)
        self.page = page
        self.reads = 0
        self.misses: list[str] = []
        self.seen: set[str] = set()
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                text = self.page.read_text(encoding="utf-8")
            except OSError as error:
                self.misses.append(repr(error))
                continue
            self.reads += 1
            self.seen.update(w for w in ("first", "second", "third", "fourth") if w in text)


def test_a_reader_never_finds_the_site_missing_while_it_is_swapped(
    content_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every rename is followed by a pause, so any moment between two renames lasts long enough
    # for the reader to land in it (renaming the old site away, then the new one in, as before,
    # gave thousands of misses here; without the pause the moment is too short to catch).
    rename = os.replace

    def slow_rename(*args: object, **kwargs: object) -> None:
        rename(*args, **kwargs)  # type: ignore[arg-type]
        time.sleep(0.02)

    monkeypatch.setattr(os, "replace", slow_rename)
    site = tmp_path / "site"
    _home(content_dir, "The first build.")
    build_site(MKDOCS, content_dir, site)
    reader = Reader(site / "index.html")
    reader.start()
    try:
        for number in ("second", "third", "fourth", "first"):
            _home(content_dir, f"The {number} build.")
            result = build_site(MKDOCS, content_dir, site)
            assert number in (site / "index.html").read_text(encoding="utf-8")
            assert result.build is not None and result.build.parent == builds_folder(site)
    finally:
        reader.stop.set()
        reader.join(10)
    assert reader.misses == []
    assert reader.reads > 100 and len(reader.seen) >= 2
    assert site.is_symlink()
    assert len(list(builds_folder(site).iterdir())) == 3  # the newest three builds are kept


def test_a_failed_build_leaves_the_old_site(content_dir: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _home(content_dir, "The first build.")
    build_site(MKDOCS, content_dir, site)
    before = site.resolve()
    _home(content_dir, "The second build, with [a broken link](missing.md).")
    with pytest.raises(SiteBuildError, match="The site that was there before is unchanged"):
        build_site(MKDOCS, content_dir, site)
    assert site.resolve() == before
    assert "first" in (site / "index.html").read_text(encoding="utf-8")
    assert [p.name for p in builds_folder(site).iterdir()] == [before.name]


def test_a_site_folder_from_before_links_is_kept_aside_once(
    content_dir: Path, tmp_path: Path
) -> None:
    site = tmp_path / "given" / "help"  # KB_SITE_DIR, any name
    write(site, "index.html", "<p>Built before the site was a link.</p>")
    _home(content_dir, "The first build.")
    result = build_site(MKDOCS, content_dir, site)
    assert result.site_dir == site and site.is_symlink()
    assert "first" in (site / "index.html").read_text(encoding="utf-8")
    builds = builds_folder(site)
    assert builds == tmp_path / "given" / "help.builds"
    kept = [p for p in builds.iterdir() if p.name.startswith("imported-")]
    assert [(p / "index.html").read_text() for p in kept] == [
        "<p>Built before the site was a link.</p>"
    ]


def test_a_site_inside_the_content_folder_is_refused(content_dir: Path) -> None:
    with pytest.raises(SiteBuildError, match="overlap"):
        build_site(MKDOCS, content_dir, content_dir / "site")
    with pytest.raises(SiteBuildError, match="overlap"):
        build_site(MKDOCS, content_dir, content_dir.parent)
    assert not (content_dir / "site").exists()


def _config(tmp_path: Path, site_name: str) -> Path:
    """The project's mkdocs.yml with another site name (its theme found from anywhere)."""
    text = MKDOCS.read_text(encoding="utf-8")
    text = text.replace("site_name: Plainhelp", f"site_name: {site_name}")
    text = text.replace("custom_dir: portal/", f"custom_dir: {ROOT}/portal/")
    return write(tmp_path, f"{site_name}.yml", text)


def test_the_portal_follows_the_link_to_each_new_build(
    content_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("portal.web.security.RESCAN_EVERY_SECONDS", 0.0)
    site = tmp_path / "site"
    _home(content_dir, "The first build.\n\n<script>var build = 1;</script>")
    build_site(_config(tmp_path, "Alpha Help"), content_dir, site)
    app = create_app(
        {
            "site_dir": site,
            "content_dir": content_dir,
            "var_dir": tmp_path / "var",
            "database_url": f"sqlite:///{tmp_path}/store.sqlite3",
            "status_file": str(tmp_path / "status.txt"),
            "access_log": False,
        }
    )
    client = app.test_client()
    first = client.get("/")
    assert first.status_code == 200 and b"first" in first.data
    assert b"Alpha Help" in client.get("/search?q=printer").data  # the frame: the built 404
    assert client.get("/no-such-page/").status_code == 404

    _home(content_dir, "The second build.\n\n<script>var build = 2;</script>")
    build_site(_config(tmp_path, "Beta Help"), content_dir, site)
    second = client.get("/")
    assert second.status_code == 200 and b"second" in second.data
    page = client.get("/search?q=printer").data
    assert b"Beta Help" in page and b"Alpha Help" not in page
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and b"Beta Help" in missing.data
    # The inline script of the new build is allowed, the old one's no longer.
    old, new = first.headers["Content-Security-Policy"], second.headers["Content-Security-Policy"]
    assert old != new
    assert set(old.split()) - set(new.split()) and set(new.split()) - set(old.split())
