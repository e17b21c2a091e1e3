from django import forms
from django.utils.translation import gettext_lazy as _


class StrategicImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"), help_text=_("Columns 분야, 대상기술, 기술설명, 관련법령 (as the official list).")
    )
    batch = forms.CharField(label=_("Designation batch"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Year designated"), required=False, min_value=2000, max_value=2100)
