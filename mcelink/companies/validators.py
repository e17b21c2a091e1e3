"""사업자등록번호 (Korean business registration number): 10 digits, the last a check digit.

Weights 1,3,7,1,3,7,1,3,5 over the first nine digits; the ninth digit times 5 adds its tens as well;
the check digit is (10 - sum % 10) % 10.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
ERR_BUSINESS_NUMBER_FORMAT = _("A business registration number has 10 digits (e.g. 123-45-67891).")
ERR_BUSINESS_NUMBER_CHECK = _("The check digit of this business registration number is wrong.")


def normalize_business_number(value: str) -> str:
    """Strip the dashes and spaces people type: '123-45-67891' → '1234567891'."""
    return "".join(ch for ch in str(value) if ch not in "- \t")


def business_number_check_digit(first_nine: str) -> int:
    digits = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(digits, _WEIGHTS, strict=True))
    total += digits[8] * 5 // 10
    return (10 - total % 10) % 10


def is_valid_business_number(value: str) -> bool:
    number = normalize_business_number(value)
    return len(number) == 10 and number.isdigit() and business_number_check_digit(number[:9]) == int(number[9])


def validate_business_number(value: str) -> None:
    number = normalize_business_number(value)
    if len(number) != 10 or not number.isdigit():
        raise ValidationError(ERR_BUSINESS_NUMBER_FORMAT, code="business_number_format")
    if business_number_check_digit(number[:9]) != int(number[9]):
        raise ValidationError(ERR_BUSINESS_NUMBER_CHECK, code="business_number_check")
