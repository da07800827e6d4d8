"""The question back when a query is vague: "What isn't working?" with a few choices.

At index time each troubleshooter (portal/guides/troubleshooters.py) is kept in the build's
meta, never as a result: its start question, its answers as links, and its title, tags and
phrases as index terms; so are the topics (the section pages). When someone searches, a query
that names nothing specific (`search.vagueness`), or whose best results are weak and spread
over different topics, gets the troubleshooter whose words match it best, else the topics.
"help" on its own gets the service desk, the Getting help topic and every troubleshooter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from search.analysis import DEFAULT_LANGUAGE, NEGATION_MARK, base_language, phrase_terms
from search.query import PARTICLES
from search.ranking import QueryTerms, phrase_similarity
from search.retrieval import Wordings
from search.vagueness import Kind

if TYPE_CHECKING:  # the guide model is read when a build is written, not to search
    from portal.guides.articles import Content
    from portal.guides.troubleshooters import Troubleshooter

Reason = Literal["vague", "spread", "help"]

# Reader-facing words (plain, kind, short).
QUESTION = "What isn't working?"
HELP_QUESTION = "What do you need help with?"
DESK_LABEL = "Contact the service desk"
HELP_SECTION = "help"  # the Getting help topic
DESK_FALLBACK_URL = "/help/contact-the-service-desk/"
MAX_TOPICS = 10
MIN_RESULT_TOPICS = 3  # fewer topics among the results than this: every topic is offered
RESULT_TOPICS = 6  # at most this many of the results' own topics

# A troubleshooter is chosen when its title, a tag or a phrase says at least this much of the
# query (ranking.phrase_similarity: the share of the query's concepts met times the share of
# the phrase said); below it the topics are offered. The words of its first answers count
# too, a little less than its own title, tags and phrases; the later questions' words less
# again (they are where a tree leads, not what it is about).
TREE_MATCH = 0.2
ANSWER_WEIGHT = 0.8
DEEPER_WEIGHT = 0.6
WHOLE_QUERY_WEIGHT = 0.5  # "account not working": the account first, "not working" after it
# Words that name something, asked only because the results are weak and spread ("excel
# add-in"), get a troubleshooter only when it says much of them; else the results' topics.
SPREAD_TREE_MATCH = 0.5
# Weak and spread: the top results come from this many different sections, none of them
# says much of what the query names, and none is close to a title or phrase the writers gave.
SPREAD_RESULTS = 3
WEAK_SHARE = 0.4
WEAK_PHRASE = 0.35


@dataclass(frozen=True)
class Choice:
    label: str
    url: str
    kind: str  # "question" | "guide" | "desk" | "topic"

    def as_dict(self) -> dict[str, str]:
        return {"label": self.label, "url": self.url, "kind": self.kind}


# ---- At index time: what the build's meta keeps ---------------------------------------


def _question_url(tree_url: str, question: str) -> str:
    """The reader's address for one answered question (contract: `?answers=<id>#<id>`)."""
    return f"{tree_url}?answers={question}#{question}"


def tree_entry(tree: Troubleshooter, url_of: Callable[[str], str | None]) -> dict[str, Any] | None:
    """A troubleshooter as the meta file keeps it; None when it has no start question."""
    from portal.guides.troubleshooters import DESK_PAGE

    start = tree.start
    if start is None:
        return None
    choices: list[dict[str, str]] = []
    for option in start.options:
        if option.kind == "question" and option.question and tree.question(option.question):
            url = _question_url(tree.url, option.question)
        elif option.kind == "desk" and option.guide is None:
            url = option.href  # `tel:` or `mailto:`
        elif option.kind == "desk":
            url = url_of(DESK_PAGE) or DESK_FALLBACK_URL
            url = f"{url}#{option.anchor}" if option.anchor else url
        elif option.kind == "guide" and option.guide:
            page = url_of(option.guide)
            if page is None:
                continue  # a dead link is the linter's to report; it is never offered
            url = f"{page}#{option.anchor}" if option.anchor else page
        else:
            continue
        choices.append({"label": option.label, "url": url, "kind": option.kind})
    if not choices:
        return None
    article = tree.article
    lang = base_language(article.lang)
    texts = (tree.title, *article.tags, *article.phrases, *article.keywords)
    return {
        "path": tree.path,
        "url": tree.url,
        "title": tree.title,
        "lang": lang,
        "question": start.text,
        "start": start.id,
        "choices": choices,
        "terms": _terms(texts, lang),
        "answers": _terms([option.label for option in start.options], lang),
        # The later questions' words and answers: "deleted it" finds the tree whose second
        # question offers "I deleted it by mistake", though its title says "gone".
        "deeper": _terms(
            [
                text
                for question in tree.questions[1:]
                for text in (question.text, *(option.label for option in question.options))
            ],
            lang,
        ),
    }


def _terms(texts: Sequence[str], lang: str) -> list[list[str]]:
    return [terms for terms in (phrase_terms(text, lang) for text in texts) if terms]


def index_meta(content: Content, searched: set[str]) -> dict[str, Any]:
    """The troubleshooters, the topics (section pages whose section has guides search finds),
    the contact page and the Getting help topic, for the build's meta file."""
    from portal.guides.troubleshooters import DESK_PAGE, troubleshooters_of

    def url_of(path: str) -> str | None:
        article = content.get(path)
        return article.url if article is not None else None

    trees = [entry for tree in troubleshooters_of(content) if (entry := tree_entry(tree, url_of))]
    trees.sort(key=_listed_order(content, trees))
    sections = {path.split("/", 1)[0] for path in searched if "/" in path}
    topics = [
        {
            "title": article.title,
            "url": article.url,
            "section": article.section,
            "lang": base_language(article.lang),
        }
        for article in content.articles
        if article.is_index and "/" in article.path and article.section in sections
    ]
    desk = content.get(DESK_PAGE)
    return {
        "troubleshooters": trees,
        "topics": topics,
        "desk": desk.url if desk is not None else DESK_FALLBACK_URL,
    }


def _listed_order(content: Content, trees: list[dict[str, Any]]) -> Callable[[Any], Any]:
    """Troubleshooters in the order their section page lists them, then by path."""
    from search.indexer import linked_paths

    order: dict[str, int] = {}
    for folder in dict.fromkeys(entry["path"].rsplit("/", 1)[0] for entry in trees):
        page = content.get(f"{folder}/index")
        for path in linked_paths(page.body, folder) if page is not None else []:
            order.setdefault(path, len(order))
    return lambda entry: (order.get(entry["path"], len(order)), entry["path"])


def updated_meta(
    meta: dict[str, Any], changed: Sequence[Troubleshooter], gone: Sequence[str]
) -> None:
    """The live preview's update: the troubleshooters at `gone` (removed or changed pages)
    dropped, the changed ones added again."""

    def url_of(path: str) -> str:
        return f"/{path}/"  # a guide's address (Article.url)

    narrowing = meta.setdefault("narrowing", {"troubleshooters": [], "topics": []})
    fresh = {tree.path: tree_entry(tree, url_of) for tree in changed}
    dropped = set(gone)
    kept: list[dict[str, Any]] = []
    for entry in narrowing["troubleshooters"]:  # each keeps its place in the list
        if entry["path"] in fresh:
            entry = fresh.pop(entry["path"])
        elif entry["path"] in dropped:
            continue
        if entry is not None:
            kept.append(entry)
    kept += [entry for entry in fresh.values() if entry is not None]
    narrowing["troubleshooters"] = kept


# ---- When someone searches: the question back ----------------------------------------


@dataclass(frozen=True)
class Tree:
    path: str
    url: str
    title: str
    lang: str
    question: str
    choices: tuple[Choice, ...]
    phrases: tuple[frozenset[str], ...]  # its title, tags and phrases
    answers: tuple[frozenset[str], ...]  # its first question's answers
    deeper: tuple[frozenset[str], ...]  # its later questions and their answers
    terms: frozenset[str]


def _likeness(tree: Tree, query: QueryTerms) -> float:
    return max(
        phrase_similarity(list(tree.phrases), query),
        ANSWER_WEIGHT * phrase_similarity(list(tree.answers), query),
        DEEPER_WEIGHT * phrase_similarity(list(tree.deeper), query) if tree.deeper else 0.0,
    )


@dataclass(frozen=True)
class Topic:
    title: str
    url: str
    section: str
    lang: str


@dataclass(frozen=True)
class Found:
    """What the ranking says about the top results, for the weak-and-spread test."""

    sections: list[str]  # of the top results, best first
    said: list[float]  # each one's share of what the query names (filler left out)
    phrase: list[float]  # how closely each one's title or a phrase says the query


class Narrower:
    """The troubleshooters and topics of one index build; read-only."""

    def __init__(self, meta: dict[str, Any] | None) -> None:
        meta = meta or {}
        self.trees = [
            Tree(
                path=entry["path"],
                url=entry["url"],
                title=entry["title"],
                lang=entry["lang"],
                question=entry["question"],
                choices=tuple(Choice(c["label"], c["url"], c["kind"]) for c in entry["choices"]),
                phrases=tuple(frozenset(terms) for terms in entry["terms"]),
                answers=tuple(frozenset(terms) for terms in entry.get("answers", [])),
                deeper=tuple(frozenset(terms) for terms in entry.get("deeper", [])),
                terms=frozenset(
                    term
                    for key in ("terms", "answers", "deeper")
                    for terms in entry.get(key, [])
                    for term in terms
                ),
            )
            for entry in meta.get("troubleshooters", [])
        ]
        self.topics = [
            Topic(t["title"], t["url"], t["section"], t["lang"]) for t in meta.get("topics", [])
        ]
        self.desk_url: str = meta.get("desk") or DESK_FALLBACK_URL

    def best_tree(
        self,
        wordings: list[Wordings],
        negated: bool,
        lang: str,
        named: list[Wordings] | None = None,
        says_no_more: bool = False,
    ) -> tuple[Tree | None, float]:
        """The troubleshooter whose title, tags or phrases (or first answers) say most of the
        query; what the query names (`named`: its symptoms and broad things) counts first,
        the whole query as typed after it; the first listed wins a tie.

        `says_no_more`, for words that only say something is wrong ("problem", "something
        went wrong"): only a tree with a title, tag or phrase that says nothing more than the
        query does ("something is wrong"); one shared word of "computer problems" is not one.
        """
        if not wordings:
            return None, 0.0
        whole = QueryTerms.of(wordings, negated)
        said = QueryTerms.of(named, False) if named else None
        words = {term for concept in wordings for terms in concept for term in terms}
        words.discard(NEGATION_MARK)
        said_words = words | {NEGATION_MARK} if negated else words
        best: tuple[Tree | None, float] = (None, 0.0)
        for tree in self.trees:
            if tree.lang != lang or not words & tree.terms:
                continue  # a shared "not" alone says nothing
            if says_no_more and not any(
                (phrase - PARTICLES) and phrase - PARTICLES <= said_words for phrase in tree.phrases
            ):
                continue  # a lone "in" of "it won't let me in" is no word the query lacks
            score = _likeness(tree, whole)
            if said is not None:
                score = _likeness(tree, said) + WHOLE_QUERY_WEIGHT * score
            if score > best[1]:
                best = (tree, score)
        return best if best[1] >= TREE_MATCH else (None, 0.0)

    def _topics(self, lang: str, first: Sequence[str] = ()) -> list[Choice]:
        """The topics in the reader's language, those of the top results first."""
        mine = [t for t in self.topics if t.lang == lang] or [
            t for t in self.topics if t.lang == DEFAULT_LANGUAGE
        ]
        order = {section: n for n, section in enumerate(dict.fromkeys(first))}
        mine.sort(key=lambda t: order.get(t.section, len(order)))
        # The results' own topics, when they are a few: a short list a stressed reader can
        # take in, above results that still show; else every topic.
        theirs = [t for t in mine if t.section in order]
        if len(theirs) >= MIN_RESULT_TOPICS:
            mine = theirs[:RESULT_TOPICS]
        return [Choice(t.title, t.url, "topic") for t in mine[:MAX_TOPICS]]

    def narrowing(
        self,
        reason: Reason,
        lang: str,
        wordings: Sequence[Wordings] = (),
        kinds: Sequence[Kind] = (),
        negated: bool = False,
        sections: Sequence[str] = (),
    ) -> dict[str, Any] | None:
        """The answer's `narrowing` object (docs/http-api.md); None when there is nothing to
        offer (a build from before troubleshooters and topics were kept).

        The troubleshooter is chosen by what the query names (a symptom, a broad thing) when
        it names anything: "account not working" is about the account, not "not working".
        """
        if reason == "help":
            return self._help(lang)
        named = [w for w, kind in zip(wordings, kinds, strict=False) if kind != "filler"]
        filler_only = bool(kinds) and not named
        tree, score = self.best_tree(list(wordings), negated, lang, named, filler_only)
        if reason == "spread" and score < SPREAD_TREE_MATCH:
            tree = None
        if filler_only and tree is None:
            return self._every_tree(reason, lang) or self._topic_question(reason, lang, sections)
        if tree is not None:
            return {
                "question": tree.question or QUESTION,
                "reason": reason,
                "troubleshooter": {"path": tree.path, "title": tree.title, "url": tree.url},
                "choices": [choice.as_dict() for choice in tree.choices],
            }
        return self._topic_question(reason, lang, sections)

    def _topic_question(
        self, reason: Reason, lang: str, sections: Sequence[str]
    ) -> dict[str, Any] | None:
        topics = self._topics(lang, sections)
        if not topics:
            return None
        return {
            "question": QUESTION,
            "reason": reason,
            "troubleshooter": None,
            "choices": [choice.as_dict() for choice in topics],
        }

    def _every_tree(self, reason: Reason, lang: str) -> dict[str, Any] | None:
        """Words that name nothing at all: every troubleshooter, then the service desk."""
        choices = [Choice(t.title, t.url, "question") for t in self.trees if t.lang == lang]
        if not choices:
            return None
        choices.append(Choice(DESK_LABEL, self.desk_url, "desk"))
        return {
            "question": QUESTION,
            "reason": reason,
            "troubleshooter": None,
            "choices": [choice.as_dict() for choice in choices],
        }

    def _help(self, lang: str) -> dict[str, Any]:
        """The service desk, the Getting help topic, then each troubleshooter."""
        choices = [Choice(DESK_LABEL, self.desk_url, "desk")]
        choices += [c for c in self._topics(lang) if c.url.strip("/") == HELP_SECTION]
        choices += [Choice(t.title, t.url, "question") for t in self.trees if t.lang == lang]
        return {
            "question": HELP_QUESTION,
            "reason": "help",
            "troubleshooter": None,
            "choices": [choice.as_dict() for choice in choices],
        }


def vague_reason(kinds: Sequence[Kind], asks_for_help: bool) -> Reason | None:
    """(a) The query names nothing specific: "help" when it asks for help and says nothing
    else that narrows, "vague" when it says only filler, symptoms or broad things."""
    if "specific" in kinds or ("symptom" in kinds and "broad" in kinds):
        return None
    if asks_for_help and not ({"symptom", "broad"} & set(kinds)):
        return "help"
    return "vague"


def weak_and_spread(found: Found) -> bool:
    """(b) The top results come from different topics and none says what the query names."""
    top = found.sections[:SPREAD_RESULTS]
    if len(top) < SPREAD_RESULTS or len(set(top)) < SPREAD_RESULTS:
        return False
    said = found.said[:SPREAD_RESULTS]
    phrase = found.phrase[:SPREAD_RESULTS]
    return max(said) < WEAK_SHARE and max(phrase) < WEAK_PHRASE
