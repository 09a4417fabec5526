"""Uploads as background jobs: the request stores each file and answers at once; a worker
(`manage.py db_worker`, django-tasks' database backend) reads it in the bounded child
process (ingest/sandbox.py), and saves and indexes it through the ingest service.

The Upload row is the job's record: queued -> running -> done | failed. The result (the
document, created / updated / unchanged, the warnings) is written in the document's own
transaction, so a job is saved whole or not at all. A running job's worker says it is
alive every few seconds; a job whose worker died (killed, out of memory, machine
restarted) is found by `recover_stale`, marked interrupted, and tried once more, or failed
after a second interruption. Its incoming file is removed when the job ends either way.
`recover_stale` runs in every worker (`manage.py db_worker`, ingest's version of the
command) when it starts and every UPLOAD_JOB_SWEEP_SECONDS, so nobody has to look; the
upload pages and every job that starts run it too.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone

from archive.models import Upload
from ingest import incoming, service
from ingest.files import FileReadError, read_file
from ingest.parsers.types import ParseError
from ingest.sandbox import Sandbox, sweep_scratch

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5
MAX_ATTEMPTS = 2
State = Upload.State

INTERRUPTED_AGAIN = "the worker stopped twice while reading this file; it was not saved"
INTERRUPTED_ONCE = "the worker stopped while reading this file; it is read again"


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# --- the request side --------------------------------------------------------------------


def queue_upload(spooled: incoming.SpooledFile, *, user, symbol: str = "") -> Upload:
    """One upload record and job for a spooled file; the job is enqueued when the request's
    transaction commits. A file past the size limit, or with a name no file system keeps,
    is refused at once, with its own record."""
    name = service.safe_file_name(spooled.name)
    reason = ""
    if spooled.too_large:
        limit = settings.UPLOAD_MAX_BYTES / (1024 * 1024)
        reason = f"file is too large (more than {limit:.1f} MB); it was not saved"
    elif len(spooled.name) > incoming.MAX_NAME_LENGTH:
        reason = (
            f"the file name is {len(spooled.name)} characters long (at most "
            f"{incoming.MAX_NAME_LENGTH}); rename the file and upload it again"
        )
    if reason:
        spooled.discard()
        outcome = service.failed(name, reason, user=user, size=spooled.size, sha=spooled.sha256)
        return outcome.upload
    upload = Upload.objects.create(
        user=user,
        file_name=name,
        size=spooled.size,
        sha256=spooled.sha256,
        state=State.QUEUED,
        requested_symbol=symbol,
    )
    upload.incoming = incoming.claim(spooled, f"u{upload.pk}")
    upload.save(update_fields=["incoming"])
    transaction.on_commit(lambda pk=upload.pk: enqueue(pk))
    return upload


def enqueue(upload_id: int) -> None:
    from ingest.tasks import ingest_upload_job

    result = ingest_upload_job.enqueue(upload_id)
    Upload.objects.filter(pk=upload_id).update(task_id=str(result.id)[:64])


# --- the worker side ---------------------------------------------------------------------

_local = threading.local()


def _sandbox() -> Sandbox:
    # One child per worker thread, reused job after job (it costs a second to start).
    sandbox = getattr(_local, "sandbox", None)
    if sandbox is None:
        sandbox = _local.sandbox = Sandbox()
    return sandbox


def run_upload(upload_id: int) -> str:
    """The job: claim the record, read, parse in the sandbox, save. Returns the state."""
    recover_stale()
    me = worker_name()
    claimed = Upload.objects.filter(
        pk=upload_id, state__in=[State.QUEUED, State.INTERRUPTED]
    ).update(
        state=State.RUNNING,
        worker=me,
        heartbeat_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:  # done already, or another worker has it
        return Upload.objects.filter(pk=upload_id).values_list("state", flat=True).first() or ""
    upload = Upload.objects.select_related("user").get(pk=upload_id)
    beat = _Heartbeat(upload_id, me)
    beat.start()
    try:
        _run_or_fail(upload)
    except service.JobTakenOver:
        # This worker was judged dead while it read (a heartbeat that could not be
        # written for UPLOAD_JOB_STALE_SECONDS) and the job went to another worker: that
        # one saves it, from the incoming file, which stays.
        log.warning("upload job %s was taken over by another worker; not saved here", upload_id)
        return Upload.objects.filter(pk=upload_id).values_list("state", flat=True).first() or ""
    finally:
        beat.stop()
    incoming.remove(upload.incoming)
    upload.refresh_from_db(fields=["state"])
    return upload.state


def _run_or_fail(upload: Upload) -> None:
    try:
        _run(upload)
    except service.JobTakenOver:
        raise
    except Exception as exc:
        # A bug, not the file: the job ends failed with the reason, nothing half-saved
        # (the service's transaction), and the traceback goes to the log.
        log.exception("upload job %s failed", upload.pk)
        reason = f"the upload job failed ({type(exc).__name__}); it was not saved"
        service.failed(upload.file_name, reason, size=upload.size, sha=upload.sha256, upload=upload)


def _run(upload: Upload) -> None:
    def refuse(reason):
        service.failed(upload.file_name, reason, size=upload.size, sha=upload.sha256, upload=upload)

    try:
        data = read_file(incoming.path_of(upload.incoming), settings.UPLOAD_MAX_BYTES)
    except FileReadError as exc:
        return refuse(str(exc))
    if service.sha256_bytes(data) != upload.sha256:
        return refuse("the file changed after it was uploaded; it was not saved")
    symbol = upload.requested_symbol
    parsed = None
    existing = service.find_unchanged(upload.sha256)
    if existing is None or (symbol and not service.symbol_matches(existing, symbol)):
        parsed = _sandbox().read(data, upload.file_name, symbol).result
        if isinstance(parsed, ParseError):
            return refuse(str(parsed))
    service.ingest_bytes(
        data, upload.file_name, symbol=symbol, user=upload.user, parsed=parsed, upload=upload
    )


class _Heartbeat(threading.Thread):
    """Tells the database every few seconds that this job's worker is alive."""

    def __init__(self, upload_id: int, worker: str):
        super().__init__(daemon=True, name=f"heartbeat-{upload_id}")
        self.upload_id, self.worker = upload_id, worker
        self._stop_event = threading.Event()

    def run(self):
        try:
            while not self._stop_event.wait(HEARTBEAT_SECONDS):
                try:
                    Upload.objects.filter(
                        pk=self.upload_id, state=State.RUNNING, worker=self.worker
                    ).update(heartbeat_at=timezone.now())
                except Exception:  # a locked database: the next beat tries again
                    log.debug("heartbeat of upload %s skipped", self.upload_id, exc_info=True)
        finally:
            close_old_connections()
            connection.close()

    def stop(self):
        self._stop_event.set()
        self.join(timeout=30)


# --- interrupted jobs --------------------------------------------------------------------


def _alive(worker: str, heartbeat_at) -> bool:
    host, _, pid = worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False  # gone: no need to wait for its heartbeat to age
        except PermissionError:
            pass
    # A process with that id may be another one (a restarted container numbers its
    # processes alike): a worker is alive only while it beats.
    stale = timezone.now() - timedelta(seconds=settings.UPLOAD_JOB_STALE_SECONDS)
    return heartbeat_at is not None and heartbeat_at > stale


def recover_stale() -> list[int]:
    """Jobs whose worker died: tried once more (interrupted, enqueued again) or, after a
    second interruption, failed; waiting jobs whose task was lost are enqueued again.
    Returns the ids of the jobs it changed."""
    changed = _requeue_lost()
    running = Upload.objects.filter(state=State.RUNNING).values_list(
        "pk", "worker", "heartbeat_at", "attempts", "incoming", "task_id"
    )
    for pk, worker, heartbeat_at, attempts, name, task_id in running:
        if _alive(worker, heartbeat_at):
            continue
        _abandon_task(task_id)
        guard = Upload.objects.filter(pk=pk, state=State.RUNNING, worker=worker)
        if attempts < MAX_ATTEMPTS and incoming.path_of(name).is_file():
            if guard.update(state=State.INTERRUPTED, messages=[INTERRUPTED_ONCE]):
                changed.append(pk)
                transaction.on_commit(lambda pk=pk: enqueue(pk))
        elif guard.update(
            state=State.FAILED,
            status=Upload.Status.FAILED,
            messages=[INTERRUPTED_AGAIN],
            finished_at=timezone.now(),
        ):
            changed.append(pk)
            incoming.remove(name)
    return changed


def _abandon_task(task_id: str) -> None:
    """The database backend's row of a task whose worker died stays "running" for ever:
    mark it failed, so that `prune_db_task_results` can remove it one day."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not task_id or not isinstance(task_backends["default"], DatabaseBackend):
        return
    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED", finished_at=timezone.now()
    )


def _requeue_lost() -> list[int]:
    """Waiting jobs that no task will run: the web worker died between the commit and the
    enqueue, or the task row ended without the job (a worker killed before it claimed
    it). Enqueued again; a second task for the same job is harmless (the claim is
    atomic)."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task_backends["default"], DatabaseBackend):
        return []
    settled = timezone.now() - timedelta(seconds=settings.UPLOAD_JOB_STALE_SECONDS)
    waiting = dict(
        Upload.objects.filter(
            state__in=[State.QUEUED, State.INTERRUPTED], created_at__lt=settled
        ).values_list("pk", "task_id")
    )
    ids = [_uuid(task_id) for task_id in waiting.values()]
    live = DBTaskResult.objects.filter(
        id__in=[i for i in ids if i], status__in=["READY", "RUNNING"]
    ).values_list("id", flat=True)
    live = {str(task_id) for task_id in live}
    lost = [pk for pk, task_id in waiting.items() if str(_uuid(task_id)) not in live]
    for pk in lost:
        enqueue(pk)
    return lost


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def sweep_forever(interval: float, stop: threading.Event) -> None:
    """The worker's sweep, every `interval` seconds until `stop` is set (in a thread of
    the worker; ingest/management/commands/db_worker.py)."""
    try:
        while not stop.wait(interval):
            sweep_once()
    finally:
        connection.close()


def sweep_once() -> list[int]:
    """Jobs whose worker died (`recover_stale`) and the temporary directories of readers
    killed with their worker (`sandbox.sweep_scratch`). Returns the jobs it changed."""
    try:
        sweep_scratch()
    except OSError:
        log.warning("the sweep of reading folders failed", exc_info=True)
    try:
        return recover_stale()
    except DatabaseError:  # a locked or unreachable database: the next sweep tries again
        log.warning("the sweep of upload jobs failed; tried again later", exc_info=True)
        return []
    finally:
        close_old_connections()
