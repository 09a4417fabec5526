"""Upload pages (staff only) and the download of a document's original file."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from archive.models import Briefing, Document, Meeting, Upload
from ingest.forms import UploadForm
from ingest.service import ingest_upload, source_file_path

RECENT_UPLOADS = 20


def staff_required(view):
    """Anonymous visitors go to the login page; signed-in non-staff users get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@staff_required
@require_http_methods(["GET", "POST"])
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        ids = []
        for uploaded in form.cleaned_data["files"]:
            outcome = ingest_upload(
                uploaded.read(),
                uploaded.name,
                user=request.user,
                symbol=form.cleaned_data["symbol"],
            )
            if outcome.upload is not None:
                ids.append(str(outcome.upload.pk))
        return redirect(f"{reverse('ingest:results')}?ids={','.join(ids)}")
    recent = Upload.objects.select_related("user", "document")[:RECENT_UPLOADS]
    status = 400 if request.method == "POST" else 200
    limits = {"max_bytes": settings.UPLOAD_MAX_BYTES, "max_pages": settings.UPLOAD_MAX_PAGES}
    context = {"form": form, "recent": recent, **limits}
    return render(request, "ingest/upload.html", context, status=status)


@staff_required
@require_GET
def results(request):
    """What the archive understood of each upload (read back from the database)."""
    ids = [int(part) for part in request.GET.get("ids", "").split(",") if part.isdigit()][:100]
    uploads = Upload.objects.filter(pk__in=ids).select_related("user", "document").order_by("pk")
    reports = [_report(upload) for upload in uploads]
    return render(request, "ingest/results.html", {"reports": reports})


def _report(upload: Upload) -> dict:
    doc = upload.document
    report = {"upload": upload, "doc": doc, "warnings": list(upload.messages)}
    if doc is None:
        return report
    briefings = Briefing.objects.filter(document=doc).select_related("briefer").order_by("order")
    report["meetings"] = (
        Meeting.objects.filter(reports__document=doc)
        .prefetch_related(Prefetch("briefings", queryset=briefings, to_attr="doc_briefings"))
        .distinct()
    )
    report["recommendations"] = doc.recommendations.all()
    report["citations"] = list(
        doc.citations.values_list("symbol", flat=True).distinct().order_by("symbol")
    )
    report["paragraph_count"] = doc.paragraphs.count()
    notes = report["warnings"]
    if upload.status != Upload.Status.UNCHANGED:
        if not report["meetings"]:
            notes.append("no meetings found")
        if doc.date is None:
            notes.append("unknown date")
    report["warnings"] = list(dict.fromkeys(notes))
    return report


@require_GET
def source(request, pk):
    """The original file of a document, always as a download (never rendered inline)."""
    document = get_object_or_404(Document, pk=pk)
    path = source_file_path(document)
    if path is None:
        raise Http404("No stored file for this document.")
    suffix = path.suffix.lower() if path.suffix.lower() in (".pdf", ".txt") else ""
    name = f"{document.symbol.replace('/', '_')}.{document.language}{suffix}"
    content_type = "application/pdf" if suffix == ".pdf" else "text/plain"
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
