"""Editors' decisions, kept apart from what the parser reads so that they survive
re-parsing: corrections of parsed facts and the aliases of a briefer (the names under
which one person appears in different documents)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from archive.models import Briefer


class Correction(models.Model):
    """One fact as an editor corrected it. The fact is named by keys that survive a
    re-parse (document symbol + language, the meeting's date as the parser reads it, a
    paragraph's anchor, a briefer's name key), never by row ids, which a re-parse
    replaces. `object_id` is only the row it sits on since the last parse, for marks on
    pages."""

    class Target(models.TextChoices):
        DOCUMENT = "document", _("Document")
        MEETING = "meeting", _("Meeting")
        BRIEFING = "briefing", _("Briefing")
        BRIEFER = "briefer", _("Briefer")
        RECOMMENDATION = "recommendation", _("Recommendation")
        PARAGRAPH = "paragraph", _("Paragraph")

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired: the parser now reads the same")
        REVIEW = "review", _("Needs review: the source changed")

    symbol = models.CharField(
        _("symbol"), max_length=120, help_text=_("The document the fact was read from")
    )
    language = models.CharField(_("language"), max_length=8)
    target = models.CharField(_("target"), max_length=20, choices=Target.choices)
    key = models.CharField(
        _("key"),
        max_length=500,
        blank=True,
        help_text=_("Which one, as the parser names it: meeting date, paragraph anchor, name key"),
    )
    context = models.TextField(
        _("context"),
        blank=True,
        help_text=_("The start of the text the fact was read in, to notice when it moved"),
    )
    field = models.CharField(_("field"), max_length=40)
    parser_value = models.TextField(_("the document reads"), blank=True)
    value = models.TextField(_("corrected value"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="active")
    state_note = models.TextField(_("state note"), blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("corrected on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(verbose_name=_("historical correction"))

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["symbol", "language", "target", "key", "field"]
        constraints = [
            models.UniqueConstraint(
                fields=["symbol", "language", "target", "key", "field"],
                condition=~models.Q(state="retired"),
                name="uniq_open_correction",
            ),
        ]
        indexes = [models.Index(fields=["symbol", "language"], name="correction_document_idx")]

    def __str__(self):
        return f"{self.symbol} ({self.language}) {self.target} {self.key} {self.field}"


class BrieferAlias(models.Model):
    """Another name of a briefer (陈伟雄 / Chen Weixiong): a document naming the person
    this way is credited to this briefer."""

    briefer = models.ForeignKey(
        Briefer, verbose_name=_("briefer"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(_("name key"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("historical briefer alias"))

    class Meta:
        verbose_name = _("briefer alias")
        verbose_name_plural = _("briefer aliases")
        ordering = ["name"]

    def __str__(self):
        return self.name
