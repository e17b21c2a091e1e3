from django.contrib import admin

from mcelink.programs.models import Event, Outcome, Participation, Program, Track


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0


class EventInline(admin.TabularInline):
    model = Event
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ko", "year", "status", "operator")
    list_filter = ("year", "status")
    search_fields = ("code", "name_ko", "name_en")
    inlines = [TrackInline, EventInline]
    raw_id_fields = ("operator", "funders")


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ("organization", "track", "partner")
    list_filter = ("track__program",)
    list_select_related = ("organization", "track__program", "partner")
    raw_id_fields = ("organization", "partner")


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ("title_ko", "category", "value", "unit", "participation", "is_sample")
    list_filter = ("category", "is_sample")
    list_select_related = ("participation__organization", "participation__track__program")
    raw_id_fields = ("participation",)
