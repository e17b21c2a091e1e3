"""The demand board: what large firms need, who is invited, what they propose, how it is validated and adopted.

Who may see what of a demand is decided in one place, ``permissions.py``; nothing here knows about it.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mcelink.companies.models import MceCategory, Region
from mcelink.core.files import PrivateUploadTo, private_storage  # 0001 names mcelink.demands.models.private_storage
from mcelink.core.i18n import localized
from mcelink.core.models import StateHistory, TimeStampedModel


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    SHORTLISTING = "shortlisting", _("shortlisting")
    INVITED = "invited", _("invited")
    PROPOSAL = "proposal", _("proposal")
    SAMPLE_TEST = "sample_test", _("validation: sample test")
    LINE_TEST = "line_test", _("validation: line test")
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    CLOSED = "closed", _("closed")


class Visibility(models.TextChoices):
    SUMMARY_PUBLIC = "summary_public", _("anonymous summary visible to all supply firms")
    INVITED_ONLY = "invited_only", _("visible only to invited suppliers")


class RejectionReason(models.TextChoices):
    SPEC_NOT_MET = "spec_not_met", _("specification not met")
    COST = "cost", _("cost")
    CAPACITY = "capacity", _("capacity")
    QUALITY = "quality", _("quality")
    DELIVERY = "delivery", _("delivery")
    TOO_EARLY = "too_early", _("too early a stage")
    OTHER = "other", _("other")


class SourceCountry(models.TextChoices):
    """Where semiconductor MCE imports mostly come from (ISO 3166-1 alpha-2)."""

    JP = "JP", _("Japan")
    US = "US", _("United States")
    CN = "CN", _("China")
    DE = "DE", _("Germany")
    NL = "NL", _("Netherlands")
    TW = "TW", _("Taiwan")
    SG = "SG", _("Singapore")
    GB = "GB", _("United Kingdom")
    FR = "FR", _("France")
    CH = "CH", _("Switzerland")
    IL = "IL", _("Israel")
    OTHER = "XX", _("other country")


class Demand(TimeStampedModel):
    buyer = models.ForeignKey(
        "companies.Organization", verbose_name=_("buyer"), on_delete=models.PROTECT, related_name="demands"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(pgettext_lazy("demand", "title"), max_length=200)
    summary = models.TextField(
        _("public summary"),
        max_length=2000,
        help_text=_("What suppliers may read before the NDA. Do not put confidential details here."),
    )
    specification = models.TextField(
        _("full specification"),
        blank=True,
        max_length=20000,
        help_text=_("Confidential: shown only to invited suppliers after they accept the NDA."),
    )
    category = models.CharField(_("item category"), max_length=12, choices=MceCategory.choices, blank=True)
    strategic_technology = models.ForeignKey(
        "taxonomy.StrategicTechnology",
        verbose_name=_("strategic technology"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demands",
    )
    hs_code = models.ForeignKey(
        "taxonomy.HSCode", verbose_name=_("HS code"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_country = models.CharField(
        _("currently imported from"), max_length=2, choices=SourceCountry.choices, blank=True
    )
    source_supplier = models.CharField(_("current foreign supplier"), max_length=200, blank=True)
    annual_volume = models.PositiveIntegerField(_("annual volume"), null=True, blank=True)
    volume_unit = models.CharField(_("volume unit"), max_length=20, blank=True, help_text=_("e.g. pcs, kg, sets"))
    target_price_krw = models.BigIntegerField(
        _("target unit price (KRW)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    required_certifications = models.JSONField(_("required certifications"), default=list, blank=True)
    preferred_region = models.CharField(
        _("preferred supplier region"), max_length=12, choices=Region.choices, blank=True,
        help_text=_("Suppliers there rank a little higher; others are not excluded."),
    )  # fmt: skip
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.INVITED_ONLY
    )
    hide_buyer = models.BooleanField(
        _("hide our name until invitation"), default=True, help_text=_("Suppliers see the buyer only once invited.")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    status_changed_at = models.DateTimeField(_("in this stage since"), default=timezone.now)
    selected_invitation = models.ForeignKey(
        "demands.Invitation",
        verbose_name=_("supplier under validation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contract_value_krw = models.BigIntegerField(
        _("contract value (KRW)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    contract_start = models.DateField(_("contract start"), null=True, blank=True)
    adopted_at = models.DateTimeField(_("adopted"), null=True, blank=True)
    is_sample = models.BooleanField(_("sample record"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("demand")
        verbose_name_plural = _("demands")

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def reference(self) -> str:
        return f"D-{self.pk}"


class StatusChange(StateHistory):
    """One move of a demand through its workflow: the history the funnel's time-in-stage is measured from."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices)
    reason_code = models.CharField(_("reason"), max_length=16, choices=RejectionReason.choices, blank=True)

    class Meta(StateHistory.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.demand_id}: {self.from_status} → {self.to_status}"


class Candidate(models.Model):
    """A supplier the engine ranked for a demand, and the buyer's decision about it."""

    class Decision(models.TextChoices):
        NONE = "", _("undecided")
        SHORTLISTED = "shortlisted", _("shortlisted")
        DISMISSED = "dismissed", _("dismissed")

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="candidates")
    supplier = models.ForeignKey("companies.Organization", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveIntegerField(null=True, blank=True)
    score = models.FloatField(default=0)
    explanation = models.JSONField(default=dict, blank=True)
    decision = models.CharField(max_length=12, choices=Decision.choices, blank=True, default="")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(null=True, blank=True)
    added_by_hand = models.BooleanField(default=False)
    # A supply firm that read the anonymous summary and asked to be considered.
    interested_at = models.DateTimeField(null=True, blank=True)
    interest_note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["rank", "id"]
        constraints = [models.UniqueConstraint(fields=["demand", "supplier"], name="one_candidate_per_supplier")]

    def __str__(self) -> str:
        return f"{self.demand_id}: {self.supplier_id} #{self.rank}"

    def summary(self) -> str:
        return localized(self, "summary") if self.explanation else ""

    @property
    def summary_ko(self) -> str:
        return str(self.explanation.get("summary_ko", ""))

    @property
    def summary_en(self) -> str:
        return str(self.explanation.get("summary_en", ""))


class NdaTerms(models.Model):
    version = models.CharField(_("version"), max_length=20, unique=True)
    text_ko = models.TextField(_("Korean text"))
    text_en = models.TextField(_("English text"))
    is_current = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("NDA terms")
        verbose_name_plural = _("NDA terms")

    def __str__(self) -> str:
        return self.version

    @property
    def text(self) -> str:
        return localized(self, "text")


class Invitation(TimeStampedModel):
    class State(models.TextChoices):
        PENDING = "pending", _("invited, NDA not yet accepted")
        ACCEPTED = "accepted", _("NDA accepted")
        DECLINED = "declined", _("declined by the supplier")
        REJECTED = "rejected", _("not selected")
        ADOPTED = "adopted", _("adopted")
        ENDED = "ended", _("demand withdrawn or closed")

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="invitations")
    supplier = models.ForeignKey("companies.Organization", on_delete=models.PROTECT, related_name="demand_invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note to the supplier"), blank=True, max_length=2000)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    nda_terms = models.ForeignKey(NdaTerms, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    nda_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nda_accepted_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(_("reason"), max_length=16, choices=RejectionReason.choices, blank=True)
    rejection_note = models.TextField(_("explanation"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["demand", "supplier"], name="one_invitation_per_supplier")]

    def __str__(self) -> str:
        return f"{self.demand.reference} → {self.supplier}"

    @property
    def is_active(self) -> bool:
        return self.state in (self.State.PENDING, self.State.ACCEPTED)


class Proposal(models.Model):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="proposals")
    unit_price_krw = models.BigIntegerField(_("unit price (KRW)"), validators=[MinValueValidator(0)])
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"))
    note = models.TextField(_("proposal"), blank=True, max_length=5000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.invitation_id}: {self.unit_price_krw} KRW, {self.lead_time_days} d"


class Message(models.Model):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.invitation_id}: {self.body[:40]}"


class ValidationStage(models.TextChoices):
    SAMPLE = "sample", _("sample test")
    LINE = "line", _("line test")


class Validation(models.Model):
    """One validation stage of one supplier's item on the buyer's line: plan, result, verdict."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="validations")
    stage = models.CharField(_("stage"), max_length=8, choices=ValidationStage.choices)
    test_plan = models.TextField(_("test plan"), max_length=5000)
    result = models.TextField(_("result"), blank=True, max_length=5000)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [models.UniqueConstraint(fields=["invitation", "stage"], name="one_validation_per_stage")]

    def __str__(self) -> str:
        return f"{self.invitation_id}: {self.stage} {self.passed}"


class DemandFile(models.Model):
    class Kind(models.TextChoices):
        SPECIFICATION = "specification", _("specification")
        PROPOSAL = "proposal", _("proposal")
        EVIDENCE = "evidence", _("validation evidence")

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="files")
    invitation = models.ForeignKey(Invitation, null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    # Served only by views that check ``permissions.can_view_file`` (``demands:file``, ``/demand-files/{id}/``).
    file = models.FileField(storage=private_storage, upload_to=PrivateUploadTo("demands"))
    name = models.CharField(max_length=200)  # the uploader's name, shown (escaped) and sent on download
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name
