import re
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mcelink.companies.models import Organization, Product
from mcelink.core.tabular import import_limits_text, validate_import_file
from mcelink.taxonomy.models import HSCode
from mcelink.taxonomy.selectors import hs_codes_resolve


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    # Longer than the stored 10 digits so that 123-45-67891, as people write it, is accepted and normalized.
    business_number = forms.CharField(label=_("business registration number"), required=False, max_length=14)

    class Meta:
        model = Organization
        fields = [
            "kind", "name_ko", "name_en", "business_number", "is_supply_firm", "is_demand_firm", "region", "city",
            "district", "size_class", "employees", "revenue_krw", "founded_year", "website", "description_ko",
            "description_en", "strategic_technologies",
        ]  # fmt: skip
        widgets = {"strategic_technologies": forms.SelectMultiple(attrs={"size": 8})}

    def clean_business_number(self) -> str:
        return "".join(ch for ch in self.cleaned_data["business_number"] if ch not in "- ")


class ProductForm(forms.ModelForm):
    hs_code_list = forms.CharField(
        label=_("HS codes"), required=False, help_text=_("Separated by ';', e.g. 8486.90; 8536.90-1000")
    )

    class Meta:
        model = Product
        fields = ["category", "name_ko", "name_en", "description_ko", "description_en", "trl", "strategic_technologies"]
        widgets = {"strategic_technologies": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["hs_code_list"] = "; ".join(h.dotted for h in self.instance.hs_codes.all())

    def clean_hs_code_list(self) -> list[HSCode]:
        return hs_codes_resolve(self.cleaned_data["hs_code_list"].split(";"))


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"), choices=[("organizations", _("organizations")), ("products", _("products"))]
    )
    file = forms.FileField(label=_("CSV or Excel file"), validators=[validate_import_file])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = import_limits_text()


class DatalistInput(forms.TextInput):
    """A text input with the choices in a <datalist>: the browser filters them as one types, keyboard and screen
    reader friendly, without JavaScript (a select of 300 names is neither)."""

    template_name = "companies/widgets/datalist_input.html"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__({"autocomplete": "off", **(attrs or {})})
        self.queryset: Any = Organization.objects.none()  # set by the field; read only when rendered

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id', name)}-options"
        context["widget"]["attrs"]["list"] = list_id
        context["widget"]["list_id"] = list_id
        context["widget"]["options"] = [OrganizationSearchField.label_for(o) for o in self.queryset]
        return context

    def format_value(self, value):
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            org = Organization.objects.filter(pk=value).first()
            return OrganizationSearchField.label_for(org) if org else value
        return super().format_value(value)


class OrganizationSearchField(forms.ModelChoiceField):
    """Choose an organization by typing its name: "마그트론 (인천광역시 남동구) #12" from the list, a name that only
    one organization has, or (for scripts and tests) its id."""

    widget = DatalistInput
    default_error_messages = {
        "invalid_choice": _("Choose a company from the list; no single company has this name."),
    }

    @staticmethod
    def label_for(org: Organization) -> str:
        where = f" ({org.location})" if org.location else ""
        return f"{org.name_ko}{where} #{org.pk}"

    def __init__(self, queryset, **kwargs) -> None:
        super().__init__(queryset, **kwargs)
        self.widget.attrs.setdefault("placeholder", str(_("Type a name to search")))

    def _set_queryset(self, queryset) -> None:
        super()._set_queryset(queryset)  # type: ignore[misc]
        if isinstance(self.widget, DatalistInput):
            self.widget.queryset = self.queryset

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[attr-defined]

    def to_python(self, value):
        text = (value or "").strip()
        if text in self.empty_values:
            return None
        tail = re.search(r"#(\d+)$", text)
        if tail or text.isdigit():
            org = self.queryset.filter(pk=int(tail.group(1) if tail else text)).first()
        else:
            named = list(self.queryset.filter(Q(name_ko=text) | Q(name_en__iexact=text))[:2])
            org = named[0] if len(named) == 1 else None
        if org is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return org
