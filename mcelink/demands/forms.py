from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mcelink.demands.fields import EDITABLE
from mcelink.demands.models import Demand, Proposal, RejectionReason
from mcelink.taxonomy.models import HSCode, StrategicTechnology
from mcelink.taxonomy.selectors import hs_codes_resolve


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class DemandForm(forms.ModelForm):
    strategic_technology = forms.ModelChoiceField(
        StrategicTechnology.objects.order_by("code"), required=False, label=_("strategic technology")
    )
    hs_code = forms.CharField(
        label=_("HS code"), required=False, max_length=12,
        help_text=_("4, 6 or 10 digits; suggestions appear as you describe the item."),
    )  # fmt: skip
    required_certifications = forms.CharField(
        label=_("required certifications"),
        required=False,
        help_text=_("Separate with commas, e.g. ISO 9001, IATF 16949"),
    )
    files = MultipleFileField(label=_("attachments (confidential)"))  # type: ignore[assignment]

    class Meta:
        model = Demand
        fields = list(EDITABLE)
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "specification": forms.Textarea(attrs={"rows": 6}),
            "needed_by": forms.DateInput(attrs={"type": "date"}),
        }

    # The form in four parts, in the order a buyer thinks of them.
    GROUPS = [
        (_("What you need"), ["title", "summary", "specification", "files"]),
        (_("Classification"), ["category", "strategic_technology", "hs_code"]),
        (_("Today's source, volume and terms"), ["source_country", "source_supplier", "annual_volume", "volume_unit",
                                                  "target_price_krw", "required_certifications", "needed_by",
                                                  "preferred_region"]),
        (_("Who sees it"), ["visibility", "hide_buyer"]),
    ]  # fmt: skip

    def groups(self) -> list[tuple[Any, list[Any]]]:
        return [(label, [self[name] for name in names]) for label, names in self.GROUPS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["hs_code"] = self.instance.hs_code.code if self.instance.hs_code else ""
            self.initial["required_certifications"] = ", ".join(self.instance.required_certifications or [])

    def clean_hs_code(self) -> HSCode | None:
        found = hs_codes_resolve([self.cleaned_data["hs_code"]])
        return found[0] if found else None

    def clean_required_certifications(self) -> list[str]:
        return [c.strip() for c in self.cleaned_data["required_certifications"].split(",") if c.strip()]

    def demand_fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "files"}


class InviteForm(forms.Form):
    supplier = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("note to the supplier"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class InterestForm(forms.Form):
    note = forms.CharField(
        label=_("what your firm offers (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class NdaForm(forms.Form):
    terms_version = forms.CharField(widget=forms.HiddenInput)
    agree = forms.BooleanField(label=_("I have read the terms and accept them for my company."))


class MessageForm(forms.Form):
    body = forms.CharField(label=_("message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class ProposalForm(forms.ModelForm):
    files = MultipleFileField(label=_("files"))  # type: ignore[assignment]

    class Meta:
        model = Proposal
        fields = ["unit_price_krw", "lead_time_days", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 4})}


class RejectForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("reason"), choices=RejectionReason.choices)
    note = forms.CharField(label=_("explanation"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DeclineForm(forms.Form):
    note = forms.CharField(label=_("why (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ValidationStartForm(forms.Form):
    test_plan = forms.CharField(label=_("test plan"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class ValidationResultForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("verdict"),
        choices=[("1", pgettext_lazy("verdict", "passed")), ("0", pgettext_lazy("verdict", "failed"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    result = forms.CharField(label=_("result"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = MultipleFileField(label=_("evidence files"))


class AdoptForm(forms.Form):
    contract_value_krw = forms.IntegerField(label=_("contract value (KRW)"), min_value=0)
    contract_start = forms.DateField(label=_("contract start"), widget=forms.DateInput(attrs={"type": "date"}))
