"""When things run unattended: the nightly job at 02:00 UTC.

The job itself is defined with the code location (``abe_hub/definitions.py``); the schedule names it,
so it can live here beside any later schedules and sensors. It starts running as soon as the code
location is deployed (a nightly that waits for someone to switch it on in the UI does not run).
"""

from dagster import DefaultScheduleStatus, ScheduleDefinition

NIGHTLY_JOB = "nightly"

nightly_schedule = ScheduleDefinition(
    name="nightly_schedule",
    job_name=NIGHTLY_JOB,
    cron_schedule="0 2 * * *",
    execution_timezone="UTC",
    default_status=DefaultScheduleStatus.RUNNING,
    description="Extract, resolve, validate, build the marts and publish them, every night at 02:00 UTC.",
)
