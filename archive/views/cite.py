"""Citation downloads: /cite/?symbol=S/2017/130&lang=zh[&paragraph=p6]&format=bibtex|ris|csl."""

import json

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from ingest.parsers.symbols import normalize_symbol

from .. import queries, references

FORMATS = {
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "csl": ("application/vnd.citationstyles.csl+json", "json"),
}


@require_safe
def download(request):
    fmt = request.GET.get("format", "bibtex")
    symbol = request.GET.get("symbol", "")
    if fmt not in FORMATS or "\x00" in symbol:
        raise Http404("No such citation format")
    key = normalize_symbol(symbol)
    versions = queries.document_versions(key) if key else []
    if not versions:
        raise Http404("No such document")
    doc = queries.pick_version(versions, request.GET.get("lang"))
    paragraph = None
    anchor = request.GET.get("paragraph")
    if anchor:
        paragraph = doc.paragraphs.filter(anchor=anchor).first()
        if paragraph is None:
            raise Http404("No such paragraph")
    page = request.build_absolute_uri(f"{doc.get_absolute_url()}?lang={doc.language}")
    ref = references.reference(doc, paragraph, page_url=page)
    if fmt == "bibtex":
        body = references.bibtex(ref)
    elif fmt == "ris":
        body = references.ris(ref)
    else:
        body = json.dumps([references.csl_json(ref)], ensure_ascii=False, indent=2)
    content_type, extension = FORMATS[fmt]
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{ref.key}.{extension}"'
    return response
