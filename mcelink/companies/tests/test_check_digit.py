import pytest
from django.core.exceptions import ValidationError

from mcelink.companies.validators import business_number_check_digit, is_valid_business_number, validate_business_number


@pytest.mark.parametrize("number", ["1248100998", "124-81-00998", "220-81-62517", "104-81-25980"])
def test_known_valid_numbers_pass(number):
    assert is_valid_business_number(number)
    validate_business_number(number)


def test_a_wrong_check_digit_is_refused_with_its_own_message():
    with pytest.raises(ValidationError) as err:
        validate_business_number("1248100999")
    assert err.value.code == "business_number_check"


@pytest.mark.parametrize("number", ["12481009", "12481009981", "12a8100998", ""])
def test_wrong_length_or_letters_are_refused(number):
    with pytest.raises(ValidationError) as err:
        validate_business_number(number)
    assert err.value.code == "business_number_format"


def test_the_ninth_digit_counts_with_its_tens():
    # 9th digit 9: 9*5 = 45 adds 40 (weighted) + 4 (tens); a rule without the tens gives another digit.
    assert business_number_check_digit("123456789") == 1
