"""The archive's models in the admin. Parsed records are edited only where an editor may
correct a fact, and every change goes through the editorial layer and the ingest service
(editorial.admin.CorrectingAdmin)."""

from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from editorial import corrections
from editorial.admin import BrieferAdmin, CorrectingAdmin, corrections_list
from ingest import service

from . import models, topics


class DocumentSymbolInline(admin.TabularInline):
    model = models.DocumentSymbol
    extra = 0
    readonly_fields = ["symbol", "is_primary"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Document)
class DocumentAdmin(CorrectingAdmin):
    list_display = ["symbol", "language", "doc_type", "date", "organ", "title"]
    list_filter = ["doc_type", "organ", "language"]
    search_fields = ["symbol", "title", "symbols__symbol"]
    date_hierarchy = "date"
    inlines = [DocumentSymbolInline]
    exclude = ["parse_warnings"]
    readonly_extra = ["warnings", "document_corrections"]

    def get_readonly_fields(self, request, obj=None):
        return [f for f in super().get_readonly_fields(request, obj) if f != "parse_warnings"]

    @admin.display(description=_("parse warnings"))
    def warnings(self, doc):
        if not doc.parse_warnings:
            return _("None")
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((w,) for w in doc.parse_warnings))
        )

    @admin.display(description=_("corrections"))
    def document_corrections(self, doc):
        rows = corrections.Correction.objects.filter(symbol=doc.symbol, language=doc.language)
        return corrections_list(list(rows.order_by("state", "target", "key")))

    def has_delete_permission(self, request, obj=None):
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def get_deleted_objects(self, objs, request):
        # What a document takes with it is the service's business (delete_document):
        # the parsed rows are not deletable one by one, which must not forbid this.
        deleted, counts, _, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_model(self, request, obj):
        service.delete_document(obj)

    def delete_queryset(self, request, queryset):
        for doc in queryset:
            service.delete_document(doc)
        self.message_user(request, _("Deleted through the ingest service."), messages.SUCCESS)


@admin.register(models.Paragraph)
class ParagraphAdmin(CorrectingAdmin):
    list_display = ["document", "order", "kind", "number", "anchor"]
    list_filter = ["kind"]
    list_select_related = ["document"]
    search_fields = ["document__symbol", "text"]


@admin.register(models.Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["symbol", "document", "paragraph"]
    list_select_related = ["document", "paragraph__document"]
    search_fields = ["symbol", "document__symbol"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BriefingInline(admin.TabularInline):
    model = models.Briefing
    extra = 0
    fields = ["briefer", "role", "honorific", "document"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Meeting)
class MeetingAdmin(CorrectingAdmin):
    list_display = ["date", "seq", "kind", "ordinal", "title", "topic", "topic_by_editor"]
    list_filter = ["kind", "topic", "topic_by_editor"]
    list_select_related = ["topic"]
    date_hierarchy = "date"
    search_fields = ["title", "concept_note_symbol"]
    inlines = [BriefingInline]
    readonly_extra = ["meeting_corrections"]

    @admin.display(description=_("corrections"))
    def meeting_corrections(self, meeting):
        return corrections_list(corrections.for_row(meeting))


admin.site.register(models.Briefer, BrieferAdmin)


@admin.register(models.Briefing)
class BriefingAdmin(CorrectingAdmin):
    list_display = ["briefer", "meeting", "role"]
    list_select_related = ["briefer", "meeting"]
    search_fields = ["briefer__name", "role"]


@admin.register(models.Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "name_en", "keywords"]
    fields = ["name", "name_en", "slug", "position", "keywords"]
    actions = ["apply_rules"]

    @admin.action(description=_("Apply the topic rules again to every meeting and paragraph"))
    def apply_rules(self, request, queryset):
        counts = topics.apply_all()
        self.message_user(
            request,
            _(
                "Topics applied: %(meetings)s meetings, %(paragraphs)s paragraph topics, "
                "%(documents)s document topics."
            )
            % counts,
            messages.SUCCESS,
        )


@admin.register(models.Recommendation)
class RecommendationAdmin(CorrectingAdmin):
    list_display = ["document", "number", "text"]
    search_fields = ["text", "document__symbol"]


@admin.register(models.Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ["created_at", "file_name", "state", "status", "symbol", "user"]
    list_filter = ["state", "status"]
    readonly_fields = [f.name for f in models.Upload._meta.fields]

    def has_add_permission(self, request):
        return False
