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


class EndnoteTests(unittest.TestCase):
    """The typescripts of the 1990s put their notes at the end, under `Notes`."""

    TEXT = (
        HEAD
        + "1. The Council extended the mandate of the Mission 1/ and asked for a report.\n\n"
        + "2. I recommend that the Council extend the mandate once more. 2/\n\n"
        + "Notes\n\n"
        + "1/ S/22454 and Add.1-3.\n\n"
        + "2/ S/23106, para. 12, and S/23000,\nannex.\n"
    )

    def test_notes_under_a_notes_heading_are_footnotes(self):
        doc = parse_text(self.TEXT)
        self.assertEqual(
            notes(doc),
            [("1", "S/22454 and Add.1-3."), ("2", "S/23106, para. 12, and S/23000, annex.")],
        )
        self.assertEqual([b.number for b in doc.blocks if b.kind == "paragraph"], ["1", "2"])
        body = " ".join(b.text for b in doc.blocks if b.kind != "footnote")
        self.assertNotIn("S/22454", body)
        self.assertNotIn("Notes", body)

    def test_they_go_on_over_a_page_and_end_at_the_annex(self):
        text = self.TEXT.replace("\n\n2/", "\n\f2/") + "\n\fAnnex\n\nList of troop contributors\n"
        doc = parse_text(text)
        self.assertEqual([n for n, _ in notes(doc)], ["1", "2"])
        self.assertTrue(any(b.part == "annex" for b in doc.blocks if b.kind != "footnote"))

    def test_a_notes_heading_over_ordinary_text_is_a_heading(self):
        doc = parse_text(
            HEAD + "1. The Mission reports.\n\nNotes\n\n2. The notes of the Mission follow.\n"
        )
        self.assertEqual(notes(doc), [])
        self.assertEqual([b.number for b in doc.blocks if b.kind == "paragraph"], ["1", "2"])
