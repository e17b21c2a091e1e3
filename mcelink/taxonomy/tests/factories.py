import factory

from mcelink.taxonomy.models import HSCode, Industry, StrategicTechnology


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"industry-{n}")
    name_ko = factory.Sequence(lambda n: f"시험산업{n}")
    name_en = factory.Sequence(lambda n: f"Test industry {n}")


class StrategicTechnologyFactory(factory.django.DjangoModelFactory):
    """A strategic technology. With the list loaded, ``StrategicTechnologyFactory(code="SEMI-15")`` returns the
    row there; without it, it makes one."""

    class Meta:
        model = StrategicTechnology
        django_get_or_create = ("code",)

    industry = factory.SubFactory(IndustryFactory)
    code = factory.Sequence(lambda n: f"TEST-{n:03d}")
    name_ko = factory.Sequence(lambda n: f"시험 기술 {n}")
    name_en = factory.Sequence(lambda n: f"Test technology {n}")


class HSCodeFactory(factory.django.DjangoModelFactory):
    """An HS code, six digits by default; the loaded nomenclature's row when it is there."""

    class Meta:
        model = HSCode
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"99{n:04d}")
    level = factory.LazyAttribute(lambda h: len(h.code))
    name_ko = factory.Sequence(lambda n: f"시험 품목 {n}")
    name_en = factory.Sequence(lambda n: f"Test item {n}")
