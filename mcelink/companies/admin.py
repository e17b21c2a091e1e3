from django.contrib import admin

from mcelink.companies.models import (
    Capability,
    Certification,
    ContactPerson,
    Organization,
    Product,
    ResearchEquipment,
)


class ProductInline(admin.TabularInline):
    model = Product
    extra = 0
    fields = ("category", "name_ko", "name_en", "trl")


class ContactInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = (
        "name_ko",
        "name_en",
        "kind",
        "region",
        "size_class",
        "is_supply_firm",
        "is_demand_firm",
        "is_sample",
    )
    list_filter = ("kind", "region", "size_class", "is_supply_firm", "is_demand_firm", "is_sample")
    search_fields = ("name_ko", "name_en", "business_number")
    inlines = [ProductInline, ContactInline]
    filter_horizontal = ("strategic_technologies",)


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name_ko", "name_en", "category", "organization", "trl")
    list_filter = ("category",)
    search_fields = ("name_ko", "name_en", "organization__name_ko")
    list_select_related = ("organization",)
    raw_id_fields = ("organization", "hs_codes")


admin.site.register([Capability, Certification, ContactPerson, ResearchEquipment])
