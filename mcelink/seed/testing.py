"""The default data for the test suite, loaded once per test database (see the root conftest)."""


def load_default_data_for_tests() -> None:
    from mcelink.taxonomy.services import taxonomies_load

    taxonomies_load(actor=None)
