import pytest

from mcelink.core.exports import spreadsheet_row, spreadsheet_safe


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_that_would_be_a_formula_is_quoted(text):
    assert spreadsheet_safe(text) == "'" + text


def test_other_cells_are_left_as_they_are():
    assert spreadsheet_row(["마그트론", 35000, None, "a=b", -5]) == ["마그트론", 35000, "", "a=b", -5]
