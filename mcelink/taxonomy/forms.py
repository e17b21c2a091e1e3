from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mcelink.core.tabular import import_limits_text, validate_import_file


class StrategicImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        validators=[validate_import_file],
    )
    batch = forms.CharField(label=_("Designation batch"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Year designated"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        columns = _("Columns 분야, 대상기술, 기술설명, 관련법령 (as the official list).")
        self.fields["file"].help_text = f"{columns} {import_limits_text()}"
