from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mcelink.companies.forms import OrganizationSearchField
from mcelink.companies.models import Organization
from mcelink.programs.models import Outcome, Program


class ParticipationForm(forms.Form):
    organization = OrganizationSearchField(
        label=_("Company"), queryset=Organization.objects.filter(is_supply_firm=True).order_by("name_ko")
    )
    partner = OrganizationSearchField(
        label=_("Linked demand firm"),
        queryset=Organization.objects.filter(is_demand_firm=True).order_by("name_ko"),
        required=False,
    )
    project_title_ko = forms.CharField(label=_("Korean project title"), max_length=300, required=False)
    project_title_en = forms.CharField(label=_("English project title"), max_length=300, required=False)


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = [
            "category", "title_ko", "title_en", "summary_ko", "summary_en", "metric_ko", "metric_en", "value",
            "unit", "event",
        ]  # fmt: skip

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        event = self.fields["event"]
        assert isinstance(event, forms.ModelChoiceField)  # noqa: S101 - narrows the type for mypy
        event.queryset = program.events.all()
