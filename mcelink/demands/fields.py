"""A demand's fields, declared once: what the buyer may set and what the export writes. The service, the form,
the API schemas and the export read these lists; what each viewer may read is ``disclosure.py``'s.
"""

# What the buyer may set, in the order the form shows them.
EDITABLE = (
    "title", "summary", "specification", "category", "strategic_technology", "hs_code", "source_country",
    "source_supplier", "annual_volume", "volume_unit", "target_price_krw", "required_certifications", "needed_by",
    "preferred_region", "visibility", "hide_buyer",
)  # fmt: skip


# The columns of the CSV export, each disclosed as the API discloses it (``disclosure.demand_disclosed``).
EXPORT = (
    "reference", "title", "status", "buyer", "summary", "category", "strategic_technology", "hs_code",
    "source_country", "needed_by", "specification", "annual_volume", "volume_unit", "target_price_krw",
)  # fmt: skip
