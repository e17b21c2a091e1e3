"""Forms every app shares."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mcelink.core.workflow import Move


class MoveForm(forms.Form):
    """Confirming a workflow move: a structured reason where the move asks for one, and a note. The service checks
    the reason; the form only offers the move's own choices."""

    to = forms.CharField(widget=forms.HiddenInput)
    reason_code = forms.ChoiceField(label=_("reason"), required=False)
    reason = forms.CharField(label=_("reason or note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, data: Any = None, *, move: Move) -> None:
        super().__init__(data, initial={"to": move.target})
        self.move = move
        reason_code = self.fields["reason_code"]
        if move.reason_codes is None:
            del self.fields["reason_code"]
        elif isinstance(reason_code, forms.ChoiceField):
            reason_code.choices = [("", "—"), *move.reason_codes.choices]
        self.fields["reason"].required = move.reason_required
