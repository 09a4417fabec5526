"""Recommendations and questions for discussion: numbered paragraphs under their heading.

Recommendations are the paragraphs of a section whose heading says so: `三. 结论和建议`,
`建议`, "Conclusions and recommendations", "Recommendations". A Secretary-General's
"Observations" (`意见`) section is not counted: it holds the Secretary-General's views,
of which only some are recommendations, and a user listing recommendations expects the
ones a report makes as such.

Questions are what a concept note puts to the meeting under a heading such as
`挑战和讨论的问题`, `供审议的关键问题`, `讨论的问题`, "Questions for discussion",
"Key questions": numbered paragraphs, bullets, or lines whose bullet the PDF lost.
"""

from __future__ import annotations

import re

from .briefers import clean_text
from .meetings import heading_text
from .types import Block, ParsedQuestion, ParsedRecommendation

_RECOMMENDATIONS = re.compile(
    r"^(?:[^。]{0,12}(?:结论|意见|看法|评论)\s*(?:和|与|及|、)\s*)?建议$"
    r"|^(?:[\w ,]{0,40}\band\s+|summary of\s+|main\s+|key\s+)?recommendations?$",
    re.IGNORECASE,
)
_QUESTIONS = re.compile(
    r"问题$|^(?:key |guiding )?questions?\b|questions? (?:for|to be) (?:discussion|consideration)",
    re.IGNORECASE,
)
_QUESTION_QUALIFIERS = re.compile(r"讨论|审议|关键|探讨|指导|思考|question", re.IGNORECASE)
_TERMINAL = "。？！?!；;.:："


def _heading(block: Block) -> tuple[int, str] | None:
    """(level, text) when the block is a heading, or a short unnumbered line that reads as one."""
    if block.kind == "heading":
        return (block.level or 1, heading_text(block))
    if block.kind == "text" and not block.number:
        text = clean_text(block.text)
        if 0 < len(text) <= 40 and text[-1] not in _TERMINAL and "，" not in text:
            return (3, text)
    return None


def _section(blocks: list[Block], matches) -> list[list[Block]]:
    """Blocks under each heading that `matches`, until a heading of the same or higher rank."""
    sections = []
    current: list[Block] | None = None
    level = 0
    for block in blocks:
        heading = _heading(block)
        if heading is not None:
            if matches(heading[1]):
                current, level = [], heading[0]
                sections.append(current)
                continue
            if current is not None and (
                block.kind == "heading" and heading[0] <= level or level == 3
            ):
                current = None
            continue
        if current is not None:
            current.append(block)
    return sections


def extract_recommendations(blocks: list[Block]) -> list[ParsedRecommendation]:
    found: list[ParsedRecommendation] = []
    for section in _section(blocks, lambda text: bool(_RECOMMENDATIONS.search(text.strip()))):
        for block in section:
            text = clean_text(block.text)
            if block.kind == "paragraph" and block.number:
                found.append(
                    ParsedRecommendation(number=block.number, text=text, anchor=block.anchor)
                )
            elif block.kind in ("item", "text") and found and text:
                # (a), (b) or a wrapped line of the paragraph before
                found[-1].text = f"{found[-1].text}\n{text}"
    return found


def _is_question_heading(text: str) -> bool:
    return bool(_QUESTIONS.search(text.strip())) and bool(_QUESTION_QUALIFIERS.search(text))


def extract_questions(blocks: list[Block]) -> list[ParsedQuestion]:
    found: list[ParsedQuestion] = []
    for section in _section(blocks, _is_question_heading):
        for block in section:
            if block.kind not in ("paragraph", "item", "text"):
                continue
            text = clean_text(block.text)
            if not text:
                continue
            numbered = bool(block.number) and block.number not in ("•", "-", "–", "")
            follows = found and not numbered and found[-1].text[-1] not in _TERMINAL
            if follows:
                found[-1].text += text  # a wrapped line of the question before
                continue
            found.append(
                ParsedQuestion(
                    number=block.number if numbered else "", text=text, anchor=block.anchor
                )
            )
    return found
