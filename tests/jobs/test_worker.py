"""The database backend and its worker, as in production (issue 13, finding 2): real
`manage.py db_worker` processes on a file database (SQLite, or PostgreSQL when
DATABASE_URL names it). A worker killed inside a job's transaction leaves nothing of the
document; the job is found interrupted, read again by the next worker, and saved whole."""

import json
import os
import signal
import subprocess
import sys
import time
import unittest

from tests.test_crash_safety import ROOT, SAMPLE, TIMEOUT, Archive, assert_whole

WORKER = ["db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v", "0"]
# As in production: a worker that waits for tasks (dev.py serve, the README).
SERVING_WORKER = ["db_worker", "--no-startup-delay", "--no-reload", "-v", "0", "--interval", "0.2"]


class DatabaseWorkerTests(unittest.TestCase):
    def setUp(self):
        self.archive = Archive()
        self.addCleanup(self.archive.close)

    def hook(self, *args) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "tests.crash_hook", *args],
            cwd=ROOT,
            env=self.archive.env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result.stdout.strip().splitlines()[-1]

    def job(self, pk) -> dict:
        return json.loads(self.hook("job", str(pk)))

    def incoming(self):
        folder = self.archive.dir / "incoming"
        return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []

    def test_the_worker_runs_a_queued_upload(self):
        pk = int(self.hook("queue", str(SAMPLE)))
        queued = self.job(pk)
        self.assertEqual((queued["state"], queued["status"]), ("queued", ""))
        self.assertTrue(queued["task_id"])  # a row of the database backend
        self.assertEqual(self.archive.state()["documents"], [])

        self.archive.manage(*WORKER)
        done = self.job(pk)
        self.assertEqual((done["state"], done["status"], done["attempts"]), ("done", "created", 1))
        state = self.archive.state()
        self.assertEqual([d["symbol"] for d in state["documents"]], ["S/2017/130"])
        assert_whole(self, state)
        self.assertEqual(self.incoming(), [])

    def test_a_worker_killed_inside_a_job_leaves_nothing_and_the_job_is_read_again(self):
        pk = int(self.hook("queue", str(SAMPLE)))
        output = self.archive.kill_at("db", *WORKER)
        self.assertTrue(self.archive.assertion_killed, output)
        state = self.archive.state()
        self.assertEqual(state["documents"], [])
        self.assertEqual(state["counts"]["Paragraph"], 0)
        self.assertEqual(self.job(pk)["state"], "running")  # until someone looks

        # The upload pages (and every job that starts) find the dead worker's job.
        recovered = self.archive.manage(
            "shell", "-c", "from ingest.jobs import recover_stale; print(recover_stale())"
        )
        self.assertEqual(recovered.stdout.strip().splitlines()[-1], f"[{pk}]")
        interrupted = self.job(pk)
        self.assertEqual(interrupted["state"], "interrupted")
        self.assertEqual(len(self.incoming()), 1)  # kept for the second attempt

        self.archive.manage(*WORKER)
        done = self.job(pk)
        self.assertEqual((done["state"], done["status"], done["attempts"]), ("done", "created", 2))
        state = self.archive.state()
        self.assertEqual([d["symbol"] for d in state["documents"]], ["S/2017/130"])
        assert_whole(self, state)
        self.assertEqual(state["counts"]["Upload"], 1)
        self.assertEqual(self.incoming(), [])

    def test_the_next_worker_reads_again_the_job_of_a_dead_worker_without_anyone_looking(self):
        pk = int(self.hook("queue", str(SAMPLE)))
        self.archive.kill_at("db", *WORKER)
        self.assertEqual(self.job(pk)["state"], "running")

        self.archive.manage(*WORKER)  # no page opened: the worker looks when it starts
        done = self.job(pk)
        self.assertEqual((done["state"], done["status"], done["attempts"]), ("done", "created", 2))
        assert_whole(self, self.archive.state())
        self.assertEqual(self.incoming(), [])

    def test_a_waiting_worker_finds_a_job_whose_worker_died_while_it_waited(self):
        pk = int(self.hook("queue", str(SAMPLE)))
        # Another worker took the job (its task and the upload say so) and is alive...
        other = subprocess.Popen(["sleep", "300"])
        self.addCleanup(lambda: other.poll() is None and (other.kill(), other.wait()))
        claim = (
            "import socket; from django.utils import timezone; "
            "from archive.models import Upload; from django_tasks_db.models import DBTaskResult; "
            f"u = Upload.objects.get(pk={pk}); "
            "DBTaskResult.objects.filter(id=u.task_id).update(status='RUNNING'); "
            f"Upload.objects.filter(pk={pk}).update(state='running', attempts=1, "
            f"worker=f'{{socket.gethostname()}}:{other.pid}', heartbeat_at=timezone.now())"
        )
        self.archive.manage("shell", "-c", claim)
        worker = subprocess.Popen(
            [sys.executable, "manage.py", *SERVING_WORKER],
            cwd=ROOT,
            env={**self.archive.env, "UPLOAD_JOB_SWEEP_SECONDS": "1"},
            start_new_session=True,
        )
        self.addCleanup(self.stop, worker)
        time.sleep(3)  # the worker started, swept once, and waits for tasks
        self.assertEqual(self.job(pk)["state"], "running")  # its worker is alive

        other.kill()  # ...and dies
        other.wait()
        deadline = time.monotonic() + TIMEOUT
        while self.job(pk)["state"] != "done" and time.monotonic() < deadline:
            time.sleep(0.5)
        done = self.job(pk)
        self.assertEqual((done["state"], done["status"], done["attempts"]), ("done", "created", 2))
        assert_whole(self, self.archive.state())
        self.assertEqual(self.incoming(), [])

    def stop(self, process):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


if __name__ == "__main__":
    unittest.main()
