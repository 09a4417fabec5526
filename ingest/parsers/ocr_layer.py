"""What tesseract read on a page: its words, with their boxes and confidences.

Tesseract's TSV output has one row per page, block, paragraph, line and word; words
(level 5) carry a confidence from 0 to 100. A page's confidence is the mean of its
words' confidences, each weighted by its length (a long word misread matters more than a
stray mark read as `|`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

WORD_LEVEL = 5
PAGE_LEVEL = 1


@dataclass
class OcrWord:
    text: str
    confidence: float
    left: int
    top: int
    width: int
    height: int
    line: tuple[int, int, int]  # (block, paragraph, line) on its page

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass
class OcrLine:
    text: str
    top: int
    bottom: int
    left: int
    confidence: float


@dataclass
class OcrPage:
    number: int  # 1-based page of the PDF
    width: int = 0
    height: int = 0
    words: list[OcrWord] = field(default_factory=list)

    @property
    def confidence(self) -> float | None:
        """Mean word confidence (0-100) weighted by word length; None for a page without
        words (blank, or a picture)."""
        weight = sum(len(w.text) for w in self.words)
        if not weight:
            return None
        return round(sum(w.confidence * len(w.text) for w in self.words) / weight, 1)

    def lines(self) -> list[OcrLine]:
        """The page's lines in tesseract's reading order."""
        grouped: dict[tuple[int, int, int], list[OcrWord]] = {}
        for word in self.words:
            grouped.setdefault(word.line, []).append(word)
        lines = []
        for words in grouped.values():
            weight = sum(len(w.text) for w in words)
            lines.append(
                OcrLine(
                    text=" ".join(w.text for w in words),
                    top=min(w.top for w in words),
                    bottom=max(w.bottom for w in words),
                    left=min(w.left for w in words),
                    confidence=sum(w.confidence * len(w.text) for w in words) / weight,
                )
            )
        return lines


def parse_tsv(text: str, number: int) -> OcrPage:
    """One page of tesseract's TSV output (`tessedit_create_tsv`)."""
    page = OcrPage(number)
    rows = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in rows:
        if len(row) < 12 or not row[0].isdigit():
            continue  # the header row, or a damaged one
        level = int(row[0])
        left, top, width, height = (int(v) for v in row[6:10])
        if level == PAGE_LEVEL:
            page.width, page.height = width, height
        elif level == WORD_LEVEL and row[11].strip():
            confidence = max(0.0, min(100.0, float(row[10])))
            line = (int(row[2]), int(row[3]), int(row[4]))
            page.words.append(OcrWord(row[11].strip(), confidence, left, top, width, height, line))
    return page
