"""Briefer phrases and names, Chinese numerals: sentences copied from the corpus."""

import unittest

from ingest.parsers.briefers import briefer_key, find_briefers, parse_briefer
from ingest.parsers.numerals import chinese_number, count_before, find_ordinal
from ingest.parsers.types import ParsedBriefer


class BrieferPhraseTests(unittest.TestCase):
    def assertBriefer(self, phrase, name, role, honorific=""):
        self.assertEqual(
            parse_briefer(phrase), ParsedBriefer(name=name, role=role, honorific=honorific)
        )

    def test_it_splits_role_dotted_name_and_rank(self):
        self.assertBriefer(
            "联合国军事顾问巴巴卡尔·盖伊将军", "巴巴卡尔·盖伊", "联合国军事顾问", "将军"
        )

    def test_it_keeps_the_organization_with_its_abbreviation_in_the_role(self):
        self.assertBriefer(
            "维持和平行动部(维和部)非洲二司司长拉伊塞东·泽嫩加先生",
            "拉伊塞东·泽嫩加",
            "维持和平行动部(维和部)非洲二司司长",
            "先生",
        )

    def test_it_reads_a_deputy_title(self):
        self.assertBriefer(
            "副警务顾问肖阿伊布·达斯特吉尔先生", "肖阿伊布·达斯特吉尔", "副警务顾问", "先生"
        )

    def test_it_reads_latin_names_with_or_without_a_space_before(self):
        self.assertBriefer(
            "日本常驻联合国副代表Yoshifumi Okamura 先生",
            "Yoshifumi Okamura",
            "日本常驻联合国副代表",
            "先生",
        )
        self.assertBriefer(
            "维持和平行动部政策、评价和培训司司长 David Haeri 先生",
            "David Haeri",
            "维持和平行动部政策、评价和培训司司长",
            "先生",
        )
        self.assertBriefer(
            "法国常驻联合国代表团军事顾问 Thierry Lion 准将",
            "Thierry Lion",
            "法国常驻联合国代表团军事顾问",
            "准将",
        )

    def test_it_keeps_latin_words_of_the_role(self):
        self.assertBriefer(
            "UN Women 执行主任 Jane Doe 女士", "Jane Doe", "UN Women 执行主任", "女士"
        )

    def test_it_reads_a_name_without_honorific(self):
        self.assertBriefer(
            "摩洛哥常驻联合国代表奥马尔·海拉尔", "奥马尔·海拉尔", "摩洛哥常驻联合国代表"
        )

    def test_it_reads_chinese_names_after_a_title(self):
        self.assertBriefer(
            "反恐怖主义委员会执行局副执行主任陈伟雄", "陈伟雄", "反恐怖主义委员会执行局副执行主任"
        )
        self.assertBriefer("主管维持和平行动副秘书长苏和", "苏和", "主管维持和平行动副秘书长")

    def test_it_moves_ambassador_before_the_name_to_the_honorific(self):
        self.assertBriefer(
            "摩洛哥常驻联合国代表、大使奥马尔·海拉尔",
            "奥马尔·海拉尔",
            "摩洛哥常驻联合国代表",
            "大使",
        )

    def test_it_finds_nobody_in_a_role_alone(self):
        self.assertIsNone(parse_briefer("主管维持和平行动副秘书长"))
        self.assertIsNone(parse_briefer("维持和平行动部政策和最佳做法处处长"))
        self.assertIsNone(parse_briefer(""))
        self.assertIsNone(parse_briefer("先生"))
        self.assertIsNone(parse_briefer("·"))


class BrieferSentenceTests(unittest.TestCase):
    def names(self, text):
        return [(b.name, b.role, b.honorific) for b in find_briefers(text)]

    def test_it_reads_two_briefers_of_a_substantive_meeting(self):
        text = (
            "工作组于 2011 年 8 月 24 日举行了第一次实质性会议，部队派遣国和警察\n\n派遣国参加了会议。"
            "联合国军事顾问巴巴卡尔·盖伊将军作为秘书处代表出席\n\n会议，维持和平行动部(维和部)非洲二司"
            "司长拉伊塞东·泽嫩加先生就特派团之\n\n间的合作概念向代表们作了简报。"
        )
        self.assertEqual(
            self.names(text),
            [
                ("巴巴卡尔·盖伊", "联合国军事顾问", "将军"),
                ("拉伊塞东·泽嫩加", "维持和平行动部(维和部)非洲二司司长", "先生"),
            ],
        )

    def test_it_separates_names_joined_by_honorific_and_conjunction(self):
        text = (
            "行动厅西非统筹行动组组长南内特·艾哈迈德女士、警务司警察甄选和征聘科科长阿塔·耶尼京先生"
            "和军事厅参谋长让·巴约将军代表秘书处出席会议。"
        )
        self.assertEqual(
            self.names(text),
            [
                ("南内特·艾哈迈德", "行动厅西非统筹行动组组长", "女士"),
                ("阿塔·耶尼京", "警务司警察甄选和征聘科科长", "先生"),
                ("让·巴约", "军事厅参谋长", "将军"),
            ],
        )

    def test_it_cuts_the_role_after_an_unnamed_briefer(self):
        text = "主管维和行动助理秘书长、非洲联盟和平基金高级代表唐纳德·卡贝鲁卡和欧洲联盟驻联合国代表团副团长伊奥尼斯·弗莱拉斯为主要发言人。"
        self.assertEqual(
            self.names(text),
            [
                ("唐纳德·卡贝鲁卡", "非洲联盟和平基金高级代表", ""),
                ("伊奥尼斯·弗莱拉斯", "欧洲联盟驻联合国代表团副团长", ""),
            ],
        )
        text = "工作组听取了维持和平行动部政策和最佳做法处处长以及摩洛哥常驻联合国代表奥马尔·海拉尔的情况通报。"
        self.assertEqual(self.names(text), [("奥马尔·海拉尔", "摩洛哥常驻联合国代表", "")])
        text = "维持和平行动部政策、评价和培训司司长及法国常驻联合国代表团军事顾问\nThierry Lion 准将是主要发言者。"
        self.assertEqual(
            self.names(text), [("Thierry Lion", "法国常驻联合国代表团军事顾问", "准将")]
        )

    def test_it_reads_a_list_after_a_colon_with_a_wrapped_honorific(self):
        text = (
            "还邀请下列人员作简要介绍：维持和平行动部非洲一司临时代理司长 Francois Grignon 先生、"
            "新西兰常驻联合国代表杰拉德·范博希曼大\n\n使和孟加拉国常驻联合国代表马苏德·本·穆明大使。"
        )
        self.assertEqual(
            self.names(text),
            [
                ("Francois Grignon", "维持和平行动部非洲一司临时代理司长", "先生"),
                ("杰拉德·范博希曼", "新西兰常驻联合国代表", "大使"),
                ("马苏德·本·穆明", "孟加拉国常驻联合国代表", "大使"),
            ],
        )

    def test_it_reads_a_latin_name_broken_across_lines(self):
        text = "日本常驻联合国副代表Yoshifumi \n\nOkamura 先生和维持和平行动部政策、评价和培训司司长 David Haeri 先生应邀\n\n作了通报。"
        self.assertEqual(
            self.names(text),
            [
                ("Yoshifumi Okamura", "日本常驻联合国副代表", "先生"),
                ("David Haeri", "维持和平行动部政策、评价和培训司司长", "先生"),
            ],
        )

    def test_it_gives_no_role_where_no_title_is_written(self):
        self.assertEqual(
            self.names("讨论会由伊奥尼斯·弗莱拉斯主持，马苏德·本·穆明介绍了情况。"),
            [("伊奥尼斯·弗莱拉斯", "", ""), ("马苏德·本·穆明", "", "")],
        )

    def test_it_finds_no_name_in_a_role_or_a_dotted_number(self):
        self.assertEqual(
            self.names("第一位专题讨论嘉宾是主管维持和平行动副秘书长，他强调有必要提升部队安全。"),
            [],
        )
        self.assertEqual(
            self.names("他解释说，“3·23”运动占领戈马充分证明本组织缺乏维持和平的手段。"), []
        )

    def test_it_reads_english_briefers(self):
        text = (
            "Mr. Hervé Ladsous, Under-Secretary-General for Peacekeeping Operations, and "
            "Ms. Renata Dwan, Chief of the Policy and Best Practices Service, briefed the Working Group."
        )
        self.assertEqual(
            self.names(text),
            [
                ("Hervé Ladsous", "Under-Secretary-General for Peacekeeping Operations", "Mr."),
                ("Renata Dwan", "Chief of the Policy and Best Practices Service", "Ms."),
            ],
        )


class BrieferKeyTests(unittest.TestCase):
    def test_it_ignores_spaces_dots_width_and_case(self):
        self.assertEqual(briefer_key("Renata Dwan"), briefer_key("Renata  Dwan"))
        self.assertEqual(briefer_key("Renata Dwan"), briefer_key("RENATA DWAN"))
        self.assertEqual(briefer_key("Ｒｅｎａｔａ Ｄｗａｎ"), "renatadwan")
        self.assertEqual(briefer_key("巴巴卡尔·盖伊"), "巴巴卡尔盖伊")
        for dot in "·・‧•":
            self.assertEqual(briefer_key(f"马苏德{dot}本{dot}穆明"), "马苏德本穆明")
        self.assertNotEqual(briefer_key("Renata Dwan"), briefer_key("Jack Christofides"))
        self.assertEqual(briefer_key(""), "")


class NumeralTests(unittest.TestCase):
    def test_it_reads_chinese_numbers(self):
        cases = {
            "一": 1,
            "九": 9,
            "十": 10,
            "十二": 12,
            "六十二": 62,
            "一百零五": 105,
            "两千": 2000,
            "62": 62,
        }
        for text, value in cases.items():
            self.assertEqual(chinese_number(text), value, text)
        for text in ("", "abc", "六二", "第"):
            self.assertIsNone(chinese_number(text), text)

    def test_it_reads_ordinals(self):
        self.assertEqual(find_ordinal("工作组于 2011 年 8 月 24 日举行了第一次实质性会议"), 1)
        self.assertEqual(find_ordinal("的第九次专题讨论会的一份概念说明"), 9)
        self.assertEqual(find_ordinal("第六十二届会议"), 62)
        self.assertIsNone(find_ordinal("工作组举行会议"))

    def test_it_reads_counts_but_not_ordinals(self):
        self.assertEqual(
            count_before("工作组在 2011 年 6 月至 12 月期间举行了 5 次会议。", "会议"), 5
        )
        self.assertEqual(count_before("共举行了一次组织会议和五次专题会议", "组织会议"), 1)
        self.assertEqual(count_before("共举行了一次组织会议和五次专题会议", "专题会议"), 5)
        self.assertIsNone(count_before("在安理会第 4270 次会议上发表的声明", "会议"))
