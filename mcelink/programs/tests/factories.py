import datetime

import factory

from mcelink.companies.tests.factories import OrganizationFactory, SupplierFactory
from mcelink.programs.models import Event, Outcome, Participation, Program, Track


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    code = factory.Sequence(lambda n: f"test-program-{n}")
    name_ko = factory.Sequence(lambda n: f"시험 지원사업 {n}")
    name_en = factory.Sequence(lambda n: f"Test programme {n}")
    year = 2025
    status = Program.Status.RUNNING
    operator = factory.SubFactory(OrganizationFactory, kind="research_institute")
    region = "incheon"


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    program = factory.SubFactory(ProgramFactory)
    number = factory.Sequence(lambda n: n + 1)
    name_ko = factory.Sequence(lambda n: f"시험 트랙 {n}")
    name_en = factory.Sequence(lambda n: f"Test track {n}")
    quota = 10


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    track = factory.SubFactory(TrackFactory)
    organization = factory.SubFactory(SupplierFactory)
    project_title_ko = factory.Sequence(lambda n: f"시험 과제 {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    program = factory.SubFactory(ProgramFactory)
    kind = Event.Kind.BRIEFING
    title_ko = "성과 발표회"
    date = datetime.date(2026, 1, 19)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    participation = factory.SubFactory(ParticipationFactory)
    category = Outcome.Category.NEW_SALES
    title_ko = factory.Sequence(lambda n: f"시험 성과 {n}")
