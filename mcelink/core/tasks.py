from django_tasks import task

from mcelink.core.jobs import job_run


@task()
def run_job(job_id: int) -> str:
    return job_run(job_id).status
