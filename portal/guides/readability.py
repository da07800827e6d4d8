"""Offline readability scores for guides.

textstat 0.7.9 and later download a pronunciation dictionary at run time and fail offline,
so syllables come from pyphen's hyphenation dictionary (what textstat used before).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyphen

from portal.guides.markdown_text import Block, text_blocks

WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”')\]]*\s+(?=[\"“(\[]?[A-Z0-9])")
# Blocks a reader sees as interface chrome rather than prose.
_SKIPPED_KINDS = frozenset({"tab-label"})


@cache
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def syllables(word: str) -> int:
    """Syllables in one word (hyphenated words add up their parts)."""
    total = 0
    for part in re.split(r"[-'’]", word):
        if not part:
            continue
        if part.isdigit():
            total += 1
            continue
        total += max(1, _dictionary().inserted(part.lower()).count("-") + 1)
    return max(total, 1)


def sentences(text: str) -> list[str]:
    """Split a block's text into sentences; a block with no end mark is one sentence."""
    return [piece for piece in _SENTENCE_END.split(text) if WORD.search(piece)]


def words(text: str) -> list[str]:
    return WORD.findall(text)


@dataclass(frozen=True)
class Readability:
    """Counts and the Flesch-Kincaid grade of one text."""

    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level (US school grade needed to follow the text)."""
        if not self.words or not self.sentences:
            return 0.0
        return 0.39 * (self.words / self.sentences) + 11.8 * (self.syllables / self.words) - 15.59


def score_sentences(all_sentences: list[str]) -> Readability:
    word_list = [word for sentence in all_sentences for word in words(sentence)]
    return Readability(
        words=len(word_list),
        sentences=len(all_sentences),
        syllables=sum(syllables(word) for word in word_list),
    )


def readable_sentences(blocks: list[Block]) -> list[str]:
    """The sentences of the rendered page: headings and list items each count as one."""
    return [
        sentence
        for block in blocks
        if block.kind not in _SKIPPED_KINDS
        for sentence in sentences(block.text)
    ]


def score_markdown(markdown: str) -> Readability:
    """Readability of a guide's Markdown body, code blocks left out."""
    return score_sentences(readable_sentences(text_blocks(markdown)))


def main(argv: list[str]) -> int:
    """Print the grade of each Markdown file named (a writer's quick check)."""
    from portal.guides.articles import split_front_matter

    for name in argv:
        body = split_front_matter(Path(name).read_text(encoding="utf-8"))[1]
        score = score_markdown(body)
        longest = max((len(words(s)) for s in readable_sentences(text_blocks(body))), default=0)
        print(
            f"{name}: grade {score.grade:.1f}, {score.words} words, "
            f"{score.sentences} sentences, longest sentence {longest} words"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
