from django.contrib import admin

from . import models


class DocumentSymbolInline(admin.TabularInline):
    model = models.DocumentSymbol
    extra = 0


@admin.register(models.Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["symbol", "language", "doc_type", "date", "organ", "title"]
    list_filter = ["doc_type", "organ", "language"]
    search_fields = ["symbol", "title", "symbols__symbol"]
    date_hierarchy = "date"
    inlines = [DocumentSymbolInline]
    readonly_fields = ["source_sha256", "source_path", "created_at", "updated_at"]


@admin.register(models.Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ["document", "order", "kind", "number", "anchor"]
    list_filter = ["kind"]
    list_select_related = ["document"]
    search_fields = ["document__symbol", "text"]
    raw_id_fields = ["document"]


@admin.register(models.Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["symbol", "document", "paragraph"]
    list_select_related = ["document", "paragraph__document"]
    search_fields = ["symbol", "document__symbol"]
    raw_id_fields = ["document", "paragraph"]


class BriefingInline(admin.TabularInline):
    model = models.Briefing
    extra = 0
    raw_id_fields = ["briefer", "document"]


@admin.register(models.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "seq", "kind", "ordinal", "title", "concept_note_symbol"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["title", "concept_note_symbol"]
    inlines = [BriefingInline]


@admin.register(models.MeetingReport)
class MeetingReportAdmin(admin.ModelAdmin):
    list_display = ["meeting", "document"]
    raw_id_fields = ["meeting", "document", "paragraphs"]


@admin.register(models.Briefer)
class BrieferAdmin(admin.ModelAdmin):
    list_display = ["name", "name_key"]
    search_fields = ["name"]


@admin.register(models.Briefing)
class BriefingAdmin(admin.ModelAdmin):
    list_display = ["briefer", "meeting", "role"]
    list_select_related = ["briefer", "meeting"]
    search_fields = ["briefer__name", "role"]
    raw_id_fields = ["meeting", "briefer", "document"]


@admin.register(models.Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(models.Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["document", "number", "text"]
    search_fields = ["text", "document__symbol"]
    raw_id_fields = ["document", "paragraph"]


@admin.register(models.DiscussionQuestion)
class DiscussionQuestionAdmin(admin.ModelAdmin):
    list_display = ["document", "number", "text"]
    raw_id_fields = ["document", "meeting", "paragraph"]


@admin.register(models.DocumentTopic)
class DocumentTopicAdmin(admin.ModelAdmin):
    list_display = ["document", "topic"]
    raw_id_fields = ["document", "topic"]


@admin.register(models.Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ["created_at", "file_name", "status", "symbol", "user"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in models.Upload._meta.fields]

    def has_add_permission(self, request):
        return False
