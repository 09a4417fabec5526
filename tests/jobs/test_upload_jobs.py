"""Uploads as background jobs (issue 13, findings 2, 5 and 9): the request stores each file
and answers at once, the job reads, saves and indexes it, the pages show the job's state;
bodies are refused before they are read; every file gets its record, or the request is
refused whole; nothing is half-saved and no file is left behind."""

import os
import socket
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from archive.models import Document, Upload
from ingest import incoming, jobs, service
from ingest.readers import read_document
from tests import hostile_pdfs

CORPUS = Path(__file__).resolve().parent.parent.parent / "fixtures" / "corpus"
LETTER = (CORPUS / "S_2015_1039.zh.txt").read_bytes()
REPORT = (CORPUS / "S_2011_817.zh.txt").read_bytes()
UPLOAD_URL = reverse("ingest:upload")
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def incoming_files():
    root = Path(settings.UPLOAD_INCOMING_DIR)
    return sorted(p.name for p in root.iterdir()) if root.is_dir() else []


def dead_pid() -> int:
    """A process id that no process has now."""
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid -= 1


class JobTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = User.objects.create_user("clerk", password="x", is_staff=True)

    def setUp(self):
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        # A request activates its language in this thread; later tests expect the default.
        self.addCleanup(translation.deactivate)
        self.client.force_login(self.staff)
        patcher = mock.patch("search.document_saved")
        self.index_update = patcher.start()
        self.addCleanup(patcher.stop)
        for name in incoming_files():
            (Path(settings.UPLOAD_INCOMING_DIR) / name).unlink()

    def post(self, *files, **extra):
        uploads = [SimpleUploadedFile(name, data) for name, data in files]
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(UPLOAD_URL, {"files": uploads}, **extra)


class RequestTests(JobTestCase):
    def test_a_post_without_a_file_says_so_and_records_nothing(self):
        response = self.client.post(UPLOAD_URL, {"symbol": ""})
        self.assertContains(response, "Choose at least one file", status_code=400)
        self.assertFalse(Upload.objects.exists())

    def post_raw(self, name: str, data: bytes):
        # Written by hand: the test client's files cut their names to 255 characters.
        body = (
            b'--B\r\nContent-Disposition: form-data; name="files"; filename="%s"\r\n'
            b"Content-Type: text/plain\r\n\r\n%s\r\n--B--\r\n" % (name.encode(), data)
        )
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.generic(
                "POST", UPLOAD_URL, body, content_type="multipart/form-data; boundary=B"
            )

    def test_a_1000_character_file_name_gets_a_record_with_a_clear_reason(self):
        response = self.post_raw("a" * 996 + ".txt", LETTER)
        upload = Upload.objects.get()
        self.assertRedirects(response, f"{reverse('ingest:results')}?ids={upload.pk}")
        self.assertEqual((upload.state, upload.status, upload.document), ("failed", "failed", None))
        self.assertIn("a file name in this upload is too long", upload.messages[0])
        self.assertFalse(Document.objects.exists())
        page = self.client.get(response["Location"])
        self.assertContains(page, "rename the file and upload it again")
        self.assertEqual(incoming_files(), [])

    def test_a_file_name_longer_than_255_characters_gets_a_record_with_a_clear_reason(self):
        response = self.post_raw("b" * 296 + ".txt", LETTER)
        upload = Upload.objects.get()
        self.assertRedirects(response, f"{reverse('ingest:results')}?ids={upload.pk}")
        self.assertEqual((upload.state, upload.status), ("failed", "failed"))
        self.assertEqual(
            upload.messages,
            [
                "the file name is 300 characters long (at most 255); rename the file and "
                "upload it again"
            ],
        )
        self.assertLessEqual(len(upload.file_name), 255)
        self.assertFalse(Document.objects.exists())
        self.assertEqual(incoming_files(), [])

    @override_settings(UPLOAD_MAX_FILES=2)
    def test_too_many_files_refuse_the_whole_post(self):
        response = self.post(("a.txt", LETTER), ("b.txt", REPORT), ("c.txt", LETTER))
        self.assertContains(response, "At most 2 files can be uploaded at once", status_code=400)
        self.assertFalse(Upload.objects.exists())
        self.assertFalse(Document.objects.exists())
        self.assertEqual(incoming_files(), [])

    @override_settings(UPLOAD_MAX_BYTES=len(LETTER) + 10)
    def test_each_file_gets_its_own_record_and_job(self):
        response = self.post(("letter.txt", LETTER), ("report.txt", REPORT))
        self.assertEqual(response.status_code, 302)
        by_name = {u.file_name: u for u in Upload.objects.all()}
        self.assertEqual(set(by_name), {"letter.txt", "report.txt"})
        self.assertEqual(
            (by_name["letter.txt"].state, by_name["letter.txt"].status), ("done", "created")
        )
        self.assertEqual(by_name["report.txt"].state, "failed")
        self.assertIn("file is too large (more than", by_name["report.txt"].messages[0])
        self.assertEqual(by_name["report.txt"].size, len(REPORT))
        self.assertEqual(list(Document.objects.values_list("symbol", flat=True)), ["S/2015/1039"])
        self.assertEqual(incoming_files(), [])  # each job removed its file when it ended

    def test_a_body_larger_than_the_limit_is_refused_before_it_is_read(self):
        # The test client's payload raises if more is read than it holds: the announced
        # 1 GiB is never read, for a signed-in admin or an anonymous visitor.
        huge = {"CONTENT_LENGTH": str(1 << 30), "content_type": "multipart/form-data; boundary=x"}
        response = self.client.generic("POST", UPLOAD_URL, b"", **huge)
        self.assertContains(response, "The upload is larger than", status_code=413)
        self.client.logout()
        response = self.client.generic("POST", UPLOAD_URL, b"", **huge)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("admin:login")))
        self.assertFalse(Upload.objects.exists())
        self.assertEqual(incoming_files(), [])

    def test_an_anonymous_upload_is_not_stored_anywhere(self):
        self.client.logout()
        with mock.patch.object(incoming.SpoolUploadHandler, "receive_data_chunk") as write:
            response = self.post(("letter.txt", LETTER))
        self.assertEqual(response.status_code, 302)
        write.assert_not_called()
        self.assertEqual(incoming_files(), [])

    def test_files_stream_to_the_incoming_folder_not_to_memory_or_tmp(self):
        handler = incoming.SpoolUploadHandler()
        handler.new_file("files", "x.txt", "text/plain", None)
        handler.receive_data_chunk(LETTER, 0)
        spooled = handler.file_complete(len(LETTER))
        self.assertEqual(spooled.path.parent, Path(settings.UPLOAD_INCOMING_DIR))
        self.assertEqual(spooled.path.read_bytes(), LETTER)
        handler.discard_all()
        self.assertFalse(spooled.path.exists())


@override_settings(TASKS=DUMMY_TASKS)
class JobStateTests(JobTestCase):
    """With a backend that does not run jobs, the request's side alone: queued records."""

    def queue(self, name="letter.txt", data=LETTER):
        response = self.post((name, data))
        return response, Upload.objects.get(file_name=name)

    def test_the_request_answers_at_once_and_the_page_shows_the_waiting_job(self):
        response, upload = self.queue()
        self.assertEqual((upload.state, upload.status), ("queued", ""))
        self.assertFalse(Document.objects.exists())
        self.assertEqual(incoming_files(), [upload.incoming])
        page = self.client.get(response["Location"])
        self.assertContains(page, "waiting to be read")
        self.assertContains(page, '<meta http-equiv="refresh" content="3">')
        listing = self.client.get(UPLOAD_URL)
        self.assertContains(
            listing, '<td class="state-queued" data-label="Job">Waiting</td>', html=True
        )

    def test_the_job_then_saves_and_the_page_stops_refreshing(self):
        response, upload = self.queue()
        self.assertEqual(jobs.run_upload(upload.pk), "done")
        upload.refresh_from_db()
        self.assertEqual((upload.status, upload.document.symbol), ("created", "S/2015/1039"))
        self.assertEqual(upload.attempts, 1)
        self.assertIsNotNone(upload.finished_at)
        self.assertEqual(incoming_files(), [])
        page = self.client.get(reverse("ingest:upload_result", args=[upload.pk]))
        # the status word of both upload pages (Upload.Status)
        self.assertContains(page, '<span class="status status-created">Added</span>')
        self.assertNotContains(page, 'http-equiv="refresh"')
        # Run again (a retry that came late): nothing changes.
        self.assertEqual(jobs.run_upload(upload.pk), "done")
        self.assertEqual(Document.objects.count(), 1)

    def test_the_states_and_reasons_are_translated(self):
        _, upload = self.queue()
        page = self.client.get(
            reverse("ingest:upload_result", args=[upload.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
        self.assertContains(page, "等待读取")
        upload.state, upload.status = "failed", "failed"
        upload.messages = ["needs more than 1 GB to read; it was not saved"]
        upload.save()
        page = self.client.get(UPLOAD_URL, HTTP_ACCEPT_LANGUAGE="zh-hans")
        self.assertContains(page, "读取此文件需要超过 1 GB 内存；未保存")

    def test_a_file_changed_after_the_upload_is_refused(self):
        _, upload = self.queue()
        incoming.path_of(upload.incoming).write_bytes(LETTER[: len(LETTER) // 2])
        self.assertEqual(jobs.run_upload(upload.pk), "failed")
        upload.refresh_from_db()
        self.assertEqual(
            upload.messages, ["the file changed after it was uploaded; it was not saved"]
        )
        self.assertFalse(Document.objects.exists())

    @override_settings(PARSE_MEMORY_LIMIT=256 * 1024 * 1024)
    def test_a_hostile_pdf_ends_failed_with_a_reason_and_nothing_saved(self):
        _, upload = self.queue("hostile.pdf", hostile_pdfs.inflating_spaces(320 << 20))
        self.assertEqual(jobs.run_upload(upload.pk), "failed")
        upload.refresh_from_db()
        self.assertEqual(upload.messages, ["needs more than 256 MB to read; it was not saved"])
        self.assertFalse(Document.objects.exists())
        self.assertEqual(incoming_files(), [])
        page = self.client.get(reverse("ingest:upload_result", args=[upload.pk]))
        self.assertContains(page, '<span class="status status-failed">Refused</span>')
        self.assertContains(page, "needs more than 256 MB to read")

    def test_a_job_whose_worker_died_is_read_again_once_then_failed(self):
        _, upload = self.queue()
        dead = f"{socket.gethostname()}:{dead_pid()}"
        Upload.objects.filter(pk=upload.pk).update(state="running", worker=dead, attempts=1)
        with mock.patch.object(jobs, "enqueue") as enqueue:
            with self.captureOnCommitCallbacks(execute=True):
                self.assertEqual(jobs.recover_stale(), [upload.pk])
        enqueue.assert_called_once_with(upload.pk)
        upload.refresh_from_db()
        self.assertEqual((upload.state, upload.messages), ("interrupted", [jobs.INTERRUPTED_ONCE]))
        page = self.client.get(reverse("ingest:upload_result", args=[upload.pk]))
        self.assertContains(page, "interrupted, waiting to be read again")
        # The second attempt dies too: failed for good, its file removed.
        Upload.objects.filter(pk=upload.pk).update(state="running", worker=dead, attempts=2)
        self.assertEqual(jobs.recover_stale(), [upload.pk])
        upload.refresh_from_db()
        self.assertEqual((upload.state, upload.status), ("failed", "failed"))
        self.assertEqual(upload.messages, [jobs.INTERRUPTED_AGAIN])
        self.assertEqual(incoming_files(), [])
        self.assertFalse(Document.objects.exists())

    def test_a_worker_judged_dead_while_it_read_does_not_save_over_the_retry(self):
        # Its heartbeat could not be written for too long (a stalled machine, a locked
        # database): the sweep gave the job to another worker, which now runs it. When
        # the first one wakes up and saves, nothing of what it read may be written.
        _, upload = self.queue()
        other = "elsewhere:1"

        class TakenOverWhileReading:
            def read(self, data, name, symbol):
                Upload.objects.filter(pk=upload.pk).update(
                    worker=other, attempts=2, heartbeat_at=timezone.now()
                )
                return SimpleNamespace(result=read_document(data, name))

        with mock.patch.object(jobs, "_sandbox", TakenOverWhileReading):
            self.assertEqual(jobs.run_upload(upload.pk), "running")
        upload.refresh_from_db()
        self.assertEqual((upload.state, upload.worker, upload.status), ("running", other, ""))
        self.assertIsNone(upload.document)
        self.assertFalse(Document.objects.exists())  # rolled back, index entries with it
        # The file stays for the worker that runs the job now, and it saves it.
        self.assertEqual(incoming_files(), [upload.incoming])
        upload.worker = other
        outcome = service.ingest_bytes(LETTER, upload.file_name, upload=upload)
        self.assertEqual((outcome.status, Upload.objects.get().state), ("created", "done"))

    def test_a_refusal_by_a_worker_judged_dead_is_not_written_either(self):
        _, upload = self.queue()
        Upload.objects.filter(pk=upload.pk).update(state="running", worker="elsewhere:1")
        upload.refresh_from_db()
        upload.worker = "here:2"  # what the first worker holds in memory
        with self.assertRaises(service.JobTakenOver):
            service.failed(upload.file_name, "bad", upload=upload)
        self.assertEqual(Upload.objects.get().status, "")

    def test_a_running_job_of_a_live_worker_is_left_alone(self):
        _, upload = self.queue()
        Upload.objects.filter(pk=upload.pk).update(
            state="running", worker=jobs.worker_name(), heartbeat_at=timezone.now()
        )
        self.assertEqual(jobs.recover_stale(), [])
        self.assertEqual(Upload.objects.get().state, "running")

    def test_a_process_of_that_id_that_no_longer_beats_is_not_the_worker(self):
        # A restarted container gives its new processes the ids of the old ones.
        _, upload = self.queue()
        silent = timezone.now() - timedelta(seconds=settings.UPLOAD_JOB_STALE_SECONDS + 1)
        Upload.objects.filter(pk=upload.pk).update(
            state="running", worker=jobs.worker_name(), heartbeat_at=silent, attempts=1
        )
        with mock.patch.object(jobs, "enqueue") as enqueue:
            with self.captureOnCommitCallbacks(execute=True):
                self.assertEqual(jobs.recover_stale(), [upload.pk])
        enqueue.assert_called_once_with(upload.pk)
        self.assertEqual(Upload.objects.get().state, "interrupted")

    def test_a_waiting_job_whose_task_was_lost_is_enqueued_again(self):
        # The web worker died between the commit and the enqueue: no task runs the job.
        _, upload = self.queue()
        Upload.objects.filter(pk=upload.pk).update(task_id="")
        with self.settings(TASKS=DATABASE_TASKS):
            self.assertEqual(jobs.recover_stale(), [])  # just queued: its task may be coming
            old = timezone.now() - timedelta(seconds=settings.UPLOAD_JOB_STALE_SECONDS + 1)
            Upload.objects.filter(pk=upload.pk).update(created_at=old)
            self.assertEqual(jobs.recover_stale(), [upload.pk])
            task = DBTaskResult.objects.get()
            self.assertEqual((task.status, task.args_kwargs["args"]), ("READY", [upload.pk]))
            self.assertEqual(Upload.objects.get().task_id, str(task.id))
            self.assertEqual(jobs.recover_stale(), [])  # its task is waiting now
            # Its task ended without the job (a worker killed before it claimed it).
            DBTaskResult.objects.update(status="FAILED")
            self.assertEqual(jobs.recover_stale(), [upload.pk])
            self.assertEqual(DBTaskResult.objects.filter(status="READY").count(), 1)

    def test_the_sweep_keeps_waiting_files_and_removes_the_others(self):
        _, upload = self.queue()
        stray = Path(settings.UPLOAD_INCOMING_DIR) / ".part-stray"
        stray.write_bytes(b"half a file from a killed request")
        self.assertEqual(incoming.sweep_incoming(grace_seconds=0), ["incoming/.part-stray"])
        self.assertEqual(incoming_files(), [upload.incoming])
