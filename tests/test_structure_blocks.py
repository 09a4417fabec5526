"""Structure extraction on hand-made blocks: meetings, briefers, recommendations, questions."""

import datetime as dt
import unittest

from ingest.parsers.meetings import meeting_ordinal
from ingest.parsers.structure import extract_structure
from ingest.parsers.types import Block, ParsedBriefer, ParsedDocument


def document(blocks, **metadata):
    for number, block in enumerate(blocks):
        block.anchor = block.anchor or f"b{number}"
    doc = ParsedDocument(
        symbol=metadata.pop("symbol", "S/2099/1"), symbols=[], language="zh", **metadata
    )
    doc.blocks = blocks
    extract_structure(doc)
    return doc


def report(blocks):
    return document(
        blocks,
        doc_type="report",
        date=dt.date(2017, 2, 13),
        period_start=dt.date(2016, 1, 1),
        period_end=dt.date(2016, 12, 31),
    )


class ReportMeetingTests(unittest.TestCase):
    def test_it_reads_one_meeting_per_lettered_subsection(self):
        doc = report(
            [
                Block("heading", "二. 工作组会议", "二", 1),
                Block(
                    "paragraph", "工作组与部队和警察派遣国共举行了一次组织会议和一次专题会议。", "4"
                ),
                Block("heading", "A. 在维持和平行动中使用技术", "A", 2),
                Block(
                    "paragraph",
                    "4 月 28 日，工作组举行会议，讨论在维持和平行动中使用技术和创新的问题。"
                    "主席在开会前分发了一份概念说明(S/2016/1019)。",
                    "6",
                ),
                Block(
                    "paragraph",
                    "第一位专题讨论嘉宾是主管维持和平行动副秘书长，他强调有必要提升部队安全。",
                    "9",
                ),
                Block("heading", "三. 结论和建议", "三", 1),
                Block("paragraph", "工作组的文件应公布。", "10"),
            ]
        )
        organizational, thematic = doc.meetings
        self.assertEqual(
            (organizational.date, organizational.kind, organizational.anchors),
            (None, "organizational", ["b1"]),
        )
        self.assertEqual(thematic.date, dt.date(2016, 4, 28))
        self.assertEqual(thematic.kind, "thematic")
        self.assertEqual(thematic.topic, "在维持和平行动中使用技术")
        self.assertEqual(thematic.concept_note, "S/2016/1019")
        self.assertEqual(thematic.anchors, ["b2", "b3", "b4"])
        self.assertEqual(thematic.briefers, [])  # a role without a name is nobody
        self.assertEqual(doc.topics, ["在维持和平行动中使用技术"])
        self.assertEqual([r.number for r in doc.recommendations], ["10"])
        self.assertEqual(doc.warnings, ["meeting of 2016-04-28: no briefer named"])

    def test_it_merges_table_names_into_narrative_roles(self):
        table = (
            "日期 通报人 主题\n4 月 28 日 主管维持和平行动副秘书长苏和 在维持和平行动中使用技术\n"
        )
        doc = report(
            [
                Block("heading", "二. 会议", "二", 1),
                Block("heading", "A. 技术", "A", 2),
                Block(
                    "paragraph",
                    "4 月 28 日，工作组举办了一次专题讨论会。主管维持和平行动副秘书长苏和先生作了通报。",
                    "6",
                ),
                Block("table", table, part="annex"),
            ]
        )
        (meeting,) = doc.meetings
        self.assertEqual(
            meeting.briefers, [ParsedBriefer("苏和", "主管维持和平行动副秘书长", "先生")]
        )
        self.assertEqual(meeting.topic, "技术")
        self.assertEqual(meeting.anchors, ["b1", "b2", "b3"])

    def test_it_adds_meetings_only_the_table_lists(self):
        table = "日期 通报人 主题\n5 月 27 日 非洲联盟和平基金高级代表唐纳德·卡贝鲁卡 伙伴关系\n"
        doc = report([Block("heading", "二. 会议", "二", 1), Block("table", table)])
        (meeting,) = doc.meetings
        self.assertEqual((meeting.date, meeting.topic), (dt.date(2016, 5, 27), "伙伴关系"))
        self.assertEqual(
            meeting.briefers, [ParsedBriefer("唐纳德·卡贝鲁卡", "非洲联盟和平基金高级代表")]
        )

    def test_it_reads_kinds_and_ordinals_and_takes_the_year_from_the_period(self):
        doc = document(
            [
                Block("heading", "二. 会议", "二", 1),
                Block("heading", "A. 在 6 月份与部队派遣国代表团举行的会议", "A", 2),
                Block(
                    "paragraph", "6 月 29 日，维持和平行动工作组主席与各部队派遣国举行会议。", "3"
                ),
                Block("heading", "B. 第一次实质性会议", "B", 2),
                Block(
                    "paragraph",
                    "工作组于 2011 年 8 月 24 日举行了第一次实质性会议，部队派遣国参加了会议。",
                    "5",
                ),
                Block("heading", "C. 第二次实质性会议", "C", 2),
                Block("paragraph", "工作组于 1 月 5 日举行第二次实质性会议。", "6"),
            ],
            doc_type="report",
            date=dt.date(2012, 1, 30),
            period_start=dt.date(2011, 6, 29),
            period_end=dt.date(2012, 1, 31),
        )
        self.assertEqual(
            [(m.date, m.kind, m.ordinal, m.topic) for m in doc.meetings],
            [
                (dt.date(2011, 6, 29), "tcc", None, ""),
                (dt.date(2011, 8, 24), "substantive", 1, ""),
                (dt.date(2012, 1, 5), "substantive", 2, ""),
            ],
        )

    def test_it_warns_when_a_report_has_no_meetings(self):
        doc = report([Block("paragraph", "工作组没有开会。", "1")])
        self.assertEqual(doc.meetings, [])
        self.assertIn("no meetings found", doc.warnings)

    def test_it_finds_no_meetings_in_a_secretary_general_report(self):
        doc = document(
            [
                Block(
                    "paragraph",
                    "2007 年 12 月 17 日，秘书处举行了会议，会员国听取了非正式通报。",
                    "1",
                )
            ],
            doc_type="sg_report",
            date=dt.date(2007, 12, 28),
        )
        self.assertEqual((doc.meetings, doc.warnings), ([], []))


class MeetingSentenceTests(unittest.TestCase):
    def test_it_reads_the_group_s_ordinal_not_the_council_s(self):
        self.assertEqual(meeting_ordinal("工作组举行第三次也是 2011 年 后一次实质性会议"), 3)
        self.assertEqual(meeting_ordinal("的本年度第六次专题讨论的概念说明"), 6)
        self.assertEqual(meeting_ordinal("工作组主席与各部队派遣国举行了第二次会议"), 2)
        self.assertIsNone(meeting_ordinal("在安理会第 4270 次会议上发表的声明"))
        self.assertIsNone(meeting_ordinal("工作组举行会议"))
        self.assertEqual(
            meeting_ordinal("The Working Group held its second substantive meeting"), 2
        )

    def test_it_passes_over_the_date_of_a_cited_statement(self):
        doc = report(
            [
                Block("heading", "二. 会议", "二", 1),
                Block(
                    "paragraph",
                    "根据 2014 年 11 月 19 日主席声明(S/PRST/2014/23)，工作组于 5 月 3 日举行了第四次实质性会议。",
                    "7",
                ),
            ]
        )
        self.assertEqual(
            [(m.date, m.kind, m.ordinal) for m in doc.meetings],
            [(dt.date(2016, 5, 3), "substantive", 4)],
        )

    def test_it_takes_the_topic_from_the_sentence_without_a_subsection(self):
        doc = report(
            [
                Block("heading", "二. 会议", "二", 1),
                Block("paragraph", "3 月 5 日，工作组举行了第一次实质性会议。", "2"),
                Block(
                    "paragraph",
                    "工作组于 2016 年 11 月 20 日举办了一次关于保护平民的专题讨论会。联合国警务顾问"
                    "安·玛丽·奥尔德女士和法国常驻联合国副代表 Martin Briens 先生应邀作了通报。",
                    "3",
                ),
            ]
        )
        self.assertEqual(
            [(m.date, m.kind, m.ordinal, m.topic, m.anchors) for m in doc.meetings],
            [
                (dt.date(2016, 3, 5), "substantive", 1, "", ["b1"]),
                (dt.date(2016, 11, 20), "thematic", None, "保护平民", ["b2"]),
            ],
        )
        self.assertEqual(
            doc.meetings[1].briefers,
            [
                ParsedBriefer("安·玛丽·奥尔德", "联合国警务顾问", "女士"),
                ParsedBriefer("Martin Briens", "法国常驻联合国副代表", "先生"),
            ],
        )

    def test_it_reads_two_meetings_reported_in_one_subsection(self):
        doc = report(
            [
                Block("heading", "工作组 2016 年的会议", "", 0),
                Block("heading", "二. 会议", "二", 1),
                Block("heading", "A. 与部队派遣国举行的会议", "A", 2),
                Block("paragraph", "2 月 3 日，工作组主席与各部队派遣国举行会议。", "3"),
                Block("paragraph", "部队派遣国提出了下列要点。", "4"),
                Block("paragraph", "9 月 8 日，工作组主席与各部队派遣国举行了第二次会议。", "5"),
            ]
        )
        self.assertEqual(
            [(m.date, m.kind, m.ordinal, m.title, m.anchors) for m in doc.meetings],
            [
                (dt.date(2016, 2, 3), "tcc", None, "与部队派遣国举行的会议", ["b2", "b3", "b4"]),
                (dt.date(2016, 9, 8), "tcc", 2, "与部队派遣国举行的会议", ["b5"]),
            ],
        )

    def test_it_needs_the_working_group_when_no_section_names_the_meetings(self):
        doc = document(
            [
                Block(
                    "paragraph",
                    "安理会 2001 年 1 月 31 日举行第 4270 次会议，通过了主席声明。",
                    "1",
                ),
                Block("paragraph", "工作组于 2016 年 3 月 2 日举行了一次专题讨论会。", "2"),
            ],
            doc_type="other",
            date=dt.date(2016, 4, 1),
        )
        self.assertEqual(
            [(m.date, m.kind, m.anchors) for m in doc.meetings],
            [(dt.date(2016, 3, 2), "thematic", ["b1"])],
        )

    def test_it_reports_no_meetings_for_a_mission_report(self):
        doc = document(
            [
                Block("heading", "II. Meetings", "II", 1),
                Block("paragraph", "On 14 February 2012, the mission held a meeting.", "5"),
            ],
            doc_type="mission_report",
        )
        self.assertEqual(doc.meetings, [])

    def test_it_reads_an_english_report(self):
        doc = (
            document(
                [
                    Block("heading", "II. Meetings of the Working Group", "II", 1),
                    Block("heading", "A. Use of technology in peacekeeping", "A", 2),
                    Block(
                        "paragraph",
                        "On 28 April, the Working Group held a thematic discussion. The Chair circulated a concept note "
                        "(S/2016/1019). Mr. Hervé Ladsous, Under-Secretary-General for Peacekeeping Operations, briefed "
                        "the Working Group.",
                        "6",
                    ),
                ],
                doc_type="report",
                language="en",
                period_start=dt.date(2016, 1, 1),
                period_end=dt.date(2016, 12, 31),
            )
            if False
            else None
        )
        doc = ParsedDocument(
            symbol="S/2017/130",
            symbols=[],
            language="en",
            doc_type="report",
            period_start=dt.date(2016, 1, 1),
            period_end=dt.date(2016, 12, 31),
        )
        doc.blocks = [
            Block("heading", "II. Meetings of the Working Group", "II", 1, anchor="h2"),
            Block("heading", "A. Use of technology in peacekeeping", "A", 2, anchor="h3"),
            Block(
                "paragraph",
                "On 28 April, the Working Group held a thematic discussion. The Chair circulated a concept note "
                "(S/2016/1019). Mr. Hervé Ladsous, Under-Secretary-General for Peacekeeping Operations, briefed "
                "the Working Group.",
                "6",
                anchor="p6",
            ),
        ]
        extract_structure(doc)
        (meeting,) = doc.meetings
        self.assertEqual(
            (meeting.date, meeting.kind, meeting.concept_note),
            (dt.date(2016, 4, 28), "thematic", "S/2016/1019"),
        )
        self.assertEqual(meeting.topic, "Use of technology in peacekeeping")
        self.assertEqual(
            meeting.briefers,
            [
                ParsedBriefer(
                    "Hervé Ladsous", "Under-Secretary-General for Peacekeeping Operations", "Mr."
                )
            ],
        )


class ConceptNoteTests(unittest.TestCase):
    def test_it_reads_the_meeting_a_concept_note_prepares(self):
        doc = document(
            [
                Block(
                    "text",
                    "谨随函转递安全理事会维持和平行动工作组 8 月 31 日举行的主题为“部队和警察派遣国双边和多边"
                    "能力建设”的本年度第六次专题讨论的概念说明。",
                    part="letter",
                ),
                Block("text", "请将本函作为安理会的文件分发为荷。", part="letter"),
                Block(
                    "text",
                    "日本常驻联合国副代表Yoshifumi \nOkamura 先生和维持和平行动部政策、评价和培训司司长 "
                    "David Haeri 先生应邀作了通报。",
                    part="annex",
                ),
                Block("text", "供审议的关键问题", part="annex"),
                Block("text", "如何才能让部队派遣国参与已提供的方案？", part="annex"),
                Block(
                    "text",
                    "能力建设举措迄今所取得的成绩记录如何？哪些措施行之有效，哪些没",
                    part="annex",
                ),
                Block("text", "有奏效？", part="annex"),
            ],
            symbol="S/2015/1039",
            doc_type="concept_note",
            date=dt.date(2015, 12, 24),
        )
        (meeting,) = doc.meetings
        self.assertEqual(meeting.date, dt.date(2015, 8, 31))
        self.assertEqual((meeting.kind, meeting.ordinal), ("thematic", 6))
        self.assertEqual(meeting.title, "部队和警察派遣国双边和多边能力建设")
        self.assertEqual(meeting.concept_note, "S/2015/1039")
        self.assertEqual(
            meeting.briefers,
            [
                ParsedBriefer("Yoshifumi Okamura", "日本常驻联合国副代表", "先生"),
                ParsedBriefer("David Haeri", "维持和平行动部政策、评价和培训司司长", "先生"),
            ],
        )
        self.assertEqual(meeting.anchors, ["b0", "b2"])
        self.assertEqual(
            [(q.number, q.text, q.anchor) for q in doc.questions],
            [
                ("", "如何才能让部队派遣国参与已提供的方案？", "b4"),
                (
                    "",
                    "能力建设举措迄今所取得的成绩记录如何？哪些措施行之有效，哪些没有奏效？",
                    "b5",
                ),
            ],
        )

    def test_it_reads_numbered_questions_under_their_heading(self):
        doc = document(
            [
                Block(
                    "text",
                    "2015 年 12 月 11 日安全理事会维持和平行动工作组题为“战略对话”的专题讨论",
                ),
                Block("heading", "挑战和讨论的问题", "", 3),
                Block("paragraph", "安全理事会成员对现行的磋商做法评价怎样？", "1"),
                Block("paragraph", "非正式举措如何才能得以持续和制度化？", "2"),
                Block("footnote", "大会选举的安全理事会 10 个任期两年的非常任理事国。", "1"),
            ],
            doc_type="concept_note",
            date=dt.date(2015, 12, 24),
        )
        self.assertEqual([(q.number, q.anchor) for q in doc.questions], [("1", "b2"), ("2", "b3")])
        self.assertEqual(doc.meetings[0].date, dt.date(2015, 12, 11))
        self.assertEqual(doc.meetings[0].title, "战略对话")


class RecommendationTests(unittest.TestCase):
    def test_it_takes_paragraphs_and_their_items_under_a_recommendations_heading(self):
        doc = document(
            [
                Block("heading", "四. 意见", "四", 1),
                Block("paragraph", "我建议安全理事会延长任务期限。", "60"),
                Block("heading", "V. Conclusions and recommendations", "V", 1),
                Block("paragraph", "The Working Group should meet more often.", "61"),
                Block("item", "with troop contributors;", "(a)"),
                Block("heading", "VI. Annex", "VI", 1),
                Block("paragraph", "Not a recommendation.", "62"),
            ],
            doc_type="sg_report",
        )
        self.assertEqual(
            [(r.number, r.text, r.anchor) for r in doc.recommendations],
            [("61", "The Working Group should meet more often.\nwith troop contributors;", "b3")],
        )


class OddInputTests(unittest.TestCase):
    def test_it_survives_empty_and_malformed_blocks(self):
        blocks = [
            Block("heading", "", "", 0),
            Block("heading", "二. 会议", "二", 1),
            Block("heading", "A.", "A", 2),
            Block("paragraph", "2 月 30 日，工作组举行会议。", ""),
            Block("table", "日期 通报人 主题\n13 月 1 日\n4 月 1 日 ·\n"),
            Block("item", "", "(a)"),
            Block("weird", "\x00\ufffd", "", -5),
        ]
        doc = report(blocks)
        self.assertEqual([m.date for m in doc.meetings], [dt.date(2016, 4, 1)])
        self.assertEqual(doc.meetings[0].briefers, [])
        doc = document([], doc_type="concept_note")
        self.assertEqual((doc.meetings, doc.warnings), ([], ["no meetings found"]))
