from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from mcelink.core.korean import full_name


class Role(models.TextChoices):
    PROGRAM_MANAGER = "program_manager", _("program manager")
    DEMAND_FIRM = "demand_firm", _("demand firm")
    SUPPLY_FIRM = "supply_firm", _("supply firm")
    REVIEWER = "reviewer", _("reviewer")
    ANALYST = "analyst", _("analyst")
    STAFF = "staff", _("staff")


class User(AbstractUser):
    """A person. Belongs to at most one organization and acts in one role."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SUPPLY_FIRM)
    organization = models.ForeignKey(
        "companies.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=[("ko", "한국어"), ("en", "English")], default="ko"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self) -> str:
        """박지은, not Django's "지은 박" (mcelink.core.korean.full_name)."""
        return full_name(self.first_name, self.last_name)

    def has_role(self, *roles: str) -> bool:
        return self.is_active and (self.role in roles or (self.is_superuser and Role.STAFF in roles))


class ApiToken(models.Model):
    """A bearer token for the API. Only a SHA-256 digest is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    label = models.CharField(_("label"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
