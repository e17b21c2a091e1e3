import pytest
from django.core.management import CommandError, call_command

from mcelink.companies.models import Organization, Product

pytestmark = pytest.mark.django_db


def test_import_commands_write_a_good_file_and_refuse_a_bad_one(tmp_path, capsys):
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("business_number,kind,name_ko\n1234567891,sme,명령정밀\n", encoding="utf-8")
    call_command("import_organizations", str(orgs))
    assert "created: 1" in capsys.readouterr().out
    products = tmp_path / "products.csv"
    products.write_text("business_number,category,name_ko,trl\n1234567891,소재,명령 소재,11\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_products", str(products))
    assert "trl" in capsys.readouterr().out
    assert not Product.objects.filter(name_ko="명령 소재").exists()
    products.write_text("business_number,category,name_ko,trl\n1234567891,소재,명령 소재,7\n", encoding="utf-8")
    call_command("import_products", str(products), "--dry-run")
    assert not Product.objects.filter(name_ko="명령 소재").exists()
    call_command("import_products", str(products))
    assert Product.objects.get(name_ko="명령 소재").organization == Organization.objects.get(name_ko="명령정밀")
