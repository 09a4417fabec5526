"""The annex table of meetings: rows, wrapped briefer cells, topics."""

import unittest

from ingest.parsers.annex_table import parse_table
from ingest.parsers.types import ParsedBriefer

# As the text layer of S/2017/130 gives it (cells wrap; a row starts with its date).
TABLE = """工作组 2016年的会议

日期 通报人 主题

   4 月 28 日 主管维持和平行动副秘书长苏和 在维持和平行动中使用技术

 主管外勤支助事务副秘书长阿图

尔·哈雷



5 月 27 日 主管维和行动助理秘书长卡西

姆·韦恩

非洲联盟和平基金高级代表唐纳

德·卡贝鲁卡

欧洲联盟驻联合国代表团副团长

伊奥尼斯·弗莱拉斯

联合国与区域组织之间的伙

伴关系：加强区域行为体在维

持和平行动中的作用

6 月 24 日 维持和平行动部政策和最佳做法

处处长 Renata Dwan

反恐怖主义委员会执行局副执行

主任陈伟雄

联合国反恐实体和维持和平

行动之间的互补潜力

7 月 27 日 维持和平行动部政策和最佳做法

处处长 Renata Dwan

摩洛哥常驻联合国代表、大使奥

马尔·海拉尔

维持和平行动中的情报政策

框架

11 月 3 日 维持和平行动部政策、评价和培

训司司长 Jack Christofides

法国常驻联合国代表团军事顾问

Thierry Lion 准将

保护平民：加强与政治战略的

联系
"""


class AnnexTableTests(unittest.TestCase):
    def setUp(self):
        self.rows = parse_table(TABLE)

    def test_it_reads_one_row_per_date(self):
        self.assertEqual(
            [(r.year, r.month, r.day) for r in self.rows],
            [(None, 4, 28), (None, 5, 27), (None, 6, 24), (None, 7, 27), (None, 11, 3)],
        )

    def test_it_joins_wrapped_names_and_roles(self):
        self.assertEqual(
            self.rows[0].briefers,
            [
                ParsedBriefer("苏和", "主管维持和平行动副秘书长"),
                ParsedBriefer("阿图尔·哈雷", "主管外勤支助事务副秘书长"),
            ],
        )
        self.assertEqual(
            [b.name for b in self.rows[1].briefers],
            ["卡西姆·韦恩", "唐纳德·卡贝鲁卡", "伊奥尼斯·弗莱拉斯"],
        )
        self.assertEqual(
            self.rows[2].briefers,
            [
                ParsedBriefer("Renata Dwan", "维持和平行动部政策和最佳做法处处长"),
                ParsedBriefer("陈伟雄", "反恐怖主义委员会执行局副执行主任"),
            ],
        )
        self.assertEqual(
            self.rows[3].briefers[1], ParsedBriefer("奥马尔·海拉尔", "摩洛哥常驻联合国代表", "大使")
        )
        self.assertEqual(
            self.rows[4].briefers,
            [
                ParsedBriefer("Jack Christofides", "维持和平行动部政策、评价和培训司司长"),
                ParsedBriefer("Thierry Lion", "法国常驻联合国代表团军事顾问", "准将"),
            ],
        )

    def test_it_reads_the_topic_column(self):
        self.assertEqual(
            [r.topic for r in self.rows],
            [
                "在维持和平行动中使用技术",
                "联合国与区域组织之间的伙伴关系：加强区域行为体在维持和平行动中的作用",
                "联合国反恐实体和维持和平行动之间的互补潜力",
                "维持和平行动中的情报政策框架",
                "保护平民：加强与政治战略的联系",
            ],
        )

    def test_it_reads_a_ruled_table_read_cell_by_cell(self):
        rows = parse_table(
            "日期 | 通报人 | 主题\n"
            "4 月 28 日 | 主管维持和平行动副秘书长苏和 主管外勤支助事务副秘书长阿图 尔·哈雷 | "
            "在维持和平行动中使用 技术\n"
            "6 月 24 日 | 维持和平行动部政策和最佳做法 处处长 Renata Dwan 反恐怖主义委员会执行局副执行 "
            "主任陈伟雄 | 联合国反恐实体和维持和平 行动之间的互补潜力\n"
        )
        self.assertEqual(
            [r.topic for r in rows],
            ["在维持和平行动中使用技术", "联合国反恐实体和维持和平行动之间的互补潜力"],
        )
        self.assertEqual([b.name for b in rows[0].briefers], ["苏和", "阿图尔·哈雷"])
        self.assertEqual(
            rows[1].briefers,
            [
                ParsedBriefer("Renata Dwan", "维持和平行动部政策和最佳做法处处长"),
                ParsedBriefer("陈伟雄", "反恐怖主义委员会执行局副执行主任"),
            ],
        )

    def test_it_reads_an_english_table(self):
        rows = parse_table(
            "Date Briefers Topic\n28 April 2016 Mr. Hervé Ladsous, Under-Secretary-General for Peacekeeping Operations\n"
        )
        self.assertEqual(len(rows), 1)
        self.assertEqual((rows[0].year, rows[0].month, rows[0].day), (2016, 4, 28))
        self.assertEqual(rows[0].briefers[0].name, "Hervé Ladsous")

    def test_it_gives_nothing_for_text_that_is_no_meeting_table(self):
        self.assertEqual(parse_table(""), [])
        self.assertEqual(parse_table("主题\n4 月 28 日 苏和"), [])
        self.assertEqual(parse_table("日期 通报人 主题\n"), [])
        self.assertEqual(parse_table("日期 通报人 主题\n13 月 40 日 苏和"), [])
