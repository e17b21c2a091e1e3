"""Published versions of the matching index: what every web process, on any machine, serves.

A version is one archive (``mcelink.matching.bundle``) of the directory the web needs: the supplier index with
its bridge (and dense vectors), the strategic technology classifier and the HS/HSK classifier. Its bytes are
kept in the database in chunks, so machines need no shared disk; each machine unpacks a version once into its
own ``MATCHING_INDEX_DIR`` and its web processes share the memory-mapped files (docs/adr/0004).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MatchingIndexVersion(models.Model):
    class Reason(models.TextChoices):
        BUILD = "build", _("Full build")
        REFRESH = "refresh", _("Registry change")

    number = models.PositiveBigIntegerField(_("version"), unique=True)
    checksum = models.CharField(_("SHA-256 of the archive"), max_length=64)
    size = models.PositiveBigIntegerField(_("archive size (bytes)"))
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("matching index version")
        verbose_name_plural = _("matching index versions")

    def __str__(self) -> str:
        return f"v{self.number} {self.checksum[:12]}"


class MatchingIndexChunk(models.Model):
    version = models.ForeignKey(MatchingIndexVersion, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="matching_chunk_unique_number")]

    def __str__(self) -> str:
        return f"{self.version} #{self.number}"
