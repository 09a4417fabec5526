"""Footnotes marked otherwise than by a number: table notes `a`, `b`; the 1990s `a/`, `1/`;
an asterisk or a dagger. They follow the rule line like numbered notes do."""

import unittest

from ingest.parsers import parse_text

HEAD = "S/2007/1\nDistr.: General\n1 May 2007\nOriginal: English\n\nReport of the Secretary-General on X\n\n"


def notes(doc):
    return [(b.number, b.text) for b in doc.blocks if b.kind == "footnote"]


class OtherMarkerTests(unittest.TestCase):
    def test_letter_markers_after_a_rule_are_footnotes(self):
        doc = parse_text(
            HEAD
            + "1. The Mission has 18 police officers from nine countries.\n"
            + "__________________\n"
            + "a Including the Senior Police Adviser.\n"
            + "b Including two medical officers.\n"
        )
        self.assertEqual(
            notes(doc),
            [
                ("a", "Including the Senior Police Adviser."),
                ("b", "Including two medical officers."),
            ],
        )
        body = [b.text for b in doc.blocks if b.kind != "footnote"]
        self.assertFalse(any("Senior Police Adviser" in text for text in body))

    def test_a_marker_alone_on_its_line_takes_the_next_line(self):
        doc = parse_text(
            HEAD
            + "1. The Mission has 18 police officers.\n"
            + "__________________\n"
            + "a\n"
            + "Including the Senior Police Adviser.\n"
        )
        self.assertEqual(notes(doc), [("a", "Including the Senior Police Adviser.")])

    def test_slash_markers_of_the_1990s_and_an_asterisk(self):
        doc = parse_text(
            HEAD
            + "1. The cost would amount to $15.7 million.\n"
            + "__________________\n"
            + "* The present report was delayed for technical reasons.\n"
            + "a/ Comprises 70 international staff and 81 locally recruited staff.\n"
        )
        self.assertEqual([n for n, _ in notes(doc)], ["*", "a"])
        self.assertTrue(notes(doc)[1][1].startswith("Comprises 70"))

    def test_numbered_notes_are_unchanged(self):
        doc = parse_text(HEAD + "1. Text with a note.1\n__________________\n1 The note itself.\n")
        self.assertEqual(notes(doc), [("1", "The note itself.")])
