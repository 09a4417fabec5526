"""The shapes of the API's answers, as pydantic schemas: django-ninja validates every answer
against them and writes them into the OpenAPI description.

The fields of the first version of the API (issue 3) are a contract: they stay, with their
names and meanings; everything else was added after.
"""

import datetime as dt

from ninja import Field, Schema


class Error(Schema):
    error: str = Field(description="What went wrong, in the interface language")
    status: int = Field(description="The HTTP status, repeated")
    symbol: str | None = Field(None, description="A symbol that is cited but not held")
    cited_by: list[str] | None = Field(None, description="Documents citing that symbol")
    official_text: str | None = Field(None, description="The official text of that symbol")
    detail: list[dict] | None = Field(None, description="Which parameters were refused")


class Correction(Schema):
    """An editor's correction of a parsed fact; the corrected value is the one shown."""

    target: str = Field(
        description="document, meeting, briefing, briefer, recommendation or paragraph"
    )
    key: str = Field(description="Which one, as the parser names it (meeting date, anchor)")
    field: str = Field(description="The corrected field, e.g. title, date, role, number")
    value: str = Field(description="The corrected value")
    document_reads: str = Field(description="What the document (as parsed) reads")
    corrected_on: dt.date | None
    reason: str


class BrieferAtMeeting(Schema):
    name: str
    role: str = Field(description="Role as stated at that meeting, in the report's language")
    url: str = Field(description="The briefer's page")


class Briefing(Schema):
    briefer_id: int = Field(description="The briefer's id (stable)")
    name: str
    role: str = Field(description="Role as stated at that meeting, in the report's language")
    honorific: str
    url: str = Field(description="The briefer's page")
    api_url: str


class ReportRef(Schema):
    symbol: str
    language: str
    url: str = Field(description="The document page in that language")
    paragraphs: list[str] = Field(description="Anchors of the paragraphs describing the meeting")


class Meeting(Schema):
    date: dt.date | None = Field(description="Null when the report gives no date")
    year: int
    slug: str = Field(description="Stable id: 2016-04-28, 2016-04-28-2, 2016-organizational")
    kind: str = Field(description="organizational, tcc, substantive, thematic or other")
    ordinal: int | None = Field(description="As printed: 第一次 -> 1")
    title: str
    topic: str | None = Field(description="The topic's name")
    url: str
    concept_note: str | None = Field(description="Symbol of the concept note")
    briefers: list[BrieferAtMeeting]
    briefings: list[Briefing] = Field(description="The briefers, with ids and honorifics")
    id: str = Field(description="The slug (stable)")
    api_url: str
    topic_slug: str | None
    concept_note_url: str | None = Field(description="The concept note's page")
    reports: list[ReportRef] = Field(description="Documents reporting the meeting")
    corrections: list[Correction] = Field(
        description="Editors' corrections of the meeting and its briefings"
    )


class Recommendation(Schema):
    paragraph: str = Field(description="Number of the paragraph making it")
    text: str
    url: str = Field(description="Permalink to the paragraph")


class Paragraph(Schema):
    number: str = Field(description="As printed: 53, (a), 1 (footnote), 一")
    anchor: str = Field(description="Permalink fragment, unique in the document: p53, fn1")
    kind: str = Field(description="heading, paragraph, text, item, footnote or table")
    text: str


class LanguageVersion(Schema):
    language: str
    url: str
    api_url: str


class PartCount(Schema):
    part: str = Field(description="letter, body or annex (empty when the parser gave none)")
    count: int
    api_url: str = Field(description="This document's paragraphs of that part")


class Document(Schema):
    symbol: str = Field(description="Main symbol, normalized (stable id with `language`)")
    symbols: list[str] = Field(description="Every symbol of a joint document, main first")
    language: str
    languages: list[str]
    doc_type: str = Field(
        description="report, concept_note, sg_report, mission_report, letter or other"
    )
    title: str
    date: dt.date | None
    url: str
    meetings: list[Meeting]
    recommendations: list[Recommendation]
    cites: list[str]
    cited_by: list[str] = Field(description="The latest citing documents (at most 50)")
    cited_by_count: int
    paragraphs: list[Paragraph] = Field(
        description="One page of paragraphs (of `part` if asked): see paragraphs_next"
    )
    id: str = Field(description="symbol@language (stable)")
    api_url: str
    official_text: str = Field(description="The official text (undocs.org)")
    original_language: str
    organ: str = Field(description="SC, GA or empty")
    ga_session: int | None
    agenda_item: str
    period_start: dt.date | None = Field(description="Start of the period covered")
    period_end: dt.date | None
    job_number: str
    distribution: str
    pages: int | None = Field(description="Number of pages of the source")
    source_name: str
    source_url: str | None = Field(description="Download of the stored source file")
    language_versions: list[LanguageVersion]
    citation_url: str = Field(description="This document's citation in every format")
    paragraph_parts: dict[str, str] = Field(
        description="The part (letter, body, annex) of each paragraph of this page, by anchor"
    )
    parts: list[PartCount]
    paragraph_count: int = Field(description="Paragraphs in all (of `part` if asked)")
    paragraphs_next: str | None = Field(description="The next page of paragraphs")
    corrections: list[Correction] = Field(
        description="Editors' corrections of this document's facts (their values are above)"
    )


class DocumentSummary(Schema):
    symbol: str
    symbols: list[str]
    language: str
    doc_type: str
    title: str
    date: dt.date | None
    organ: str
    id: str
    url: str
    api_url: str
    official_text: str


class BriefingOfBriefer(Schema):
    date: dt.date | None
    role: str
    meeting: str = Field(description="The meeting's page")
    slug: str
    kind: str
    title: str
    meeting_api_url: str
    document: str = Field(description="The document that states the briefing")


class Briefer(Schema):
    name: str
    url: str
    briefings: list[BriefingOfBriefer]
    id: int
    api_url: str
    corrections: list[Correction] = Field(
        description="Editors' corrections of the briefer's name and roles"
    )


class Topic(Schema):
    slug: str = Field(description="Stable id")
    name: str
    url: str
    api_url: str
    meetings: int = Field(description="Number of meetings on the topic")
    documents: int = Field(description="Number of documents on the topic")


class TopicDetail(Topic):
    meeting_list: list[Meeting]
    document_list: list[DocumentSummary]


class RecommendationItem(Schema):
    id: str = Field(description="symbol@language#anchor (stable)")
    symbol: str
    language: str
    date: dt.date | None
    paragraph: str
    anchor: str
    part: str
    text: str
    url: str
    document_api_url: str


class Citation(Schema):
    symbol: str
    language: str
    paragraph: str | None = Field(description="The paragraph's anchor, if one is cited")
    url: str = Field(description="The page (and paragraph) cited")
    official_text: str
    un: dict[str, str] = Field(description="UN style, by language: zh, en")
    bibtex: str
    ris: str
    csl: dict = Field(description="CSL-JSON item")


class _Page(Schema):
    count: int
    page: int
    pages: int
    next: str | None
    previous: str | None


class MeetingPage(_Page):
    results: list[Meeting]


class BrieferPage(_Page):
    results: list[Briefer]


class DocumentPage(_Page):
    results: list[DocumentSummary]


class TopicPage(_Page):
    results: list[Topic]


class RecommendationPage(_Page):
    results: list[RecommendationItem]
