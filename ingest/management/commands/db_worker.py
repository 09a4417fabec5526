"""django-tasks-db's `db_worker`, plus the sweep of upload jobs whose worker died: once
when the worker starts (before it looks for tasks, so that a job of a worker that died
is run again by the next one) and then every UPLOAD_JOB_SWEEP_SECONDS in a thread beside
the worker's loop. `ingest` is listed before `django_tasks_db` in INSTALLED_APPS, so
`manage.py db_worker` is this command."""

import os
import threading

from django.conf import settings
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from ingest import jobs


class Command(db_worker.Command):
    help = (
        "Run a database background worker (uploads); it also finds upload jobs whose worker "
        "died, when it starts and every UPLOAD_JOB_SWEEP_SECONDS."
    )

    def handle(self, *args, **options):
        # With --reload this process only restarts the real worker, which sweeps.
        reloader = (
            options["reload"]
            and not options["batch"]
            and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        )
        if not reloader:
            jobs.sweep_once()
            if not options["batch"]:
                stop = threading.Event()
                threading.Thread(
                    target=jobs.sweep_forever,
                    args=(settings.UPLOAD_JOB_SWEEP_SECONDS, stop),
                    daemon=True,  # ends with the worker, whichever way it stops
                    name="upload-job-sweep",
                ).start()
        super().handle(*args, **options)
