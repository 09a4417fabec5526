"""The admin as an editor's tool.

`CorrectingAdmin` is the base of the admin of every parsed model: only the facts an editor
may correct are editable, and a change is saved as a correction through
`editorial.corrections.correct` (so it survives re-parsing, and the search index, the page
cache and the history follow); a deleted document goes through the ingest service. Nothing
parsed is added by hand: documents come in by upload or ingest.

Briefers get the identity tools: merge (an action, with a confirmation naming the briefer
to keep), split of an alias, and the suggestions of likely same persons.
"""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Model
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from archive.models import Briefer

from . import corrections, identity
from .models import BrieferAlias, Correction

admin.site.site_header = _("Peacekeeping Working Group archive")
admin.site.site_title = _("Archive editing")
admin.site.index_title = _("Editing the archive")


def form_value(value) -> str:
    if isinstance(value, Model):
        return getattr(value, "name", str(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


class CorrectingForm(forms.ModelForm):
    correction_reason = forms.CharField(
        label=_("Reason for the correction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the correction, e.g. 'the PDF reads 24 August'."),
    )

    def clean(self):
        data = super().clean()
        for name in self.changed_data:
            if name in corrections.correctable_fields(self._meta.model):
                try:
                    corrections.validate(self.instance, name, form_value(data.get(name)))
                except corrections.CorrectionError as exc:
                    self.add_error(name, exc)
        return data


class CorrectingAdmin(SimpleHistoryAdmin):
    form = CorrectingForm

    def get_readonly_fields(self, request, obj=None):
        editable = set(corrections.correctable_fields(self.model))
        meta = self.model._meta
        names = [f.name for f in [*meta.fields, *meta.many_to_many] if f.name not in editable]
        return [*names, *self.readonly_extra]

    readonly_extra: list[str] = []

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fresh = type(obj).objects.get(pk=obj.pk)
        reason = form.cleaned_data.get("correction_reason", "")
        for name in form.changed_data:
            if name in corrections.correctable_fields(self.model):
                value = form_value(form.cleaned_data.get(name))
                corrections.correct(fresh, name, value, user=request.user, reason=reason)

    def save_related(self, request, form, formsets, change):
        # Relations and inlines are read-only (parsed, not edited): this saves nothing
        # but lets the admin write its change message.
        super().save_related(request, form, formsets, change)


def corrections_list(rows) -> str:
    """Corrections as a short HTML list, for change pages."""
    if not rows:
        return _("None")
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "",
            '<li><a href="{}">{} {} {}</a>: “{}” → “{}” ({})</li>',
            (
                (
                    reverse("admin:editorial_correction_change", args=[c.pk]),
                    c.get_target_display(),
                    c.key,
                    c.field,
                    c.parser_value,
                    c.value,
                    c.get_state_display(),
                )
                for c in rows
            ),
        ),
    )


@admin.register(Correction)
class CorrectionAdmin(SimpleHistoryAdmin):
    list_display = [
        "symbol",
        "language",
        "target",
        "key",
        "field",
        "parser_value",
        "value",
        "state",
        "user",
        "created_at",
    ]
    list_filter = ["state", "target", "field"]
    search_fields = ["symbol", "key", "value", "parser_value", "reason"]
    readonly_fields = [
        f.name for f in Correction._meta.fields if f.name not in ("reason", "state", "id")
    ]
    actions = ["retire"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Retire the selected corrections (stop applying them)"))
    def retire(self, request, queryset):
        for c in queryset.exclude(state=Correction.State.RETIRED):
            c.state, c.state_note = Correction.State.RETIRED, "retired by an editor"
            c._history_user = request.user
            c.save()
        self.message_user(request, _("Retired."), messages.SUCCESS)


class BrieferAliasInline(admin.TabularInline):
    model = BrieferAlias
    extra = 0
    fields = ["name", "name_key", "split"]
    readonly_fields = ["name", "name_key", "split"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Another person?"))
    def split(self, alias):
        url = reverse("admin:archive_briefer_split", args=[alias.briefer_id, alias.pk])
        return format_html('<a href="{}">{}</a>', url, _("Split off as a briefer of its own"))


class BrieferAdmin(CorrectingAdmin):
    list_display = ["name", "name_key", "briefing_count"]
    search_fields = ["name", "name_key", "aliases__name"]
    inlines = [BrieferAliasInline]
    actions = ["merge"]
    readonly_extra = ["likely_same"]
    change_list_template = "admin/editorial/briefer_change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(briefing_total=Count("briefings"))

    @admin.display(description=_("briefings"), ordering="briefing_total")
    def briefing_count(self, briefer):
        return briefer.briefing_total

    @admin.display(description=_("Likely the same person"))
    def likely_same(self, briefer):
        found = identity.suggestions_for(briefer)
        if not found:
            return _("None")
        return format_html_join(
            ", ",
            '<a href="{}">{}</a> ({})',
            (
                (
                    reverse("admin:archive_briefer_change", args=[other.pk]),
                    other.name,
                    ", ".join(str(r) for r in s.reasons),
                )
                for s in found
                for other in [s.b if s.a.pk == briefer.pk else s.a]
            ),
        )

    def get_urls(self):
        own = [
            path(
                "suggestions/",
                self.admin_site.admin_view(self.suggestions_view),
                name="archive_briefer_suggestions",
            ),
            path(
                "<int:pk>/split/<int:alias>/",
                self.admin_site.admin_view(self.split_view),
                name="archive_briefer_split",
            ),
        ]
        return own + super().get_urls()

    @admin.action(description=_("Merge the selected briefers (one person)"))
    def merge(self, request, queryset):
        chosen = list(queryset.order_by("pk"))
        if len(chosen) != 2:
            self.message_user(request, _("Select exactly two briefers to merge."), messages.ERROR)
            return None
        keep = request.POST.get("keep")
        if keep:
            kept = next((b for b in chosen if str(b.pk) == keep), None)
            if kept is not None:
                other = next(b for b in chosen if b.pk != kept.pk)
                return self._merge(request, kept, other)
        return TemplateResponse(
            request,
            "admin/editorial/merge_confirm.html",
            {**self.admin_site.each_context(request), "briefers": chosen, "opts": self.opts},
        )

    def _merge(self, request, keep, other):
        if not self.has_change_permission(request):
            return redirect("admin:archive_briefer_changelist")
        name = other.name
        identity.merge(keep, other, user=request.user)
        self.message_user(
            request,
            _("%(other)s is now an alias of %(keep)s.") % {"other": name, "keep": keep.name},
            messages.SUCCESS,
        )
        return redirect("admin:archive_briefer_change", keep.pk)

    def suggestions_view(self, request):
        if request.method == "POST":
            a = get_object_or_404(Briefer, pk=request.POST.get("keep"))
            b = get_object_or_404(Briefer, pk=request.POST.get("other"))
            return self._merge(request, a, b)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Likely the same person"),
            "suggestions": identity.suggestions(),
        }
        return TemplateResponse(request, "admin/editorial/suggestions.html", context)

    def split_view(self, request, pk, alias):
        briefer = get_object_or_404(Briefer, pk=pk)
        alias = get_object_or_404(BrieferAlias, pk=alias, briefer=briefer)
        if request.method == "POST" and self.has_change_permission(request, briefer):
            new = identity.split(briefer, alias, user=request.user)
            self.message_user(
                request,
                _("%(name)s is a briefer of its own again.") % {"name": new.name},
                messages.SUCCESS,
            )
            return redirect("admin:archive_briefer_change", new.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Split a briefer"),
            "briefer": briefer,
            "alias": alias,
        }
        return TemplateResponse(request, "admin/editorial/split_confirm.html", context)
