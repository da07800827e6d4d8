"""The Learn pages of the real content as the theme builds them: a card per course on the Learn
page and the home page, each course's lessons in the order it lists them with their times,
"Lesson N of M" and the way on in each lesson, finish pages out of the navigation, and the
Learn section after the topics."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal.guides.articles import load_content
from portal.guides.courses import Course, courses_of
from tests.support.files import ROOT


@pytest.fixture(scope="module")
def courses() -> list[Course]:
    found = courses_of(load_content(ROOT / "content"))
    if not found:
        pytest.skip("content/learn/ has no course yet")
    return found


def page(site: Path, url: str) -> str:
    return (site / url.strip("/") / "index.html").read_text(encoding="utf-8")


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_learn_page_and_the_home_page_show_every_course(
    built_site: Path, courses: list[Course]
) -> None:
    learn = page(built_site, "/learn/")
    home = (built_site / "index.html").read_text(encoding="utf-8")
    for course in courses:
        minutes = sum(lesson.minutes or 0 for lesson in course.lessons)
        facts = f"{len(course.lessons)} lessons, about {minutes} minutes"
        for html in (learn, home):
            card = re.search(
                rf'<li class="kb-course-card" data-kb-course="{course.path}".*?</li>', html, re.S
            )
            assert card, course.path
            assert course.title in card.group(0) and facts in words(card.group(0)), course.path
        assert course.description in learn


def test_each_course_lists_its_lessons_in_order_with_their_times(
    built_site: Path, courses: list[Course]
) -> None:
    for course in courses:
        html = page(built_site, course.url)
        listed = re.findall(r'<li class="kb-course__lesson" data-kb-lesson="([^"]+)"', html)
        assert listed == [lesson.path for lesson in course.lessons], course.path
        for lesson in course.lessons:
            item = re.search(rf'data-kb-lesson="{lesson.path}".*?</li>', html, re.S)
            assert item, lesson.path
            assert f"Lesson {lesson.number} {lesson.title}" in words(item.group(0))
            assert f"{lesson.minutes} minutes" in words(item.group(0)), lesson.path
        assert "Start the course" in html and "Clear my progress" in html


def test_each_lesson_says_where_it_is_and_leads_on(built_site: Path, courses: list[Course]) -> None:
    for course in courses:
        for lesson in course.lessons:
            html = page(built_site, lesson.url)
            total = len(course.lessons)
            assert f"Lesson {lesson.number} of {total} in {course.title}" in words(html)
            end = re.search(r'<nav class="kb-lesson-next".*?</nav>', html, re.S)
            assert end, lesson.path
            if lesson.number < total:
                following = course.lessons[lesson.number]
                assert f"Next lesson: {following.title}" in words(end.group(0)), lesson.path
            else:
                assert "Finish the course" in words(end.group(0)) and 'href="../finished/"' in (
                    end.group(0)
                ), lesson.path
            # No book-style "Previous" and "Next" (Material's follow file names, not the course).
            assert "md-footer__inner" not in html and "md-footer__link" not in html, lesson.path
            assert 'class="kb-still-stuck"' not in html and 'class="kb-feedback"' in html
            assert len(re.findall(r'<form class="kb-check"', html)) == len(lesson.checks)


def test_finish_pages_are_out_of_the_navigation_and_learn_comes_last(
    built_site: Path, courses: list[Course]
) -> None:
    for course in courses:
        html = page(built_site, f"{course.url}finished/")
        assert 'class="kb-finished"' in html and "kb-feedback" not in html
        nav = html[html.index("md-nav--primary") : html.index("md-sidebar--secondary")]
        assert "finished/" not in nav, course.path
    home = (built_site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index("md-nav--primary") : home.index("md-sidebar--secondary")]
    titles = re.findall(r'aria-label="([^"]+)">\s*<span class="md-nav__icon', nav)
    topics = {  # a topic goes by its index page's title ("Staying safe"), not its folder's
        article.title
        for article in load_content(ROOT / "content").articles
        if article.is_index and article.path.count("/") == 1 and article.path != "learn/index"
    }
    assert "Learn" in titles and topics <= set(titles), titles
    assert not topics & set(titles[titles.index("Learn") :]), titles  # every topic comes first
