"""Structure extraction never raises, whatever the blocks hold."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.parsers.annex_table import parse_table
from ingest.parsers.briefers import briefer_key, find_briefers, parse_briefer
from ingest.parsers.numerals import chinese_number, count_before, find_ordinal
from ingest.parsers.structure import extract_structure
from ingest.parsers.types import Block, ParsedDocument

PIECES = [
    "二. 会议",
    "A. ",
    "4 月 28 日，",
    "2011 年 8 月 24 日",
    "工作组举行了第一次实质性会议",
    "概念说明(S/2016/1019)",
    "副秘书长",
    "苏和",
    "巴巴卡尔·盖伊",
    "·",
    "先生",
    "将军",
    "、",
    "和",
    "Renata Dwan",
    "日期 通报人 主题\n",
    "\n",
    " ",
    "处处长 ",
    "结论和建议",
    "讨论的问题",
    "？",
    "。",
    "一次组织会议",
    "第",
    "十",
    "次",
    "Mr. ",
    ", Director",
]
texts = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(PIECES), max_size=25).map("".join),
)
blocks = st.builds(
    Block,
    kind=st.sampled_from(
        ["heading", "paragraph", "text", "item", "footnote", "table", "", "other"]
    ),
    text=texts,
    number=st.sampled_from(["", "1", "53", "(a)", "•", "二", "A", "x"]),
    level=st.integers(min_value=-1, max_value=4),
    part=st.sampled_from(["letter", "body", "annex"]),
    anchor=st.sampled_from(["", "p1", "h2", "b3"]),
)
dates = st.one_of(
    st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(blocks, max_size=12),
    st.sampled_from(["report", "concept_note", "sg_report", "other", "letter"]),
    dates,
    dates,
    dates,
)
def test_it_never_raises_on_odd_blocks(block_list, doc_type, date, start, end):
    doc = ParsedDocument(
        symbol="S/2099/1",
        symbols=[],
        language="zh",
        doc_type=doc_type,
        date=date,
        period_start=start,
        period_end=end,
    )
    doc.blocks = block_list
    extract_structure(doc)
    assert not any("could not be read" in w for w in doc.warnings), doc.warnings
    for meeting in doc.meetings:
        assert meeting.date is None or isinstance(meeting.date, dt.date)
        assert all(b.name for b in meeting.briefers)
    assert len(doc.topics) == len(set(doc.topics))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_it_never_raises_on_odd_strings(text):
    parse_briefer(text)
    find_briefers(text)
    briefer_key(text)
    parse_table(text)
    chinese_number(text)
    find_ordinal(text)
    count_before(text, "会议")
