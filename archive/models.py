"""The archive's data model.

A Document is one language version of a UN document (natural key: symbol + language).
Its text is kept as ordered Paragraphs (numbered paragraphs, headings, items, footnotes,
annex tables). Citations point from a paragraph to a normalized symbol, whether or not
that document is in the archive. Meetings of the Working Group are reported by documents;
Briefers brief meetings (Briefing keeps the role as stated at that meeting).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ingest.parsers.symbols import normalize_symbol

from .pinyin import sort_key


class DocumentQuerySet(models.QuerySet):
    def by_symbol(self, symbol):
        """Documents carrying this symbol, as main symbol or as one of a joint document."""
        key = normalize_symbol(symbol)
        return self.filter(symbols__symbol=key).distinct()


class Document(models.Model):
    class DocType(models.TextChoices):
        REPORT = "report", _("Report of the Working Group")
        CONCEPT_NOTE = "concept_note", _("Concept note")
        SG_REPORT = "sg_report", _("Report of the Secretary-General")
        MISSION_REPORT = "mission_report", _("Report of a Security Council mission")
        LETTER = "letter", _("Letter")
        OTHER = "other", _("Other document")

    class Organ(models.TextChoices):
        SECURITY_COUNCIL = "SC", _("Security Council")
        GENERAL_ASSEMBLY = "GA", _("General Assembly")
        OTHER = "", _("Other")

    symbol = models.CharField(
        _("symbol"), max_length=120, help_text=_("Normalized main symbol, e.g. S/2017/130")
    )
    language = models.CharField(
        _("language"), max_length=8, help_text=_("Language of this version: zh, en, ...")
    )
    original_language = models.CharField(_("original language"), max_length=8, blank=True)
    doc_type = models.CharField(
        _("document type"), max_length=20, choices=DocType.choices, default=DocType.OTHER
    )
    title = models.TextField(_("title"), blank=True)
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Issue date (or letter date)")
    )
    organ = models.CharField(_("organ"), max_length=2, choices=Organ.choices, blank=True)
    ga_session = models.PositiveSmallIntegerField(_("session"), null=True, blank=True)
    agenda_item = models.CharField(_("agenda item"), max_length=60, blank=True)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    job_number = models.CharField(_("job number"), max_length=40, blank=True)
    distribution = models.CharField(_("distribution"), max_length=40, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    source_name = models.CharField(
        _("source file"), max_length=255, help_text=_("Original file name")
    )
    source_format = models.CharField(_("source format"), max_length=8, default="text")
    source_sha256 = models.CharField(_("SHA-256 of the source"), max_length=64)
    source_path = models.CharField(
        _("stored file"), max_length=255, blank=True, help_text=_("Relative to SOURCE_FILES_DIR")
    )
    parse_warnings = models.JSONField(_("parse warnings"), default=list, blank=True)
    # source_format "pdf-ocr": the text was read by OCR; tesseract's mean word confidence
    # (0-100) for each page, null for a page without words.
    ocr_confidence = models.JSONField(_("OCR confidence"), default=list, blank=True)
    parser_version = models.CharField(
        _("parser version"),
        max_length=20,
        blank=True,
        help_text=_("Parser that produced these records; a newer one re-ingests"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DocumentQuerySet.as_manager()
    # Ingest, re-parse, corrections and merges each save the document with a reason.
    history = HistoricalRecords(
        verbose_name=_("historical document"), excluded_fields=["updated_at"]
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date", "symbol"]
        constraints = [
            models.UniqueConstraint(
                fields=["symbol", "language"], name="uniq_document_symbol_language"
            ),
        ]
        indexes = [
            models.Index(fields=["date"]),
            # "Is this file already in the archive?" is asked for every file ingested.
            models.Index(fields=["source_sha256"], name="document_source_sha256_idx"),
            # The latest change, read for every page to know whether its cached body is
            # current (archive.views.fragments).
            models.Index(fields=["updated_at"], name="document_updated_at_idx"),
        ]

    def __str__(self):
        return f"{self.symbol} ({self.language})"

    def get_absolute_url(self):
        return reverse("archive:document", args=[self.symbol])

    @property
    def year(self):
        return self.date.year if self.date else None


class DocumentSymbol(models.Model):
    """Every symbol a document carries: its main symbol and the others of a joint document."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="symbols"
    )
    symbol = models.CharField(_("symbol"), max_length=120, db_index=True)
    is_primary = models.BooleanField(_("main symbol"), default=False)

    class Meta:
        verbose_name = _("document symbol")
        verbose_name_plural = _("document symbols")
        constraints = [
            models.UniqueConstraint(fields=["document", "symbol"], name="uniq_documentsymbol"),
        ]

    def __str__(self):
        return self.symbol


class Paragraph(models.Model):
    class Kind(models.TextChoices):
        HEADING = "heading", _("Heading")
        PARAGRAPH = "paragraph", _("Numbered paragraph")
        TEXT = "text", _("Unnumbered text")
        ITEM = "item", _("Item")
        FOOTNOTE = "footnote", _("Footnote")
        TABLE = "table", _("Table")
        FIGURE = "figure", _("Figure")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="paragraphs"
    )
    order = models.PositiveIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    number = models.CharField(
        _("number"), max_length=20, blank=True, help_text=_("As printed: 53, (a), 1 (footnote), 一")
    )
    level = models.PositiveSmallIntegerField(
        _("level"), default=0, help_text=_("Heading level (1 = Roman section)")
    )
    part = models.CharField(
        _("part"), max_length=10, blank=True, help_text=_("letter, body or annex")
    )
    section = models.TextField(
        _("section"), blank=True, help_text=_("Heading of the enclosing section")
    )
    text = models.TextField(_("text"))
    anchor = models.CharField(
        _("anchor"), max_length=30, help_text=_("Permalink fragment: p53, fn1, b17")
    )
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    topics = models.ManyToManyField(
        "Topic",
        verbose_name=_("topics"),
        blank=True,
        related_name="paragraphs",
        help_text=_("Set by the topic rules"),
    )

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="uniq_paragraph_order"),
            models.UniqueConstraint(fields=["document", "anchor"], name="uniq_paragraph_anchor"),
        ]

    def __str__(self):
        return f"{self.document.symbol} {self.anchor}"

    def get_absolute_url(self):
        return f"{self.document.get_absolute_url()}#{self.anchor}"


class Citation(models.Model):
    """A paragraph mentions a symbol. The cited document may or may not be in the archive."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="citations"
    )
    paragraph = models.ForeignKey(
        Paragraph, verbose_name=_("paragraph"), on_delete=models.CASCADE, related_name="citations"
    )
    symbol = models.CharField(
        _("symbol"), max_length=120, db_index=True, help_text=_("Normalized cited symbol")
    )

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["document", "paragraph__order", "symbol"]
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "symbol"], name="uniq_citation"),
        ]

    def __str__(self):
        return f"{self.paragraph} -> {self.symbol}"


class Topic(models.Model):
    """A recurring theme of the Working Group's work (technology, protection of civilians,
    ...): a short curated list. Rules (its keywords) assign it to meetings and paragraphs
    (archive.topics); an editor changes the keywords, or sets a meeting's topic by hand."""

    name = models.CharField(_("name"), max_length=300, unique=True, help_text=_("Chinese name"))
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, allow_unicode=True)
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_(
            "One word or phrase a line, Chinese or English: a meeting or paragraph "
            "whose text holds one is on this topic. Apply them again from the topic list."
        ),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in the list")
    )

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    @property
    def label(self):
        """The name in the interface language."""
        english = (get_language() or "").startswith("en")
        return self.name_en if english and self.name_en else self.name

    def keyword_list(self):
        return [k.strip() for k in self.keywords.splitlines() if k.strip()]

    def get_absolute_url(self):
        return reverse("archive:topic", args=[self.slug])


class Meeting(models.Model):
    """A meeting of the Working Group, as reported by one or more documents."""

    class Kind(models.TextChoices):
        ORGANIZATIONAL = "organizational", _("Organizational meeting")
        TCC = "tcc", _("Meeting with troop- and police-contributing countries")
        SUBSTANTIVE = "substantive", _("Substantive meeting")
        THEMATIC = "thematic", _("Thematic discussion")
        OTHER = "other", _("Meeting")

    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Null when the report gives no date")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), help_text=_("Year of the meeting (from the report when undated)")
    )
    seq = models.PositiveSmallIntegerField(
        _("sequence"),
        default=1,
        help_text=_("Disambiguates meetings on one date (or one undated kind in a year)"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    ordinal = models.PositiveSmallIntegerField(
        _("ordinal"), null=True, blank=True, help_text=_("As printed: 第一次 -> 1")
    )
    title = models.TextField(_("title"), blank=True)
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    topic_by_editor = models.BooleanField(
        _("topic chosen by an editor"),
        default=False,
        help_text=_("An editor chose the topic: the topic rules leave this meeting alone"),
    )
    concept_note_symbol = models.CharField(_("concept note"), max_length=120, blank=True)
    documents = models.ManyToManyField(
        Document, verbose_name=_("documents"), through="MeetingReport", related_name="meetings"
    )
    history = HistoricalRecords(verbose_name=_("historical meeting"))

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["year", models.F("date").asc(nulls_first=True), "seq"]
        constraints = [
            models.UniqueConstraint(fields=["date", "seq"], name="uniq_meeting_date_seq"),
            models.UniqueConstraint(
                fields=["year", "kind", "seq"],
                condition=models.Q(date__isnull=True),
                name="uniq_undated_meeting",
            ),
        ]
        indexes = [
            models.Index(fields=["year"]),
            # archive order: previous/next meeting, a year's meetings page by page
            models.Index(fields=["year", "date", "seq"], name="meeting_order_idx"),
            # a document page lists the meetings its symbols are the concept note of
            models.Index(fields=["concept_note_symbol"], name="meeting_concept_note_idx"),
        ]

    def __str__(self):
        return f"{self.slug} {self.get_kind_display()}"

    @property
    def slug(self):
        """URL key: 2016-04-28, 2016-04-28-2 for a second meeting that day,
        2016-organizational for a meeting the report does not date."""
        base = f"{self.date:%Y-%m-%d}" if self.date else f"{self.year}-{self.kind}"
        return base if self.seq == 1 else f"{base}-{self.seq}"

    def get_absolute_url(self):
        return reverse("archive:meeting", args=[self.slug])


class MeetingReport(models.Model):
    """Document X reports meeting M, in these paragraphs (anchors, in order)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="reports"
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="meeting_reports",
    )
    paragraphs = models.ManyToManyField(
        Paragraph, verbose_name=_("paragraphs"), blank=True, related_name="meeting_reports"
    )

    class Meta:
        verbose_name = _("meeting report")
        verbose_name_plural = _("meeting reports")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "document"], name="uniq_meetingreport"),
        ]


class Briefer(models.Model):
    name = models.CharField(_("name"), max_length=200, db_index=True)
    name_key = models.CharField(
        _("name key"), max_length=200, unique=True, help_text=_("Normalized name for matching")
    )
    sort_key = models.CharField(
        _("sort key"),
        max_length=200,
        blank=True,
        db_index=True,
        help_text=_("Pinyin order (archive.pinyin)"),
    )
    history = HistoricalRecords(verbose_name=_("historical briefer"))

    class Meta:
        verbose_name = _("briefer")
        verbose_name_plural = _("briefers")
        ordering = ["sort_key", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.sort_key = sort_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("archive:briefer", args=[self.pk])


class Briefing(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="briefings"
    )
    briefer = models.ForeignKey(
        Briefer, verbose_name=_("briefer"), on_delete=models.CASCADE, related_name="briefings"
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="briefings",
        help_text=_("The first document that states this briefing"),
    )
    sources = models.ManyToManyField(
        Document,
        verbose_name=_("sources"),
        related_name="briefing_sources",
        blank=True,
        help_text=_("Every document that states this briefing"),
    )
    role = models.TextField(_("role"), blank=True, help_text=_("Role as stated at that meeting"))
    honorific = models.CharField(_("honorific"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    stated_name_key = models.CharField(
        _("stated name key"),
        max_length=200,
        blank=True,
        help_text=_("The briefer's name key as the first stating document writes it"),
    )

    class Meta:
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")
        ordering = ["meeting__year", "meeting__date", "meeting__seq", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "briefer"], name="uniq_briefing"),
        ]

    def __str__(self):
        return f"{self.briefer} @ {self.meeting}"


class Recommendation(models.Model):
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    paragraph = models.ForeignKey(
        Paragraph,
        verbose_name=_("paragraph"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    number = models.CharField(_("number"), max_length=20)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["document", "paragraph__order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "paragraph"], name="uniq_recommendation"),
        ]

    def __str__(self):
        return f"{self.document.symbol} para. {self.number}"

    def get_absolute_url(self):
        return self.paragraph.get_absolute_url()


class DiscussionQuestion(models.Model):
    """A question for discussion put by a concept note."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="questions")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    paragraph = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.CASCADE, related_name="questions"
    )
    number = models.CharField(max_length=20, blank=True)
    text = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("question for discussion")
        verbose_name_plural = _("questions for discussion")
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="uniq_question"),
        ]

    def __str__(self):
        return f"{self.document.symbol} Q{self.number}"


class DocumentTopic(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="document_topics")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="document_topics")

    class Meta:
        verbose_name = _("document topic")
        verbose_name_plural = _("document topics")
        constraints = [
            models.UniqueConstraint(fields=["document", "topic"], name="uniq_documenttopic"),
        ]


class Upload(models.Model):
    """One file handed to the archive by an admin (or the ingest command): what became of
    it. An upload is a background job (ingest/jobs.py): `state` is where the job is,
    `status` what it did to the archive once it is done."""

    class Status(models.TextChoices):
        # The same words on the result page and in the list of recent uploads.
        CREATED = "created", _("Added")
        UPDATED = "updated", _("Replaced")
        UNCHANGED = "unchanged", _("Already in the archive")
        FAILED = "failed", _("Refused")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Reading")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        INTERRUPTED = "interrupted", _("Interrupted")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    previous_sha256 = models.CharField(_("previous SHA-256"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, blank=True)
    messages = models.JSONField(_("messages"), default=list, blank=True)
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uploads",
    )
    symbol = models.CharField(_("symbol"), max_length=120, blank=True)
    # The job: its state, the file it reads (under UPLOAD_INCOMING_DIR) until it ends, who
    # runs it ("host:pid") and when that worker last said it was alive.
    state = models.CharField(max_length=12, choices=State.choices, default=State.DONE)
    requested_symbol = models.CharField(max_length=120, blank=True)
    incoming = models.CharField(max_length=100, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=100, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state"], name="upload_state_idx")]

    @property
    def pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING, self.State.INTERRUPTED)

    def __str__(self):
        return f"{self.file_name} ({self.status})"
