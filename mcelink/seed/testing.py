"""The default data for the test suite, loaded once per test database (see the root conftest)."""


def load_default_data_for_tests() -> None:
    from mcelink.seed.default_data import load_default_data

    load_default_data()
