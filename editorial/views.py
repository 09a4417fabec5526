"""Staff pages of the editorial layer: replace a document with a new file after seeing
what the new parse would change.

This is the confirm step for the upload of a known symbol. Until uploads become
background jobs (ingest.tasks), the file waits between the comparison and the
confirmation under DATA_DIR/pending/, named by its checksum; the comparison itself is
`editorial.reparse.compare_upload`, which a job-based upload can call the same way.
"""

import re
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ingest.forms import UploadForm
from ingest.service import ingest_upload, safe_file_name, sha256_bytes
from ingest.views import staff_required

from .reparse import compare_upload

SHA = re.compile(r"^[0-9a-f]{64}$")


def pending_dir() -> Path:
    return Path(settings.DATA_DIR) / "pending"


@staff_required
@require_http_methods(["GET", "POST"])
def replace(request):
    if request.method == "POST" and request.POST.get("confirm"):
        return _confirm(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["files"][0]
        data, name = uploaded.read(), safe_file_name(uploaded.name)
        symbol = form.cleaned_data["symbol"]
        changes = compare_upload(data, name, symbol)
        if changes is None or changes.error:  # a new document, the same file, or unreadable
            return _ingest(request, data, name, symbol)
        sha = sha256_bytes(data)
        pending_dir().mkdir(parents=True, exist_ok=True)
        (pending_dir() / sha).write_bytes(data)
        context = {"changes": changes, "sha": sha, "file_name": name, "symbol": symbol}
        return render(request, "editorial/replace_confirm.html", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "editorial/replace.html", {"form": form}, status=status)


def _confirm(request):
    sha = request.POST.get("sha", "")
    path = pending_dir() / sha
    if not SHA.match(sha) or not path.is_file():
        raise Http404("No file waits for confirmation under this checksum.")
    data = path.read_bytes()
    name = safe_file_name(request.POST.get("file_name", "") or "upload")
    response = _ingest(request, data, name, request.POST.get("symbol", ""))
    path.unlink(missing_ok=True)
    return response


def _ingest(request, data, name, symbol):
    outcome = ingest_upload(data, name, user=request.user, symbol=symbol)
    ids = str(outcome.upload.pk) if outcome.upload else ""
    return redirect(f"{reverse('ingest:results')}?ids={ids}")
