"""The registry: organizations, what they make and can do, their equipment and their people."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mcelink.companies.validators import validate_business_number
from mcelink.core.i18n import localized
from mcelink.core.models import TimeStampedModel


class OrganizationKind(models.TextChoices):
    SME = "sme", _("SME")
    MID_SIZE = "mid_size", _("mid-size company")
    LARGE = "large", _("large firm")
    RESEARCH_INSTITUTE = "research_institute", _("research institute")
    UNIVERSITY = "university", _("university")
    PUBLIC_AGENCY = "public_agency", _("public agency")


class Region(models.TextChoices):
    """The 17 metropolitan cities and provinces (시·도)."""

    SEOUL = "seoul", _("Seoul")
    BUSAN = "busan", _("Busan")
    DAEGU = "daegu", _("Daegu")
    INCHEON = "incheon", _("Incheon")
    GWANGJU = "gwangju", _("Gwangju")
    DAEJEON = "daejeon", _("Daejeon")
    ULSAN = "ulsan", _("Ulsan")
    SEJONG = "sejong", _("Sejong")
    GYEONGGI = "gyeonggi", _("Gyeonggi")
    GANGWON = "gangwon", _("Gangwon")
    CHUNGBUK = "chungbuk", _("Chungbuk")
    CHUNGNAM = "chungnam", _("Chungnam")
    JEONBUK = "jeonbuk", _("Jeonbuk")
    JEONNAM = "jeonnam", _("Jeonnam")
    GYEONGBUK = "gyeongbuk", _("Gyeongbuk")
    GYEONGNAM = "gyeongnam", _("Gyeongnam")
    JEJU = "jeju", _("Jeju")


class SizeClass(models.TextChoices):
    """Size by the Framework Act on SMEs: 소기업, 중기업, 중견기업, 대기업."""

    SMALL = "small", _("small enterprise")
    MEDIUM = "medium", _("medium enterprise")
    MID_SIZE = "mid_size", _("mid-size enterprise")
    LARGE = "large", _("large enterprise")
    NOT_APPLICABLE = "n/a", _("not applicable")


class MceCategory(models.TextChoices):
    MATERIAL = "material", _("material")
    COMPONENT = "component", _("component")
    EQUIPMENT = "equipment", _("equipment")


# The regions' short Korean names, as addresses begin (인천광역시 begins with 인천).
REGION_KO = {
    "seoul": "서울", "busan": "부산", "daegu": "대구", "incheon": "인천", "gwangju": "광주", "daejeon": "대전",
    "ulsan": "울산", "sejong": "세종", "gyeonggi": "경기", "gangwon": "강원", "chungbuk": "충북", "chungnam": "충남",
    "jeonbuk": "전북", "jeonnam": "전남", "gyeongbuk": "경북", "gyeongnam": "경남", "jeju": "제주",
}


class Organization(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    name_ko = models.CharField(_("Korean name"), max_length=200, db_index=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True, db_index=True)
    business_number = models.CharField(
        _("business registration number"),
        max_length=10,
        blank=True,
        validators=[validate_business_number],
        help_text=_("사업자등록번호: 10 digits, the last one a check digit"),
    )
    is_demand_firm = models.BooleanField(_("demand firm"), default=False)
    is_supply_firm = models.BooleanField(_("supply firm"), default=False)
    region = models.CharField(_("region"), max_length=12, choices=Region.choices, blank=True, db_index=True)
    city = models.CharField(_("city"), max_length=60, blank=True)
    district = models.CharField(_("district"), max_length=60, blank=True)
    size_class = models.CharField(_("size class"), max_length=10, choices=SizeClass.choices, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    revenue_krw = models.BigIntegerField(
        _("annual revenue (KRW)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"), null=True, blank=True, validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    website = models.URLField(_("website"), blank=True)
    description_ko = models.TextField(_("Korean description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    strategic_technologies = models.ManyToManyField(
        "taxonomy.StrategicTechnology",
        blank=True,
        related_name="organizations",
        verbose_name=_("strategic technologies"),
    )
    is_sample = models.BooleanField(
        _("sample"), default=False, help_text=_("A plausible company made up for the demo data")
    )

    class Meta:
        ordering = ["name_ko", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["business_number"],
                condition=~models.Q(business_number=""),
                name="uniq_org_business_number",
            )
        ]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    @property
    def location(self) -> str:
        """Region, city and district without saying the region twice: "인천광역시 남동구" (not "인천 인천광역시
        남동구"), "충북 청주시"; on an English screen "Incheon 남동구", "Chungbuk 청주시"."""
        region_ko = REGION_KO.get(self.region, "")
        city_names_region = bool(region_ko and self.city.startswith(region_ko))
        korean = (get_language() or "ko").startswith("ko")
        if korean:
            parts = [self.city, self.district] if city_names_region else [region_ko, self.city, self.district]
        else:
            parts = [self.get_region_display(), "" if city_names_region else self.city, self.district]
        return " ".join(p for p in parts if p)

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def business_number_display(self) -> str:
        n = self.business_number
        return f"{n[:3]}-{n[3:5]}-{n[5:]}" if len(n) == 10 else n


class Product(TimeStampedModel):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="products")
    category = models.CharField(_("category"), max_length=10, choices=MceCategory.choices)
    name_ko = models.CharField(_("Korean name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    description_ko = models.TextField(_("Korean description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    hs_codes = models.ManyToManyField(
        "taxonomy.HSCode", blank=True, related_name="products", verbose_name=_("HS codes")
    )
    strategic_technologies = models.ManyToManyField(
        "taxonomy.StrategicTechnology", blank=True, related_name="products", verbose_name=_("strategic technologies")
    )
    trl = models.PositiveSmallIntegerField(
        _("TRL"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    certifications = models.JSONField(_("certifications"), default=list, blank=True)

    class Meta:
        ordering = ["organization_id", "id"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


class Capability(TimeStampedModel):
    """A technology or process an organization masters (e.g. laser micro-welding), beyond its products."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="capabilities")
    name_ko = models.CharField(_("Korean name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    description_ko = models.TextField(_("Korean description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    strategic_technologies = models.ManyToManyField(
        "taxonomy.StrategicTechnology", blank=True, related_name="capabilities"
    )
    trl = models.PositiveSmallIntegerField(
        _("TRL"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )

    class Meta:
        ordering = ["organization_id", "id"]
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class Certification(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="certifications")
    name = models.CharField(_("name"), max_length=150, help_text=_("e.g. ISO 9001, IATF 16949, 벤처기업"))
    issuer = models.CharField(_("issuer"), max_length=150, blank=True)
    number = models.CharField(_("certificate number"), max_length=60, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["organization_id", "name"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self) -> str:
        return self.name


class ResearchEquipment(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="equipment")
    name_ko = models.CharField(_("Korean name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    maker = models.CharField(_("maker"), max_length=120, blank=True)
    model_name = models.CharField(_("model"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    bookable = models.BooleanField(_("open for booking"), default=False)

    class Meta:
        ordering = ["organization_id", "name_ko"]
        verbose_name = _("research equipment")
        verbose_name_plural = _("research equipment")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class ContactPerson(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("title"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)

    class Meta:
        ordering = ["organization_id", "-is_primary", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")

    def __str__(self) -> str:
        return self.name
