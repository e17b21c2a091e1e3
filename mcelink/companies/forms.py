from django import forms
from django.utils.translation import gettext_lazy as _

from mcelink.companies.models import Organization, Product
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
    file = forms.FileField(label=_("CSV or Excel file"))
