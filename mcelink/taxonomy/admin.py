from django.contrib import admin

from mcelink.taxonomy.models import HSCode, Industry, StrategicTechnology


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ko", "name_en", "official_count", "batch", "sort_order")


@admin.register(StrategicTechnology)
class StrategicTechnologyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ko", "name_en", "industry", "is_sample", "designated_year")
    list_filter = ("industry", "is_sample")
    search_fields = ("code", "name_ko", "name_en")
    raw_id_fields = ("hs_codes",)


@admin.register(HSCode)
class HSCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "level", "name_ko", "name_en")
    list_filter = ("level",)
    search_fields = ("code", "name_ko", "name_en")
    raw_id_fields = ("parent",)
