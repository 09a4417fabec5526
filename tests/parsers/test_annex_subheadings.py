"""A short line of capitalized words in an annex is a table's column heads only when
table rows follow it; followed by the paragraph the count expects it is a subheading
(`Kosovo Protection Corps` / `100. Minority representation ...`)."""

import unittest

from ingest.parsers import parse_text

HEAD = "S/2007/1\nDistr.: General\n1 May 2007\nOriginal: English\n\nReport of the Secretary-General on X\n\n"
BODY = "1. The technical assessment is annexed to the present report.\n\n"


class AnnexSubheadingTests(unittest.TestCase):
    def test_capitalized_words_before_the_next_paragraph_are_a_subheading(self):
        doc = parse_text(
            HEAD
            + BODY
            + "Annex\n\nTechnical assessment of progress\n\n"
            + "1. Municipal elections were held on 17 November.\n"
            + "Kosovo Protection Corps\n"
            + "2. Minority representation within the Corps has remained steady.\n"
            + "3. Females continue to be represented at all levels of the Corps.\n"
        )
        annex = [b for b in doc.blocks if b.part == "annex"]
        self.assertEqual([b.number for b in annex if b.kind == "paragraph"], ["1", "2", "3"])
        self.assertIn(("heading", "Kosovo Protection Corps"), [(b.kind, b.text) for b in annex])
        self.assertFalse(any(b.kind == "table" for b in annex))

    def test_column_heads_followed_by_rows_are_still_a_table(self):
        doc = parse_text(
            HEAD
            + BODY
            + "Annex\n\nPolice component\n\n"
            + "Country Number Country Number\n"
            + "Argentina 10 Malawi 4\n"
            + "Austria 22 Nepal 17\n"
        )
        tables = [b.text for b in doc.blocks if b.kind == "table"]
        self.assertEqual(len(tables), 1)
        self.assertIn("Austria 22 Nepal 17", tables[0])

    def test_column_heads_after_a_spanning_head_that_reads_unfinished(self):
        # the line over the columns (`... Formed police unit members`) has no stop, so
        # the next line would continue it; the rows of names and figures say otherwise
        doc = parse_text(
            HEAD
            + BODY
            + "Annex II\n"
            + "Composition and strength of the police of the United Nations\n"
            + "Mission for Justice Support in Haiti as at 7 February 2019\n"
            + "                 United Nations police officers Formed police unit members\n"
            + "Country Women Men Women Men\n"
            + "Argentina 4\n"
            + "Côte d’Ivoire 7 30\n"
            + "Nepal 2 4 7 133\n"
        )
        annex = [b for b in doc.blocks if b.part == "annex"]
        tables = [b.text for b in annex if b.kind == "table"]
        self.assertEqual(len(tables), 1)
        self.assertTrue(tables[0].startswith("Country Women Men Women Men\nArgentina 4"))
        self.assertIn("Nepal 2 4 7 133", tables[0])
        self.assertNotIn("Argentina 4", [b.text for b in annex if b.kind != "table"])


class FigureTableTests(unittest.TestCase):
    """Rows of names and figures are a table though no column heads of capitalized
    words announce them; such a table ends where the text resumes."""

    def test_rows_under_heads_of_one_capital_are_a_table(self):
        doc = parse_text(
            HEAD
            + BODY
            + "Annex\nCountries providing military observers (as at 1 July 2007)\n"
            + "Country Military observers\n"
            + "Albania 3\nAustria 2\nPakistan 11a\nCzech Republic 6\nTotal 134\n"
        )
        annex = [b for b in doc.blocks if b.part == "annex"]
        tables = [b.text for b in annex if b.kind == "table"]
        self.assertEqual(len(tables), 1)
        self.assertEqual(
            tables[0].split("\n"),
            ["Country Military observers", "Albania 3", "Austria 2", "Pakistan 11a"]
            + ["Czech Republic 6", "Total 134"],
        )
        self.assertEqual([b.kind for b in annex], ["heading", "heading", "table"])

    def test_a_table_in_the_body_ends_where_the_paragraphs_go_on(self):
        doc = parse_text(
            HEAD
            + "1. The present report covers the period since my last report.\n"
            + "2. As of April 1992, the composition of the Mission was as follows:\n"
            + "Engineers (Canada) 85\nLogistics (Denmark) 45\nHelicopters (Chile) 50\n"
            + "Medical (Norway) 20\n"
            + "3. The above figures represent authorized strength, subject to minor\n"
            + "fluctuations, particularly in connection with rotation.\n"
        )
        kinds = [(b.kind, b.number) for b in doc.blocks if b.kind != "heading"]
        self.assertEqual(
            kinds, [("paragraph", "1"), ("paragraph", "2"), ("table", ""), ("paragraph", "3")]
        )
        table = next(b for b in doc.blocks if b.kind == "table")
        self.assertEqual(table.text.count("\n"), 3)

    def test_lines_of_text_that_end_on_a_figure_stay_text(self):
        wide = "The troops of the Mission rose in the period under review to "
        doc = parse_text(
            HEAD
            + "1. The present report covers the period since my last report.\n"
            + f"2. {wide}1\n"
            + "thousands of personnel, and the police deployed in the sectors to 3\n"
            + "thousands, while the civilian staff of the Mission reached almost 2\n"
            + "thousand by the end of the period.\n"
        )
        self.assertFalse(any(b.kind == "table" for b in doc.blocks))
        self.assertEqual([b.number for b in doc.blocks if b.kind == "paragraph"], ["1", "2"])


class CostTableTests(unittest.TestCase):
    """Cost estimates annexed to a report number their lines (1-19) and give an amount
    (or a dash) on each: the lines are table rows, not the annex's paragraphs."""

    def test_numbered_lines_with_amounts_are_a_table(self):
        doc = parse_text(
            HEAD
            + BODY
            + "Annex\n\nCost estimates for the extension of the Mission\n\n"
            + "Amount\n"
            + "1. Military personnel costs 2 049\n"
            + "2. Civilian personnel costs a/ 4 575\n"
            + "3. Naval operations -\n"
            + "4. Staff assessment 629\n"
        )
        annex = [b for b in doc.blocks if b.part == "annex"]
        self.assertEqual([b for b in annex if b.kind == "paragraph"], [])
        table = next(b for b in annex if b.kind == "table")
        self.assertIn("4. Staff assessment 629", table.text)

    def test_numbered_paragraphs_ending_on_a_figure_stay_paragraphs(self):
        doc = parse_text(
            HEAD
            + BODY
            + "Annex\n\nTechnical assessment\n\n"
            + "1. The Mission has 2 049 military personnel, of whom 120 are observers.\n"
            + "2. Its civilian staff numbers 151.\n"
            + "3. The cost for the period is estimated at 15 729\n"
            + "thousand dollars.\n"
        )
        numbers = [b.number for b in doc.blocks if b.part == "annex" and b.kind == "paragraph"]
        self.assertEqual(numbers, ["1", "2", "3"])
