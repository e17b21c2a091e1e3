"""Support programs, minimal: program, operator and funders, tracks with quotas, participants, outcomes.

Calls, applications, reviews and budgets hang off Program and Track later; nothing here assumes they
do not exist (a Participation may later point to the Application it came from).
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mcelink.core.i18n import localized
from mcelink.core.models import TimeStampedModel


class Program(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        COMPLETED = "completed", _("completed")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_ko = models.CharField(_("Korean name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    operator = models.ForeignKey(
        "companies.Organization", on_delete=models.PROTECT, related_name="operated_programs", verbose_name=_("operator")
    )
    funders = models.ManyToManyField(
        "companies.Organization", related_name="funded_programs", verbose_name=_("funders")
    )
    region = models.CharField(_("region"), max_length=12, blank=True)
    budget_krw = models.BigIntegerField(_("budget (KRW)"), null=True, blank=True, validators=[MinValueValidator(0)])
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    description_ko = models.TextField(_("Korean description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    # The support types' codes are their English names; the labels translate them (get_support_types_display).
    SUPPORT_TYPES = {
        "R&D": _("R&D"),
        "demonstration": _("demonstration"),
        "equipment": _("equipment"),
        "technical assistance": _("technical assistance"),
        "training": _("training"),
    }
    support_types = models.JSONField(
        _("support types"),
        default=list,
        blank=True,
        help_text=_("R&D, demonstration, equipment, technical assistance, training"),
    )

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def get_support_types_display(self) -> str:
        return ", ".join(str(self.SUPPORT_TYPES.get(t, t)) for t in self.support_types)

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


class Track(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="tracks")
    number = models.PositiveSmallIntegerField(_("number"))
    name_ko = models.CharField(_("Korean name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    description_ko = models.TextField(_("Korean description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    quota = models.PositiveSmallIntegerField(_("quota (companies)"))

    class Meta:
        ordering = ["program_id", "number"]
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="uniq_track_number")]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")

    def __str__(self) -> str:
        return f"{self.program} · {self.number}. {self.name}"

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


class Participation(TimeStampedModel):
    """A company taking part in a track, with its project and, where there is one, its demand-side partner."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="participations")
    organization = models.ForeignKey("companies.Organization", on_delete=models.PROTECT, related_name="participations")
    partner = models.ForeignKey(
        "companies.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partnered_participations",
        verbose_name=_("linked demand firm"),
    )
    project_title_ko = models.CharField(_("Korean project title"), max_length=300, blank=True)
    project_title_en = models.CharField(_("English project title"), max_length=300, blank=True)
    support_received = models.JSONField(_("support received"), default=list, blank=True)

    class Meta:
        ordering = ["track_id", "organization__name_ko"]
        constraints = [models.UniqueConstraint(fields=["track", "organization"], name="uniq_participation")]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self) -> str:
        return f"{self.organization} @ {self.track}"

    @property
    def project_title(self) -> str:
        return localized(self, "project_title")


class Event(models.Model):
    """A dated event of a program, e.g. the performance briefing (성과보고회)."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("performance briefing")
        KICKOFF = "kickoff", _("kick-off")
        OTHER = "other", _("other")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title_ko = models.CharField(_("Korean title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)

    class Meta:
        ordering = ["program_id", "date"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.date} {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")


class Outcome(TimeStampedModel):
    """A result a participant achieved, as presented (e.g. at the briefing): text plus one measured figure."""

    class Category(models.TextChoices):
        NEW_SALES = "new_sales", _("new sales")
        PERFORMANCE = "performance", _("performance improvement")
        MATERIAL_SAVING = "material_saving", _("material saving")
        WEIGHT_REDUCTION = "weight_reduction", _("weight reduction")
        LOCALIZATION = "localization", _("localization of an imported item")
        TECHNOLOGY = "technology", _("technology developed")

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="outcomes")
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="outcomes", verbose_name=_("presented at")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title_ko = models.CharField(_("Korean title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    summary_ko = models.TextField(_("Korean summary"), blank=True)
    summary_en = models.TextField(_("English summary"), blank=True)
    metric_ko = models.CharField(_("Korean metric"), max_length=100, blank=True)
    metric_en = models.CharField(_("English metric"), max_length=100, blank=True)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True, help_text=_("e.g. %, KRW"))
    strategic_technologies = models.ManyToManyField("taxonomy.StrategicTechnology", blank=True, related_name="outcomes")
    is_sample = models.BooleanField(_("sample"), default=False)

    class Meta:
        ordering = ["participation_id", "id"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def metric(self) -> str:
        return localized(self, "metric")
