"""Upload pages (staff only) and the download of a document's original file."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from archive.models import Briefing, Document, Meeting, Upload
from ingest.forms import UploadForm
from ingest.incoming import SpoolUploadHandler
from ingest.jobs import queue_upload, recover_stale
from ingest.service import failed, source_file_path

RECENT_UPLOADS = 20
REFRESH_SECONDS = 3
LONG_NAME_FILE = "(file name too long)"
LONG_NAME_REASON = (
    "a file name in this upload is too long (more than about 900 characters); nothing of "
    "this upload was saved: rename the file and upload it again"
)
MEETING_DOCUMENTS = (Document.DocType.REPORT, Document.DocType.CONCEPT_NOTE)


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


# The body of an upload is read only after the sign-in and its announced size are checked
# (the CSRF middleware would read it first: an anonymous 1 GB POST was written to disk
# before the login redirect); the CSRF check follows, in `_receive`.
@csrf_exempt
@staff_required
@require_http_methods(["GET", "POST"])
def upload(request):
    if request.method == "GET":
        return _form_page(request, UploadForm())
    announced = int(request.META.get("CONTENT_LENGTH") or 0)
    if announced > settings.UPLOAD_MAX_REQUEST_BYTES:
        size = filesizeformat(settings.UPLOAD_MAX_REQUEST_BYTES)
        reason = _("The upload is larger than %(size)s in all; nothing was saved.") % {"size": size}
        return _form_page(request, UploadForm(), refusal=reason, status=413)
    handler = SpoolUploadHandler(request)
    request.upload_handlers = [handler]
    try:
        request.FILES  # noqa: B018 (streams the files to disk through the handler)
    except (MultiPartParserError, RequestDataTooBig, TooManyFieldsSent, UnreadablePostError) as exc:
        handler.discard_all()
        if "header size" in str(exc):
            # Django refuses a part whose headers pass 1,024 bytes: a file name of about
            # 900 characters. Its name is lost with it; the record says what to do.
            outcome = failed(LONG_NAME_FILE, LONG_NAME_REASON, user=request.user)
            return redirect(f"{reverse('ingest:results')}?ids={outcome.upload.pk}")
        reason = _("The upload could not be read (it was cut off or malformed); try again.")
        return _form_page(request, UploadForm(), refusal=reason, status=400)
    try:
        return _receive(request, handler)
    finally:
        handler.discard_unclaimed()


@csrf_protect
def _receive(request, handler):
    if handler.refusal:
        reason = _(
            "At most %(count)s files can be uploaded at once; nothing was saved. "
            "Upload them in several goes."
        ) % {"count": settings.UPLOAD_MAX_FILES}
        return _form_page(request, UploadForm(), refusal=reason, status=400)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        with transaction.atomic():  # a record and a job for every file, or none
            uploads = [
                queue_upload(spooled, user=request.user, symbol=form.cleaned_data["symbol"])
                for spooled in form.cleaned_data["files"]
            ]
    except BaseException:
        handler.discard_all()
        raise
    ids = ",".join(str(upload.pk) for upload in uploads)
    return redirect(f"{reverse('ingest:results')}?ids={ids}")


def _form_page(request, form, *, refusal="", status=200):
    recover_stale()
    recent = Upload.objects.select_related("user", "document")[:RECENT_UPLOADS]
    context = {
        "form": form,
        "recent": recent,
        "refusal": refusal,
        "max_bytes": settings.UPLOAD_MAX_BYTES,
        "max_pages": settings.UPLOAD_MAX_PAGES,
        "max_files": settings.UPLOAD_MAX_FILES,
    }
    return render(request, "ingest/upload.html", context, status=status)


@staff_required
@require_GET
def results(request):
    """What the archive understood of each upload (read back from the database); the page
    reloads itself while a job is waiting or running."""
    ids = [int(part) for part in request.GET.get("ids", "").split(",") if part.isdigit()][:100]
    return _results_page(request, ids)


@staff_required
@require_GET
def upload_result(request, pk):
    """One upload's job: its state and, when it is done, what it did."""
    get_object_or_404(Upload, pk=pk)
    return _results_page(request, [pk])


def _results_page(request, ids):
    recover_stale()
    uploads = Upload.objects.filter(pk__in=ids).select_related("user", "document").order_by("pk")
    reports = [_report(upload) for upload in uploads]
    pending = any(upload.pending for upload in uploads)
    context = {"reports": reports, "pending": pending, "refresh_seconds": REFRESH_SECONDS}
    return render(request, "ingest/results.html", context)


def _report(upload: Upload) -> dict:
    doc = upload.document
    report = {"upload": upload, "doc": doc, "warnings": list(upload.messages)}
    if doc is None or upload.pending:
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
        # only the Working Group's own documents report meetings by nature
        if not report["meetings"] and doc.doc_type in MEETING_DOCUMENTS:
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
