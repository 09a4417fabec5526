"""Dates and periods, Chinese and English."""

import datetime as dt
import unittest

from ingest.parsers.dates import find_dates, find_periods, parse_date

D = dt.date


class ParseDateTests(unittest.TestCase):
    def test_it_reads_chinese_dates_with_any_spacing(self):
        for text in [
            "2011 年 12 月 30 日",
            "2011年12月30日",
            "2011年 12月 30 日",
            "2011 年\n12 月 30 日",
        ]:
            with self.subTest(text):
                self.assertEqual(parse_date(text), D(2011, 12, 30))

    def test_it_takes_the_year_from_context_when_it_is_missing(self):
        self.assertEqual(parse_date("6 月 29 日，主席", default_year=2011), D(2011, 6, 29))
        self.assertIsNone(parse_date("6 月 29 日"))
        [match] = find_dates("6 月 29 日", default_year=2011)
        self.assertFalse(match.explicit_year)

    def test_it_reads_english_dates(self):
        self.assertEqual(parse_date("30 December 2011"), D(2011, 12, 30))
        self.assertEqual(parse_date("Distr.: General 8 March 2013"), D(2013, 3, 8))
        self.assertEqual(parse_date("On 14 January, these", default_year=2013), D(2013, 1, 14))
        self.assertEqual(parse_date("March 8, 2013"), D(2013, 3, 8))

    def test_it_refuses_impossible_or_partial_dates(self):
        for text in [
            "31 February 2011",
            "2011 年 13 月 1 日",
            "2011 年",
            "12-20064",
            "第 4270 次会议",
            "",
        ]:
            with self.subTest(text):
                self.assertIsNone(parse_date(text, default_year=2011))

    def test_it_gives_spans_in_order(self):
        text = "工作组于 2011 年 8 月 24 日举行；11 月 2 日再次举行"
        matches = find_dates(text, default_year=2011)
        self.assertEqual([m.date for m in matches], [D(2011, 8, 24), D(2011, 11, 2)])
        self.assertEqual(text[matches[0].start : matches[0].end], "2011 年 8 月 24 日")
        self.assertEqual([m.explicit_year for m in matches], [True, False])


class PeriodTests(unittest.TestCase):
    def test_it_reads_chinese_periods(self):
        self.assertEqual(
            find_periods("2016 年 1 月 1 日至 12 月 31 日"), [(D(2016, 1, 1), D(2016, 12, 31))]
        )
        self.assertEqual(
            find_periods("工作组 2011 年 6 月 29 日至 12 月 31 日的活动"),
            [(D(2011, 6, 29), D(2011, 12, 31))],
        )
        self.assertEqual(
            find_periods("关于工作组 2016年 1月 1日至 12月 31日期间活动的报告"),
            [(D(2016, 1, 1), D(2016, 12, 31))],
        )

    def test_it_reads_english_periods(self):
        self.assertEqual(
            find_periods("from 1 January to 31 December 2016"), [(D(2016, 1, 1), D(2016, 12, 31))]
        )
        self.assertEqual(
            find_periods("Mission to Haiti, 13-16 February 2012"),
            [(D(2012, 2, 13), D(2012, 2, 16))],
        )
        self.assertEqual(
            find_periods("1 January 2016 to 31 December 2016"), [(D(2016, 1, 1), D(2016, 12, 31))]
        )

    def test_it_finds_no_period_in_single_dates(self):
        for text in [
            "2015 年 12 月 11 日",
            "2004 年至 2014 年之间",
            "30 December 2011 and beyond",
            "",
        ]:
            with self.subTest(text):
                self.assertEqual(find_periods(text), [])
