"""Search result labels (issue 16.3): paragraphs as the archive cites them, meeting and
briefer snippets without what the result already says."""

from types import SimpleNamespace

from django.test import SimpleTestCase
from django.utils import translation

from archive.templatetags.archive_tags import hit_citation, snippet_lines


def hit(url, number="", symbol="S/2011/817"):
    return SimpleNamespace(symbol=symbol, paragraph=number, url=url)


class HitCitationTests(SimpleTestCase):
    def test_items_bullets_and_headings_read_as_citations(self):
        with translation.override("zh-hans"):
            self.assertEqual(
                hit_citation(hit("/documents/S/2011/817/#p7-c", "(c)")), "S/2011/817，第7(c)段"
            )
            self.assertEqual(
                hit_citation(hit("/documents/S/2011/817/#p4-b2", "•")), "S/2011/817，第4段"
            )
            self.assertEqual(
                hit_citation(hit("/documents/S/2011/817/#h5", "二")), "S/2011/817，第二节"
            )
            self.assertEqual(hit_citation(hit("/documents/S/2011/817/")), "S/2011/817")


class SnippetLinesTests(SimpleTestCase):
    def test_it_drops_lines_that_repeat_the_title_name_or_symbol(self):
        snippet = (
            "在<mark>维持和平</mark>行动中使用技术\n专题讨论 2016-04-28 在<mark>维持和平</mark>行动中使用技术\n"
            "S/2016/1019\n主管<mark>维持和平</mark>行动副秘书长 苏和 \n主管外勤支助事务副秘书长 阿图尔·哈雷"
        )
        self.assertEqual(
            snippet_lines(snippet, "在维持和平行动中使用技术|S/2016/1019"),
            "主管<mark>维持和平</mark>行动副秘书长 苏和 · 主管外勤支助事务副秘书长 阿图尔·哈雷",
        )

    def test_it_says_a_role_once(self):
        snippet = "Renata Dwan\n<mark>维持和平</mark>行动部处长\n<mark>维持和平</mark>行动部处长"
        self.assertEqual(snippet_lines(snippet, "Renata Dwan"), "<mark>维持和平</mark>行动部处长")
