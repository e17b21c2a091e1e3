"""The key strategic technology list (industry → technology) and the HS / Korean HSK nomenclature."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from mcelink.core.i18n import localized
from mcelink.matching.hscode import format_hs

# The designation batches as the official list names them, and how a reader sees them.
BATCH_LABELS = {"핵심전략기술 150": _("Core 150"), "확대 50": _("Added 50")}


def batch_label(batch: str) -> str:
    return str(BATCH_LABELS.get(batch, batch))


class Industry(models.Model):
    """An industry of the key strategic technology list (반도체, 디스플레이, …, 우주, 방산, 수소)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ko = models.CharField(_("Korean name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=100)
    official_count = models.PositiveSmallIntegerField(_("official number of technologies"), null=True, blank=True)
    batch = models.CharField(
        _("designation batch"), max_length=100, blank=True, help_text=_("e.g. the core 150 or the 50 added later")
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    def get_batch_display(self) -> str:
        return batch_label(self.batch)


class StrategicTechnology(models.Model):
    """One key strategic technology (핵심전략기술) of the MCE list."""

    industry = models.ForeignKey(Industry, on_delete=models.PROTECT, related_name="technologies")
    code = models.CharField(_("code"), max_length=20, unique=True)
    name_ko = models.CharField(_("Korean name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    description_ko = models.TextField(_("Korean description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    related_law = models.CharField(_("related law"), max_length=300, blank=True)
    batch = models.CharField(_("designation batch"), max_length=100, blank=True)
    designated_year = models.PositiveSmallIntegerField(_("year designated"), null=True, blank=True)
    is_sample = models.BooleanField(
        _("sample"), default=False, help_text=_("Plausible placeholder until the official list is imported")
    )
    hs_codes: "models.ManyToManyField[HSCode, Any]" = models.ManyToManyField(
        "HSCode", blank=True, related_name="strategic_technologies"
    )

    class Meta:
        ordering = ["industry__sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["industry", "name_ko"], name="uniq_tech_name_per_industry")]
        verbose_name = _("strategic technology")
        verbose_name_plural = _("strategic technologies")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_batch_display(self) -> str:
        return batch_label(self.batch)

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


class HSCode(models.Model):
    """A code of the HS (2/4/6 digits, HS2022) or of the Korean HSK (4–10 digits), one table, one tree."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    level = models.PositiveSmallIntegerField(_("digits"), db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    section = models.CharField(_("section"), max_length=5, blank=True)
    name_ko = models.CharField(_("Korean name"), max_length=500, blank=True)
    name_en = models.CharField(_("English name"), max_length=800, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("HS code")
        verbose_name_plural = _("HS codes")

    def __str__(self) -> str:
        return f"{self.dotted} {self.name}"

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def dotted(self) -> str:
        """8486.90 style for 6 digits, 8486.90-1000 for 10 digits, as customs write them."""
        return format_hs(self.code)
