import factory

from mcelink.companies.models import ContactPerson, Organization, Product


class OrganizationFactory(factory.django.DjangoModelFactory):
    """An organization in Incheon that is neither buyer nor supplier; see the two factories below."""

    class Meta:
        model = Organization
        skip_postgeneration_save = True

    kind = "sme"
    name_ko = factory.Sequence(lambda n: f"시험기업{n}")
    name_en = factory.Sequence(lambda n: f"Test Firm {n}")
    region = "incheon"
    city = "인천광역시"
    district = "남동구"

    @factory.post_generation
    def strategic_technologies(self, create, extracted, **kwargs):
        if create and extracted:
            self.strategic_technologies.set(extracted)


class SupplierFactory(OrganizationFactory):
    is_supply_firm = True


class BuyerFactory(OrganizationFactory):
    kind = "large"
    is_demand_firm = True


class ProductFactory(factory.django.DjangoModelFactory):
    """A product of a supplier: ``ProductFactory(organization=org, name_ko=..., hs_codes=[hs], ...)``."""

    class Meta:
        model = Product
        skip_postgeneration_save = True

    organization = factory.SubFactory(SupplierFactory)
    category = "component"
    name_ko = factory.Sequence(lambda n: f"시험 부품 {n}")
    name_en = factory.Sequence(lambda n: f"test part {n}")

    @factory.post_generation
    def hs_codes(self, create, extracted, **kwargs):
        if create and extracted:
            self.hs_codes.set(extracted)

    @factory.post_generation
    def strategic_technologies(self, create, extracted, **kwargs):
        if create and extracted:
            self.strategic_technologies.set(extracted)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organization = factory.SubFactory(OrganizationFactory)
    name = "홍길동"
    email = factory.Sequence(lambda n: f"contact{n}@example.test")
