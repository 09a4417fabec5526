"""Background tasks (django-tasks). The work is in ingest/jobs.py; a task only names it."""

from django_tasks import task

from ingest import jobs


@task()
def ingest_upload_job(upload_id: int) -> str:
    """Read, parse, save and index one uploaded file; returns the job's final state."""
    return jobs.run_upload(upload_id)
