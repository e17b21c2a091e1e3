from mcelink.companies.management.commands.import_organizations import Command as ImportOrganizations


class Command(ImportOrganizations):
    help = "Import products from a CSV or XLSX file: every row is checked first; any problem and nothing is written."
    kind = "products"
