"""Shared models: a timestamped base, the audit log, and background jobs with visible progress."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mcelink.core.files import PrivateUploadTo, private_storage
from mcelink.core.i18n import localized


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class StateHistory(models.Model):
    """One move of an object through its workflow (``core.workflow``). A subclass adds the foreign key to its
    object and may narrow the state fields with its choices; time in each state is read from these rows."""

    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    reason_code = models.CharField(_("reason"), max_length=16, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class AuditLog(models.Model):
    """Who changed what, when. One row per write made through a service, in the same transaction."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class Job(TimeStampedModel):
    """A long piece of work (import, index build, report) run by a background worker.

    The worker updates ``done``/``total`` as it goes so that the page and the API can show progress;
    ``report`` holds the structured result (e.g. the per-row error report of an import).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=60)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # Private (``core.files``): a random stored name, served by no URL, deleted after the retention period.
    input_file = models.FileField(
        _("input file"), storage=private_storage, upload_to=PrivateUploadTo("jobs"), blank=True
    )
    input_name = models.CharField(_("input file name"), max_length=200, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Saved every JOB_HEARTBEAT_SECONDS while the job runs, by a thread beside the handler (core.jobs): a running
    # job whose heartbeat is older than JOB_STALE_SECONDS lost its worker, and the reaper ends or requeues it.
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    # How many times a worker started the job: the reaper requeues a job at most once (JOB_MAX_ATTEMPTS).
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Saved by the handler inside its own write transaction (JobProgress.written): once set, the work is
    # committed, even if the worker dies before it saves the job's report.
    written_at = models.DateTimeField(_("work saved"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="core_job_status_heartbeat")]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    def get_kind_display(self) -> str:
        """The kind's label (given where the job is registered), e.g. "Registry import" for companies.import."""
        from mcelink.core.jobs import job_kind_label

        return job_kind_label(self.kind)

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)


class WorkerHeartbeat(models.Model):
    """One background worker process (``mcelink db_worker``), seen alive at ``last_seen``.

    Each worker saves its row every JOB_HEARTBEAT_SECONDS from its maintenance thread; pages and the API say that
    no worker is alive when no row was seen within JOB_STALE_SECONDS. Rows of stopped workers are deleted by the
    reaper after a day."""

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = _("background worker")
        verbose_name_plural = _("background workers")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class Notification(models.Model):
    """Something happened that this user may know about; the text is stored in both languages."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    text_ko = models.CharField(max_length=300)
    text_en = models.CharField(max_length=300)
    url = models.CharField(max_length=200, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        # The table was made by the demand board, where notifications began; it moved here with no data change.
        db_table = "demands_notification"
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.text_en

    @property
    def text(self) -> str:
        return localized(self, "text")
