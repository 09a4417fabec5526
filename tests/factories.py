"""Helpers that create archive records for tests, with realistic content.

Plain functions, no factory library. `build_sample_archive()` gives a small, cross-linked
archive (a Working Group report, a concept note, a joint GA/SC document, meetings with
briefers); `build_large_document()` gives one document with many paragraphs, citations
and meetings, for query-count tests.
"""

import datetime as dt
import hashlib
from types import SimpleNamespace

from archive.models import (
    Briefer,
    Briefing,
    Citation,
    DiscussionQuestion,
    Document,
    DocumentSymbol,
    DocumentTopic,
    Meeting,
    MeetingReport,
    Paragraph,
    Recommendation,
    Topic,
)
from ingest.parsers.symbols import normalize_symbol


def make_document(symbol, language="zh", *, symbols=(), paragraphs=(), **fields):
    """A document with its primary symbol (and the other symbols of a joint document).

    paragraphs: specs for `add_paragraphs`.
    """
    symbol = normalize_symbol(symbol)
    fields.setdefault("doc_type", Document.DocType.REPORT)
    fields.setdefault("source_name", symbol.replace("/", "_") + f".{language}.txt")
    fields.setdefault("source_sha256", hashlib.sha256(f"{symbol}{language}".encode()).hexdigest())
    doc = Document.objects.create(symbol=symbol, language=language, **fields)
    DocumentSymbol.objects.create(document=doc, symbol=symbol, is_primary=True)
    for other in symbols:
        DocumentSymbol.objects.create(document=doc, symbol=normalize_symbol(other))
    if paragraphs:
        add_paragraphs(doc, paragraphs)
    return doc


def add_paragraphs(doc, specs):
    """Paragraphs from specs: a string (numbered paragraph, numbered in turn) or a tuple
    (kind, number, text[, level]). Anchors follow the parser: p53, p53-a, fn1, h3, b17.
    A `cites` list on a dict spec adds citations; otherwise none are added; a dict spec
    may also give the `part` (letter, body, annex) and the `anchor`."""
    start = doc.paragraphs.count()
    made = []
    last_number = ""
    for i, spec in enumerate(specs, start=start + 1):
        if isinstance(spec, str):
            spec = ("paragraph", "", spec)
        part, anchor = "body", ""
        if isinstance(spec, dict):
            spec = dict(spec)
            cites = spec.pop("cites", ())
            part, anchor = spec.get("part", "body"), spec.get("anchor", "")
            kind, number, text, level = (
                spec["kind"],
                spec.get("number", ""),
                spec["text"],
                spec.get("level", 0),
            )
        else:
            cites = ()
            kind, number, text = spec[:3]
            level = spec[3] if len(spec) > 3 else 0
        if kind == "paragraph" and not number:
            number = str(int(last_number) + 1 if last_number.isdigit() else 1)
        anchor = anchor or _anchor(kind, number, last_number, i)
        if kind == "paragraph":
            last_number = number
        para = Paragraph.objects.create(
            document=doc,
            order=i,
            kind=kind,
            number=number,
            level=level,
            text=text,
            anchor=anchor,
            part=part,
        )
        for symbol in cites:
            cite(para, symbol)
        made.append(para)
    return made


def _anchor(kind, number, last_number, order):
    if kind == "paragraph":
        return f"p{number}"
    if kind == "footnote":
        return f"fn{number}"
    if kind == "heading":
        return f"h{order}"
    if kind == "item" and last_number and number.strip("()").isalpha():
        return f"p{last_number}-{number.strip('()')}"
    return f"b{order}"


def cite(paragraph, *symbols):
    return [
        Citation.objects.create(
            document_id=paragraph.document_id, paragraph=paragraph, symbol=normalize_symbol(s)
        )
        for s in symbols
    ]


def make_topic(name, slug=None):
    return Topic.objects.create(name=name, slug=slug or name.lower().replace(" ", "-"))


def make_meeting(
    date=None,
    *,
    year=None,
    seq=1,
    kind=Meeting.Kind.THEMATIC,
    report=None,
    report_anchors=(),
    **fields,
):
    """A meeting; with `report`, the document reports it in the paragraphs `report_anchors`."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    meeting = Meeting.objects.create(
        date=date, year=year or date.year, seq=seq, kind=kind, **fields
    )
    if report is not None:
        add_report(meeting, report, report_anchors)
    return meeting


def add_report(meeting, document, anchors=()):
    mr = MeetingReport.objects.create(meeting=meeting, document=document)
    if anchors:
        mr.paragraphs.set(document.paragraphs.filter(anchor__in=anchors))
    return mr


def make_briefer(name, name_key=None):
    briefer, _ = Briefer.objects.get_or_create(
        name_key=name_key or normalize_key(name), defaults={"name": name}
    )
    return briefer


def normalize_key(name):
    return "".join(name.split()).replace("·", "").lower()


def brief(meeting, briefer, document, role="", honorific="", order=0):
    if isinstance(briefer, str):
        briefer = make_briefer(briefer)
    return Briefing.objects.create(
        meeting=meeting,
        briefer=briefer,
        document=document,
        role=role,
        honorific=honorific,
        order=order,
    )


def recommend(paragraph):
    return Recommendation.objects.create(
        document_id=paragraph.document_id,
        paragraph=paragraph,
        number=paragraph.number,
        text=paragraph.text,
    )


def ask(document, text, number="", order=0, meeting=None, paragraph=None):
    return DiscussionQuestion.objects.create(
        document=document,
        text=text,
        number=number,
        order=order,
        meeting=meeting,
        paragraph=paragraph,
    )


def tag(document, topic):
    return DocumentTopic.objects.create(document=document, topic=topic)


def build_sample_archive():
    """A small archive modelled on the corpus: report S/2017/130 (zh, and an en version),
    concept note S/2016/1019, report S/2011/817 citing S/2017/130, the joint document
    A/70/95-S/2015/446, two meetings with briefers and an undated organizational meeting."""
    topic = make_topic("在维持和平行动中使用技术", "technology")
    report = make_document(
        "S/2017/130",
        title="关于维持和平行动工作组 2016年1月1日至12月31日期间活动的报告",
        date=dt.date(2017, 2, 14),
        organ=Document.Organ.SECURITY_COUNCIL,
        period_start=dt.date(2016, 1, 1),
        period_end=dt.date(2016, 12, 31),
        original_language="en",
        paragraphs=[
            ("heading", "一", "导言", 1),
            {
                "kind": "paragraph",
                "number": "1",
                "text": "维持和平行动工作组根据 2001 年 1 月 31 日通过的安全理事会主席声明(S/PRST/2001/3)设立。",
                "cites": ["S/PRST/2001/3"],
            },
            {
                "kind": "paragraph",
                "number": "2",
                "text": "塞内加尔常驻联合国代表被任命为工作组主席(见 S/2017/2/Rev.1)。",
                "cites": ["S/2017/2/Rev.1"],
            },
            {
                "kind": "paragraph",
                "number": "3",
                "text": "大多数问题是在和平行动问题高级别独立小组的报告(A/70/95-S/2015/446)中提出的。",
                "cites": ["A/70/95", "S/2015/446"],
            },
            ("heading", "二", "工作组会议", 1),
            ("heading", "A", "在维持和平行动中使用技术", 2),
            {
                "kind": "paragraph",
                "number": "6",
                "text": "4 月 28 日，工作组举行会议。主席在开会前分发了一份概念说明(S/2016/1019)。",
                "cites": ["S/2016/1019"],
            },
            ("item", "(a)", "在维持和平行动中使用技术；"),
            ("heading", "三", "结论和建议", 1),
            ("paragraph", "104", "工作组建议继续举行专题讨论。<script>alert(1)</script>"),
            ("footnote", "1", "见第 1353(2001)号决议。"),
        ],
    )
    report_en = make_document(
        "S/2017/130",
        "en",
        title="Report of the Working Group on Peacekeeping Operations for 2016",
        date=dt.date(2017, 2, 14),
        paragraphs=[("paragraph", "1", "The Working Group was established by S/PRST/2001/3.")],
    )
    note = make_document(
        "S/2016/1019",
        doc_type=Document.DocType.CONCEPT_NOTE,
        title="维持和平行动工作组 2016 年 4 月 28 日会议概念说明",
        date=dt.date(2016, 11, 30),
        paragraphs=[("paragraph", "1", "本次会议将讨论技术与创新。")],
    )
    older = make_document(
        "S/2011/817",
        title="关于维持和平行动工作组 2011 年 6 月 29 日至 12 月 31 日期间活动的报告",
        date=dt.date(2011, 12, 30),
        paragraphs=[
            {
                "kind": "paragraph",
                "number": "53",
                "text": "工作组建议安全理事会继续参照 S/2017/130 号文件。",
                "cites": ["S/2017/130"],
            },
        ],
    )
    joint = make_document(
        "A/70/95",
        symbols=["S/2015/446"],
        doc_type=Document.DocType.OTHER,
        title="和平行动问题高级别独立小组的报告",
        date=dt.date(2015, 6, 17),
        organ=Document.Organ.GENERAL_ASSEMBLY,
        ga_session=70,
        paragraphs=[("paragraph", "1", "联合国和平行动。")],
    )
    organizational = make_meeting(
        year=2016, kind=Meeting.Kind.ORGANIZATIONAL, title="组织会议", report=report
    )
    tech = make_meeting(
        "2016-04-28",
        kind=Meeting.Kind.THEMATIC,
        ordinal=1,
        topic=topic,
        title="在维持和平行动中使用技术",
        concept_note_symbol="S/2016/1019",
        report=report,
        report_anchors=["p6", "p6-a"],
    )
    add_report(tech, note)
    second = make_meeting(
        "2016-04-28", seq=2, kind=Meeting.Kind.TCC, title="与部队派遣国的会议", report=report
    )
    old = make_meeting(
        "2011-07-14", kind=Meeting.Kind.SUBSTANTIVE, ordinal=1, title="实质性会议", report=older
    )
    ladsous = make_briefer("埃尔韦·拉德苏")
    brief(tech, ladsous, report, role="主管维持和平行动副秘书长", honorific="先生", order=1)
    brief(tech, "Renata Dwan", report, role="维持和平行动部政策和最佳做法处处长", order=2)
    brief(old, ladsous, older, role="副秘书长", order=1)
    rec = recommend(report.paragraphs.get(anchor="p104"))
    question = ask(note, "技术如何改善维持和平人员的安全？", number="1", meeting=tech)
    tag(report, topic)
    return SimpleNamespace(
        report=report,
        report_en=report_en,
        note=note,
        older=older,
        joint=joint,
        organizational=organizational,
        tech=tech,
        second=second,
        old=old,
        topic=topic,
        ladsous=ladsous,
        recommendation=rec,
        question=question,
    )


def build_large_document(
    symbol="S/2099/1", *, paragraphs=500, citations=300, meetings=20, cited_by=0, year=2098
):
    """One document with many paragraphs, citations (of other symbols), reported meetings
    with briefers, recommendations; and `cited_by` other documents citing it."""
    doc = make_document(symbol, title="大型报告", date=dt.date(year + 1, 1, 15))
    paras = add_paragraphs(
        doc,
        [f"第 {i} 段，见 S/{year}/{i % 50 + 1} 和第 1353(2001)号决议。" for i in range(paragraphs)],
    )
    for i in range(citations):
        cite(paras[i % len(paras)], f"S/{year}/{i + 1000}")
    for i in range(meetings):
        m = make_meeting(
            dt.date(year, 1 + i % 12, 1 + i // 12),
            kind=Meeting.Kind.THEMATIC,
            ordinal=i + 1,
            title=f"专题讨论 {i}",
            concept_note_symbol=f"S/{year}/{i + 2000}",
            report=doc,
            report_anchors=[paras[i].anchor],
        )
        brief(m, f"通报人{i}", doc, role="司长")
        brief(m, f"Briefer {i}", doc, role="Director")
    for para in paras[-10:]:
        recommend(para)
    for i in range(cited_by):
        other = make_document(f"S/{year}/{5000 + i}", date=dt.date(year + 1, 3, 1))
        cite(add_paragraphs(other, [f"参照 {symbol}。"])[0], symbol)
    return doc


def build_long_document(symbol="S/2020/1000", paragraphs=40_000, *, annexes=0, cite_every=0):
    """One document of `paragraphs` numbered paragraphs (p1, p2, ...), then `annexes`
    annexes of 10 paragraphs each (a heading "Annex N", then annexN-p1...), with a
    citation of S/2017/130 every `cite_every` paragraphs: rows written as plain INSERTs,
    for tests at the sizes where SQLite's variable limit and a page's size matter."""
    from ingest.rows import column_values, insert_rows

    doc = make_document(symbol)
    fields = ["document", "order", "kind", "number", "level", "part", "section", "text", "anchor"]
    rows = [
        (doc.pk, i, "paragraph", str(i), 0, "body", "", f"第{i}段。", f"p{i}")
        for i in range(1, paragraphs + 1)
    ]
    order = paragraphs
    for n in range(1, annexes + 1):
        order += 1
        rows.append((doc.pk, order, "heading", "", 1, "annex", "", f"Annex {n}", f"h{order}"))
        for i in range(1, 11):
            order += 1
            rows.append(
                (
                    doc.pk,
                    order,
                    "paragraph",
                    str(i),
                    0,
                    "annex",
                    "",
                    f"附件{n}第{i}段。",
                    f"annex{n}-p{i}",
                )
            )
    insert_rows(Paragraph, fields, rows)
    if cite_every:
        pks = column_values(Paragraph, "order", "id", "document", doc.pk)
        insert_rows(
            Citation,
            ["document", "paragraph", "symbol"],
            [(doc.pk, pks[i], "S/2017/130") for i in range(cite_every, paragraphs + 1, cite_every)],
        )
    return doc
