"""Structure extraction on the real corpus, through parse_text (expected values from the issue)."""

import datetime as dt
import unittest
from pathlib import Path

from ingest.parsers import parse_text

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"


def parse(name):
    return parse_text((CORPUS / name).read_text(encoding="utf-8"))


def names(meeting):
    return [b.name for b in meeting.briefers]


def briefer(meeting, name):
    return next(b for b in meeting.briefers if b.name == name)


class Report2011Tests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.doc = parse("S_2011_817.zh.txt")
        cls.meetings = {m.date: m for m in cls.doc.meetings}

    def test_it_finds_the_five_meetings(self):
        self.assertEqual(
            [(m.date, m.kind, m.ordinal) for m in self.doc.meetings],
            [
                (dt.date(2011, 6, 29), "tcc", None),
                (dt.date(2011, 8, 24), "substantive", 1),
                (dt.date(2011, 11, 2), "substantive", 2),
                (dt.date(2011, 11, 30), "tcc", 2),
                (dt.date(2011, 12, 12), "substantive", 3),
            ],
        )

    def test_it_names_the_briefers_of_each_meeting(self):
        m = self.meetings
        self.assertEqual(names(m[dt.date(2011, 6, 29)]), [])
        self.assertEqual(names(m[dt.date(2011, 11, 30)]), [])
        self.assertEqual(names(m[dt.date(2011, 8, 24)]), ["巴巴卡尔·盖伊", "拉伊塞东·泽嫩加"])
        self.assertEqual(names(m[dt.date(2011, 11, 2)]), ["肖阿伊布·达斯特吉尔"])
        self.assertEqual(
            names(m[dt.date(2011, 12, 12)]), ["南内特·艾哈迈德", "阿塔·耶尼京", "让·巴约"]
        )

    def test_it_keeps_roles_and_ranks(self):
        first = self.meetings[dt.date(2011, 8, 24)]
        self.assertEqual(
            (briefer(first, "巴巴卡尔·盖伊").role, briefer(first, "巴巴卡尔·盖伊").honorific),
            ("联合国军事顾问", "将军"),
        )
        self.assertEqual(
            briefer(first, "拉伊塞东·泽嫩加").role, "维持和平行动部(维和部)非洲二司司长"
        )
        third = self.meetings[dt.date(2011, 12, 12)]
        self.assertEqual(briefer(third, "阿塔·耶尼京").role, "警务司警察甄选和征聘科科长")
        self.assertEqual(briefer(third, "南内特·艾哈迈德").honorific, "女士")

    def test_it_points_each_meeting_at_its_subsection(self):
        first = self.meetings[dt.date(2011, 8, 24)]
        self.assertIn("p5", first.anchors)
        self.assertIn("p16", first.anchors)
        self.assertNotIn("p17", first.anchors)

    def test_it_reads_the_recommendations(self):
        self.assertEqual(
            [r.number for r in self.doc.recommendations], [str(n) for n in range(53, 59)]
        )
        self.assertTrue(
            self.doc.recommendations[0].text.startswith(
                "安全理事会维持和平行动工作组现在虽已进入第十个年头"
            )
        )
        self.assertEqual(self.doc.questions, [])


class Report2016Tests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.doc = parse("S_2017_130.zh.txt")
        cls.meetings = {m.date: m for m in cls.doc.meetings if m.date}

    def test_it_finds_five_thematic_meetings_and_the_undated_organizational_one(self):
        self.assertEqual(
            [(m.date, m.kind, m.concept_note) for m in self.doc.meetings],
            [
                (None, "organizational", ""),
                (dt.date(2016, 4, 28), "thematic", "S/2016/1019"),
                (dt.date(2016, 5, 27), "thematic", "S/2016/1016"),
                (dt.date(2016, 6, 24), "thematic", "S/2016/1018"),
                (dt.date(2016, 7, 27), "thematic", "S/2016/1033"),
                (dt.date(2016, 11, 3), "thematic", "S/2016/1017"),
            ],
        )

    def test_it_names_each_briefer_once_with_names_from_the_annex_table(self):
        m = self.meetings
        self.assertEqual(names(m[dt.date(2016, 4, 28)]), ["苏和", "阿图尔·哈雷"])
        self.assertEqual(
            names(m[dt.date(2016, 5, 27)]), ["卡西姆·韦恩", "唐纳德·卡贝鲁卡", "伊奥尼斯·弗莱拉斯"]
        )
        self.assertEqual(names(m[dt.date(2016, 6, 24)]), ["Renata Dwan", "陈伟雄"])
        self.assertEqual(names(m[dt.date(2016, 7, 27)]), ["Renata Dwan", "奥马尔·海拉尔"])
        self.assertEqual(names(m[dt.date(2016, 11, 3)]), ["Jack Christofides", "Thierry Lion"])

    def test_it_keeps_roles_and_ranks(self):
        m = self.meetings
        dwan = briefer(m[dt.date(2016, 6, 24)], "Renata Dwan")
        self.assertEqual(dwan.role, "维持和平行动部政策和最佳做法处处长")
        lion = briefer(m[dt.date(2016, 11, 3)], "Thierry Lion")
        self.assertEqual((lion.role, lion.honorific), ("法国常驻联合国代表团军事顾问", "准将"))
        hilale = briefer(m[dt.date(2016, 7, 27)], "奥马尔·海拉尔")
        self.assertEqual((hilale.role, hilale.honorific), ("摩洛哥常驻联合国代表", "大使"))
        self.assertEqual(briefer(m[dt.date(2016, 4, 28)], "苏和").role, "主管维持和平行动副秘书长")
        self.assertEqual(
            briefer(m[dt.date(2016, 6, 24)], "陈伟雄").role, "反恐怖主义委员会执行局副执行主任"
        )

    def test_it_takes_topics_from_the_subsection_headings(self):
        self.assertEqual(
            self.doc.topics,
            [
                "在维持和平行动中使用技术",
                "联合国和区域组织之间的伙伴关系：加强区域行为体在维持和平行动中的作用",
                "联合国反恐实体和维持和平行动之间的互补潜力",
                "维持和平行动中的情报政策框架",
                "保护平民：加强与政治战略的联系",
            ],
        )
        self.assertEqual(self.doc.meetings[0].topic, "")

    def test_it_reads_the_recommendations(self):
        self.assertEqual(
            [r.number for r in self.doc.recommendations], [str(n) for n in range(104, 111)]
        )

    def test_it_has_nothing_to_warn_about(self):
        structure_warnings = [w for w in self.doc.warnings if "meeting" in w or "briefer" in w]
        self.assertEqual(structure_warnings, [])


class ConceptNoteTests(unittest.TestCase):
    def test_it_reads_the_ninth_thematic_discussion_and_its_six_questions(self):
        doc = parse("S_2015_1042.zh.txt")
        (meeting,) = doc.meetings
        self.assertEqual(
            (meeting.date, meeting.kind, meeting.ordinal), (dt.date(2015, 12, 11), "thematic", 9)
        )
        self.assertEqual(meeting.concept_note, "S/2015/1042")
        self.assertIn("战略对话", meeting.topic)
        self.assertEqual(names(meeting), ["Francois Grignon", "杰拉德·范博希曼", "马苏德·本·穆明"])
        self.assertEqual(
            briefer(meeting, "Francois Grignon").role, "维持和平行动部非洲一司临时代理司长"
        )
        self.assertEqual(briefer(meeting, "马苏德·本·穆明").honorific, "大使")
        self.assertEqual([q.number for q in doc.questions], ["1", "2", "3", "4", "5", "6"])
        self.assertEqual(doc.questions[5].text, "非正式举措如何才能得以持续和制度化？")
        self.assertEqual(doc.recommendations, [])

    def test_it_reads_the_sixth_discussion_of_the_year_and_its_key_questions(self):
        doc = parse("S_2015_1039.zh.txt")
        (meeting,) = doc.meetings
        self.assertEqual(
            (meeting.date, meeting.kind, meeting.ordinal), (dt.date(2015, 8, 31), "thematic", 6)
        )
        self.assertEqual(meeting.concept_note, "S/2015/1039")
        self.assertIn("双边和多边能力建设", meeting.topic)
        self.assertEqual(names(meeting), ["Yoshifumi Okamura", "David Haeri"])
        self.assertEqual(
            briefer(meeting, "David Haeri").role, "维持和平行动部政策、评价和培训司司长"
        )
        self.assertEqual(len(doc.questions), 5)
        self.assertEqual(doc.questions[-1].text, "可以做哪些工作来增加能力建设努力的可持续性？")


class SecretaryGeneralReportTests(unittest.TestCase):
    def test_it_finds_no_meetings_and_counts_observations_as_no_recommendations(self):
        doc = parse("A_62_627.zh.txt")
        self.assertEqual(doc.meetings, [])
        self.assertEqual(doc.topics, [])
        self.assertEqual(doc.recommendations, [])
        self.assertNotIn("no meetings found", doc.warnings)
