"""The upload form: several files at once and, for a single file, an optional symbol."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ingest.parsers.types import ParseError
from ingest.readers import clean_symbol


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A FileField that takes several files (Django's widget alone keeps only the last)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.txt,application/pdf,text/plain"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:  # a POST without a file: say so, not an empty results page
            raise forms.ValidationError(_("Choose at least one file to upload."), code="required")
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class UploadForm(forms.Form):
    # Empty files pass the form: the ingest service refuses them and records why.
    files = MultipleFileField(label=_("PDF or text files"), allow_empty_file=True)
    symbol = forms.CharField(
        label=_("Symbol (optional)"),
        required=False,
        max_length=120,
        help_text=_(
            "Only when the file's own symbol cannot be read, e.g. S/2017/130. One file only."
        ),
    )

    def clean_symbol(self):
        value = self.cleaned_data["symbol"].strip()
        if not value:
            return ""
        try:
            return clean_symbol(value)
        except ParseError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("symbol") and len(cleaned.get("files") or []) > 1:
            self.add_error("symbol", _("A symbol can be given for one file at a time."))
        return cleaned
