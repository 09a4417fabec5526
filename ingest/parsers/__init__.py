"""Parsers: source text -> plain data classes (types.py). No ORM here."""

from .text import parse_text
from .types import Block, DocumentHints, ParsedDocument, ParseError

__all__ = ["Block", "DocumentHints", "ParsedDocument", "ParseError", "parse_text"]
