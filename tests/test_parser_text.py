"""parse_text on the real corpus (Chinese extracts), on English PDF-like text, and on bad
input: metadata, blocks, parts, anchors, citations, errors."""

import datetime as dt
import time
import unittest
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.parsers import DocumentHints, ParseError, parse_text

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"


@cache
def parsed(name):
    return parse_text((CORPUS / name).read_text(encoding="utf-8"), source_name=name)


def paragraphs(doc, part=None):
    return [b for b in doc.blocks if b.kind == "paragraph" and (part is None or b.part == part)]


def block_with(doc, needle):
    return [b for b in doc.blocks if needle in b.text]


class ReportOf2011Tests(unittest.TestCase):
    doc = property(lambda self: parsed("S_2011_817.zh.txt"))

    def test_it_reads_the_metadata(self):
        doc = self.doc
        self.assertEqual(doc.symbol, "S/2011/817")
        self.assertEqual(doc.symbols, ["S/2011/817"])
        self.assertEqual(doc.language, "zh")
        self.assertEqual(doc.organ, "SC")
        self.assertEqual(doc.date, dt.date(2011, 12, 30))  # the letter's date
        self.assertEqual(
            (doc.period_start, doc.period_end), (dt.date(2011, 6, 29), dt.date(2011, 12, 31))
        )
        self.assertEqual(doc.job_number, "12-20064")
        self.assertEqual(doc.doc_type, "report")
        self.assertEqual(doc.title, "安全理事会维持和平行动工作组的报告")

    def test_it_numbers_paragraphs_1_to_58_in_sequence(self):
        self.assertEqual([b.number for b in paragraphs(self.doc)], [str(n) for n in range(1, 59)])
        self.assertEqual(self.doc.warnings, [])

    def test_it_keeps_the_text_of_paragraph_9_as_printed_in_the_extract(self):
        p9 = next(b for b in self.doc.blocks if b.anchor == "p9")
        self.assertTrue(p9.text.startswith("后，秘书处提出的建议是，"))
        self.assertEqual(p9.number, "9")
        self.assertEqual(p9.kind, "paragraph")

    def test_it_reads_the_headings(self):
        headings = [
            (b.number, b.text, b.level)
            for b in self.doc.blocks
            if b.kind == "heading" and b.level in (1, 2)
        ]
        self.assertEqual(headings[0], ("一", "导言", 1))
        self.assertIn(("二", "会议", 1), headings)
        self.assertIn(("A", "在 6 月份与部队派遣国代表团举行的会议", 2), headings)
        self.assertIn(("三", "结论和建议", 1), headings)
        subheadings = [b for b in self.doc.blocks if b.kind == "heading" and b.level == 3]
        self.assertEqual(
            [b.text for b in subheadings], ["秘书处、部队派遣国和安理会成员交换意见"] * 3
        )

    def test_it_splits_letter_and_report(self):
        letter = [b for b in self.doc.blocks if b.part == "letter"]
        self.assertEqual(letter[0].kind, "heading")
        self.assertEqual(
            letter[0].text,
            "2011 年 12 月 30 日安全理事会维持和平行动工作组主席给安全理事会主席的信",
        )
        self.assertEqual(
            [b.text for b in letter[-3:]],
            ["安全理事会维持和平行动工作组", "主席", "乌切·乔伊·奥格武(签名)"],
        )
        self.assertTrue(all(b.kind == "text" for b in letter[1:]))
        self.assertTrue(all(b.part == "body" for b in paragraphs(self.doc)))

    def test_it_reads_items_and_bullets_with_anchors_and_sections(self):
        by_anchor = {b.anchor: b for b in self.doc.blocks}
        self.assertEqual(by_anchor["p7-a"].number, "(a)")
        self.assertEqual(by_anchor["p7-i"].kind, "item")
        self.assertEqual(by_anchor["p4-b1"].number, "•")
        self.assertEqual(
            by_anchor["p4-b1"].text, "联合国在采购用于维和任务的直升机方面所面临的挑战"
        )
        self.assertEqual(
            by_anchor["p24-b6"].text,
            "国家警察在学习和组织方面过渡到具有更大的自我维持能力和可持续性",
        )
        self.assertEqual(by_anchor["p53"].section, "结论和建议")
        self.assertEqual(len(by_anchor), len(self.doc.blocks))  # anchors are unique

    def test_it_joins_a_symbol_split_across_lines_and_cites_it(self):
        bullet = block_with(self.doc, "无视 S/PRST/2001/3 号文件")[0]
        self.assertEqual(bullet.citations, ["S/PRST/2001/3"])
        self.assertIn("S/RES/1353(2001)", self.doc.citations)


class ReportOf2016Tests(unittest.TestCase):
    doc = property(lambda self: parsed("S_2017_130.zh.txt"))

    def test_it_reads_the_page_one_block(self):
        doc = self.doc
        self.assertEqual(doc.symbol, "S/2017/130")
        self.assertEqual(doc.date, dt.date(2017, 2, 14))  # issue date, not the letter's 13 February
        self.assertEqual(doc.original_language, "en")
        self.assertEqual(doc.distribution, "General")
        self.assertEqual(doc.job_number, "17-02287")
        self.assertEqual(doc.page_count, 13)
        self.assertEqual(
            doc.title, "关于维持和平行动工作组 2016年 1月 1日至 12月 31日期间活动的报告"
        )
        self.assertEqual(
            (doc.period_start, doc.period_end), (dt.date(2016, 1, 1), dt.date(2016, 12, 31))
        )
        self.assertEqual(doc.doc_type, "report")

    def test_it_numbers_paragraphs_1_to_110(self):
        self.assertEqual([b.number for b in paragraphs(self.doc)], [str(n) for n in range(1, 111)])
        p100 = next(b for b in self.doc.blocks if b.anchor == "p100")
        self.assertTrue(p100.text.startswith("他认为特派团的各种战略是相互关联的"))

    def test_it_keeps_the_annex_table_line_by_line(self):
        [table] = [b for b in self.doc.blocks if b.kind == "table"]
        self.assertEqual(table.part, "annex")
        self.assertEqual(table.anchor, "tbl1")
        lines = table.text.split("\n")
        self.assertEqual(lines[0].strip(), "日期 通报人 主题")
        self.assertIn("Thierry Lion 准将", table.text)
        self.assertEqual(lines[-1].strip(), "联系")
        annex = [b for b in self.doc.blocks if b.part == "annex"]
        self.assertEqual([b.text for b in annex[:2]], ["附件", "工作组 2016年的会议"])

    def test_it_cites_documents_and_every_resolution_of_a_shared_phrase(self):
        citations = self.doc.citations
        for symbol in [
            "S/PRST/2001/3",
            "S/2017/2/Rev.1",
            "A/70/95-S/2015/446",
            "S/2016/1019",
            "S/RES/2242(2015)",
            "S/PRST/2015/26",
        ]:
            self.assertIn(symbol, citations)
        p52 = next(b for b in self.doc.blocks if b.anchor == "p52")
        self.assertEqual(
            p52.citations,
            [
                "S/RES/2129(2013)",
                "S/RES/2185(2014)",
                "S/RES/2195(2014)",
                "S/RES/2242(2015)",
                "S/PRST/2014/23",
                "S/RES/1373(2001)",
            ],
        )

    def test_it_drops_link_lines_and_furniture(self):
        for block in self.doc.blocks:
            self.assertNotIn("undocs.org", block.text)
            self.assertNotIn("17-02287", block.text)
            self.assertNotIn("Distr.", block.text)


class GeneralAssemblyReportTests(unittest.TestCase):
    doc = property(lambda self: parsed("A_62_627.zh.txt"))

    def test_it_reads_session_agenda_item_and_title(self):
        doc = self.doc
        self.assertEqual((doc.symbol, doc.organ), ("A/62/627", "GA"))
        self.assertEqual(doc.ga_session, 62)
        self.assertEqual(doc.agenda_item, "34")
        self.assertEqual(doc.title, "维持和平行动特别委员会建议的执行情况")
        self.assertEqual(doc.doc_type, "sg_report")
        self.assertEqual(doc.job_number, "07-66270")

    def test_it_numbers_paragraphs_through_a_lost_dot_and_a_full_width_dot(self):
        self.assertEqual([b.number for b in paragraphs(self.doc)], [str(n) for n in range(1, 80)])
        p69 = next(b for b in self.doc.blocks if b.anchor == "p69")
        self.assertTrue(p69.text.startswith("目前正按大会第 59/300 号决议的要求"))

    def test_it_cites_documents(self):
        for symbol in [
            "A/62/627/Add.1",
            "A/55/305-S/2000/809",
            "A/RES/61/279",
            "A/C.5/60/26",
            "A/RES/62/63",
        ]:
            self.assertIn(symbol, self.doc.citations)

    def test_it_reads_footnotes_and_resumes_the_paragraph_they_interrupt(self):
        notes = [b for b in self.doc.blocks if b.kind == "footnote"]
        self.assertEqual([b.number for b in notes], ["1", "2", "3", "4"])
        self.assertEqual([b.anchor for b in notes], ["fn1", "fn2", "fn3", "fn4"])
        self.assertTrue(notes[0].text.startswith("A/61/19（Part II）"))
        p5 = next(b for b in self.doc.blocks if b.anchor == "p5")
        self.assertTrue(p5.text.endswith("管理和持续开展维持和平行动的能力。"))
        order = [b.anchor for b in self.doc.blocks]
        self.assertEqual(order.index("fn1"), order.index("p5") + 1)
        p4 = next(b for b in self.doc.blocks if b.anchor == "p4")
        self.assertIn("2007 年报告1中提出的各项建议的情况", p4.text)  # the marker stays in place


class ConceptNoteTests(unittest.TestCase):
    def test_it_reads_the_ninth_thematic_discussion_note(self):
        doc = parsed("S_2015_1042.zh.txt")
        self.assertEqual(doc.doc_type, "concept_note")
        self.assertEqual(doc.date, dt.date(2015, 12, 24))
        self.assertTrue(
            doc.title.startswith("2015 年 12 月 11 日安全理事会维持和平行动工作组题为“争取建立")
        )
        for symbol in [
            "S/RES/1353(2001)",
            "S/PRST/2001/3",
            "A/70/95-S/2015/446",
            "A/70/357-S/2015/682",
        ]:
            self.assertIn(symbol, doc.citations)
        subheadings = [b.text for b in doc.blocks if b.kind == "heading" and b.level == 3]
        self.assertIn("为什么三方对话很重要", subheadings)
        self.assertIn("挑战和讨论的问题", subheadings)
        lost_bullets = [b for b in doc.blocks if b.kind == "item"]
        self.assertEqual(len(lost_bullets), 4)
        self.assertTrue(lost_bullets[0].text.startswith("扩大新西兰发起的非正式对话会议"))
        self.assertEqual([b.number for b in paragraphs(doc)], ["1", "2", "3", "4", "5", "6"])
        [note] = [b for b in doc.blocks if b.kind == "footnote"]
        self.assertEqual(note.text, "大会选举的安全理事会 10 个任期两年的非常任理事国。")

    def test_it_reads_the_sixth_thematic_discussion_note(self):
        doc = parsed("S_2015_1039.zh.txt")
        self.assertEqual(doc.doc_type, "concept_note")
        self.assertIn("问题专题讨论会的概念说明", doc.title)
        [okamura] = block_with(doc, "Yoshifumi Okamura")
        self.assertEqual(okamura.kind, "text")
        [note] = [b for b in doc.blocks if b.kind == "footnote"]
        self.assertTrue(note.text.endswith("International Peace Institute，August 2015。"))
        # the paragraph interrupted by the footnote goes on after it
        [resumed] = block_with(doc, "仍然是维和部/外勤部的一个优先事项。")
        self.assertTrue(resumed.text.startswith("C-34 的 2014 年报告"))
        self.assertEqual(doc.warnings, [])


ENGLISH = """S
United Nations /2013/139*
Security Council
Distr.: General
8 March 2013
Original: English
Report of the Secretary-General on the United Nations
Stabilization Mission in Haiti
I. Introduction
1. By its resolution 2070 (2012), the Security Council extended the mandate of
the United Nations Stabilization Mission in Haiti (MINUSTAH) until 15 October
2013 and requested me to report on its implementation semi-annually.
II. Political and security update
Political situation
2. The period under review posed numerous challenges, see S/2012/678.
* Reissued for technical reasons on 13 March 2013.
13-24582* (E) 130313
*1324582*S/2013/139\f2 13-24582S/2013/139
3. The President of Haiti, Michel Joseph Martelly, succeeded in forming a
pro-Government majority; resolutions 1542 (2004) and 1608 (2005) apply.
(a) First item of the list;
(b) Second item.
"""


class EnglishTextTests(unittest.TestCase):
    def test_it_reads_english_pdf_text(self):
        doc = parse_text(ENGLISH)
        self.assertEqual(doc.symbol, "S/2013/139")
        self.assertEqual((doc.language, doc.original_language), ("en", "en"))
        self.assertEqual(doc.date, dt.date(2013, 3, 8))
        self.assertEqual(doc.doc_type, "sg_report")
        self.assertEqual(
            doc.title,
            "Report of the Secretary-General on the United Nations Stabilization Mission in Haiti",
        )
        self.assertEqual(doc.job_number, "13-24582")
        self.assertEqual(doc.page_count, 2)
        self.assertEqual([b.number for b in paragraphs(doc)], ["1", "2", "3"])
        heading = [(b.number, b.text, b.level) for b in doc.blocks if b.kind == "heading"]
        self.assertIn(("I", "Introduction", 1), heading)
        self.assertIn(("", "Political situation", 3), heading)
        p1 = paragraphs(doc)[0]
        self.assertTrue(
            p1.text.endswith(
                "until 15 October 2013 and requested me to report on its implementation semi-annually."
            )
        )
        self.assertEqual(p1.citations, ["S/RES/2070(2012)"])
        self.assertEqual(paragraphs(doc)[2].page, 2)
        items = [b for b in doc.blocks if b.kind == "item"]
        self.assertEqual([(b.number, b.anchor) for b in items], [("(a)", "p3-a"), ("(b)", "p3-b")])
        for block in doc.blocks:
            self.assertNotIn("13-24582", block.text)
            self.assertNotIn("Reissued", block.text)


class HintsAndErrorsTests(unittest.TestCase):
    def test_it_prefers_hints(self):
        hints = DocumentHints(
            symbol="A/70/95-S/2015/446",
            date=dt.date(2015, 6, 17),
            language="zh",
            job_number="15-09999",
        )
        doc = parse_text("1. 第一段。\n2. 第二段。\n", hints=hints)
        self.assertEqual(doc.symbol, "A/70/95")
        self.assertEqual(doc.symbols, ["A/70/95", "S/2015/446"])
        self.assertEqual(doc.organ, "GA")
        self.assertEqual(doc.date, dt.date(2015, 6, 17))
        self.assertEqual(doc.job_number, "15-09999")
        self.assertEqual([b.number for b in doc.blocks], ["1", "2"])

    def test_a_hinted_symbol_replaces_the_printed_one(self):
        doc = parse_text(
            "S/2020/1\n12-20064 (C)2\n1. 第一段。\n", hints=DocumentHints(symbol="s/2020/2")
        )
        self.assertEqual((doc.symbol, doc.symbols), ("S/2020/2", ["S/2020/2"]))

    def test_it_refuses_text_without_letters(self):
        for text in ["", "   \n\f  ", "12-20064 4\n3/5\n"]:
            with (
                self.subTest(repr(text)),
                self.assertRaisesRegex(ParseError, "empty or has no letters"),
            ):
                parse_text(text)
        with self.assertRaisesRegex(ParseError, "no body text"):
            parse_text(
                "S/2011/817\n12-20064 (C)4\n3/5 15-22990 (C)\nhttp://undocs.org/ch/S/2011/817\n"
            )

    def test_it_asks_for_a_symbol_when_none_is_printed(self):
        with self.assertRaisesRegex(ParseError, "no document symbol found .* supply one"):
            parse_text("1. 一段没有文号的文字。\n")

    def test_it_warns_about_paragraph_numbers_out_of_sequence(self):
        doc = parse_text(
            "1. 第一段。\n2. 第二段。\n5. 第五段。\n", hints=DocumentHints(symbol="S/2020/1")
        )
        self.assertEqual([b.number for b in doc.blocks], ["1", "2", "5"])
        self.assertEqual(len(doc.warnings), 1)
        self.assertIn("paragraph 5 follows paragraph 2", doc.warnings[0])

    def test_it_is_fast_on_the_largest_file(self):
        text = (CORPUS / "A_62_627.zh.txt").read_text(encoding="utf-8")
        start = time.perf_counter()
        parse_text(text)
        self.assertLess(time.perf_counter() - start, 1.0)


SAMPLE_LINES = (CORPUS / "S_2011_817.zh.txt").read_text(encoding="utf-8").splitlines()


class FuzzTests(unittest.TestCase):
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.text(max_size=3000))
    def test_it_gives_a_document_or_a_parse_error_for_any_text(self, text):
        try:
            parse_text(text)
        except ParseError:
            pass

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.sampled_from(SAMPLE_LINES), max_size=200), st.booleans())
    def test_it_survives_shuffled_and_truncated_lines(self, lines, with_symbol):
        text = "\n".join(lines)
        hints = DocumentHints(symbol="S/2011/817") if with_symbol else None
        try:
            doc = parse_text(text, hints=hints)
        except ParseError:
            return
        anchors = [b.anchor for b in doc.blocks]
        self.assertEqual(len(anchors), len(set(anchors)))

    @settings(max_examples=40, deadline=None)
    @given(st.binary(max_size=2000))
    def test_it_survives_random_bytes_decoded(self, data):
        try:
            parse_text(data.decode("utf-8", errors="replace") + "\nS/2011/817\n12-20064 (C)2\n")
        except ParseError:
            pass

    def test_it_survives_huge_lines(self):
        hints = DocumentHints(symbol="S/2011/817")
        for text in [
            "后" * 200_000,
            "1. " + "a " * 100_000,
            "(" * 50_000 + "S/" * 50_000,
            "_" * 100_000 + "\n1 x",
        ]:
            start = time.perf_counter()
            parse_text(text, hints=hints)
            self.assertLess(time.perf_counter() - start, 3.0)


ENGLISH_LETTER = """United Nations S/2017/130
Security Council
Distr.: General
14 February 2017
Original: English
17-02287 (E) 150217
*1702287*
Letter dated 13 February 2017 from the Permanent Representative of Senegal
to the United Nations addressed to the President of the Security Council
In my capacity as Chair of the Working Group on Peacekeeping Operations, I have
the honour to transmit herewith the report on the activities of the Working Group for
the period from 1 January to 31 December 2016.
I should be grateful if the present letter and the report could be circulated as a
document of the Security Council.
(Signed) Fodé Seck
Chair
Security Council Working Group on Peacekeeping Operations
Report on the activities of the Security Council Working Group on
Peacekeeping Operations for the period from 1 January to 31 December 2016
I. Introduction
1. The Working Group on Peacekeeping Operations was established by a
presidential statement of 31 January 2001 (S/PRST/2001/3).
2. The Permanent Representative of Senegal was appointed Chair (see
S/2017/2/Rev.1).
II. Meetings of the Working Group
A. Use of technology in peacekeeping
3. On 28 April, the Working Group held a meeting. The Chair circulated a concept
note (S/2016/1019).
Annex
Meetings of the Working Group in 2016
Date Briefers Topic
28 April Under-Secretary-General for Use of technology
Peacekeeping Operations
"""


class EnglishLetterTests(unittest.TestCase):
    def test_it_splits_letter_signature_report_and_annex(self):
        doc = parse_text(ENGLISH_LETTER)
        self.assertEqual(doc.job_number, "17-02287")
        self.assertEqual(doc.doc_type, "report")
        self.assertEqual(
            doc.title,
            "Report on the activities of the Security Council Working Group on Peacekeeping "
            "Operations for the period from 1 January to 31 December 2016",
        )
        self.assertEqual(
            (doc.period_start, doc.period_end), (dt.date(2016, 1, 1), dt.date(2016, 12, 31))
        )
        letter = [b.text for b in doc.blocks if b.part == "letter"]
        self.assertTrue(
            letter[0].startswith(
                "Letter dated 13 February 2017 from the Permanent Representative of Senegal to"
            )
        )
        self.assertEqual(
            letter[-3:],
            [
                "(Signed) Fodé Seck",
                "Chair",
                "Security Council Working Group on Peacekeeping Operations",
            ],
        )
        headings = [
            (b.number, b.text, b.level)
            for b in doc.blocks
            if b.kind == "heading" and b.part == "body"
        ]
        self.assertEqual(
            headings[1:],
            [
                ("I", "Introduction", 1),
                ("II", "Meetings of the Working Group", 1),
                ("A", "Use of technology in peacekeeping", 2),
            ],
        )
        p2 = next(b for b in doc.blocks if b.anchor == "p2")
        self.assertEqual(
            p2.text,
            "The Permanent Representative of Senegal was appointed Chair (see S/2017/2/Rev.1).",
        )
        [table] = [b for b in doc.blocks if b.kind == "table"]
        self.assertEqual(table.part, "annex")
        self.assertEqual(table.text.split("\n")[0], "Date Briefers Topic")


class PageTests(unittest.TestCase):
    def test_it_counts_pages_from_form_feeds_and_continues_paragraphs_across_them(self):
        line = "工作组在本报告所述期间举行了多次会议并审议了与维持和平行动有关的各种问题"
        text = f"S/2020/5\n1. 第一段开始，\n{line}\f继续。\n2. 第二段。\f3. 第三段。\n"
        doc = parse_text(text)
        self.assertEqual(doc.page_count, 3)
        self.assertEqual(
            [(b.number, b.text, b.page) for b in doc.blocks],
            [("1", f"第一段开始，{line}继续。", 1), ("2", "第二段。", 2), ("3", "第三段。", 3)],
        )
