"""The compiled catalogues (.mo, committed so that a fresh clone needs no gettext) match their .po files."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

CATALOGUES = sorted(Path(__file__).resolve().parents[2].glob("*/locale/*/LC_MESSAGES/django.po"))


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="msgfmt (gettext) is not installed")
@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_each_mo_is_compiled_from_its_po(po, tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(compiled), str(po)], check=True)  # noqa: S603, S607
    with compiled.open("rb") as fresh, po.with_suffix(".mo").open("rb") as committed:
        expected, actual = gettext.GNUTranslations(fresh)._catalog, gettext.GNUTranslations(committed)._catalog
    expected.pop("", None), actual.pop("", None)  # the header (dates) may differ
    assert actual == expected, (
        f"{po.with_suffix('.mo')} is stale: run `msgfmt --check-format -o django.mo django.po` in {po.parent}"
    )
