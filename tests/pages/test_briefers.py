"""Briefer pages (issue 16.10): the list in pinyin order, Latin names among the Chinese by
the same key; a briefing's source links to the paragraph that states it; a meeting title
once."""

import datetime as dt

from django.test import TestCase, override_settings

from archive.models import Briefer
from archive.pinyin import sort_key
from tests.factories import add_paragraphs, brief, make_briefer, make_document, make_meeting


class SortKeyTests(TestCase):
    def test_it_sorts_by_pinyin_syllable_by_syllable(self):
        names = [
            "伊奥尼斯·弗莱拉斯",
            "南",
            "卡西姆·韦恩",
            "唐纳德·卡贝鲁卡",
            "Renata Dwan",
            "阿图尔·哈雷",
            "埃尔韦·拉德苏",
            "Jack Christofides",
            "苏和",
        ]
        self.assertEqual(
            sorted(names, key=sort_key),
            [
                "阿图尔·哈雷",
                "埃尔韦·拉德苏",
                "Jack Christofides",
                "卡西姆·韦恩",
                "南",
                "Renata Dwan",
                "苏和",
                "唐纳德·卡贝鲁卡",
                "伊奥尼斯·弗莱拉斯",
            ],
        )

    def test_the_key_follows_the_name_when_saved(self):
        b = Briefer.objects.create(name="苏和", name_key="suhe")
        self.assertEqual(b.sort_key, "su he")
        b.name = "Renata Dwan"
        b.save(update_fields=["name"])
        b.refresh_from_db()
        self.assertEqual(b.sort_key, "renata dwan")


@override_settings(LANGUAGE_CODE="zh-hans")
class BrieferPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for name in ["伊奥尼斯·弗莱拉斯", "南", "卡西姆·韦恩", "唐纳德·卡贝鲁卡", "Renata Dwan"]:
            make_briefer(name)
        cls.report = make_document("S/2017/130", date=dt.date(2017, 2, 14))
        paras = add_paragraphs(
            cls.report,
            ["工作组举行会议。", "Renata Dwan 女士介绍了情况。", "与会者讨论了技术。"],
        )
        cls.meeting = make_meeting(
            "2016-06-24",
            title="联合国反恐实体",
            report=cls.report,
            report_anchors=[p.anchor for p in paras],
        )
        cls.dwan = Briefer.objects.get(name="Renata Dwan")
        brief(cls.meeting, cls.dwan, cls.report, role="处长")

    def test_the_list_is_in_pinyin_order(self):
        html = self.client.get("/briefers/").content.decode()
        positions = [
            html.index(n)
            for n in ["卡西姆·韦恩", "南", "Renata Dwan", "唐纳德·卡贝鲁卡", "伊奥尼斯·弗莱拉斯"]
        ]
        self.assertEqual(positions, sorted(positions))

    def test_the_source_links_to_the_paragraph_naming_the_briefer(self):
        html = self.client.get(self.dwan.get_absolute_url()).content.decode()
        self.assertIn('href="/documents/S/2017/130/?lang=zh#p2">S/2017/130，第2段</a>', html)
        self.assertEqual(html.count("联合国反恐实体"), 1)
