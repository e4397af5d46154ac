"""Admin screens for editors to correct plan records; every change is kept in history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lineofsight.plan.models import (
    Action,
    Area,
    AreaMeasure,
    Meeting,
    Plan,
    ProgressUpdate,
    RatingDescriptor,
    SubItem,
)


class DescriptorInline(admin.TabularInline):
    model = RatingDescriptor
    extra = 0


class MeasureInline(admin.TabularInline):
    model = AreaMeasure
    extra = 0


class SubItemInline(admin.TabularInline):
    model = SubItem
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [DescriptorInline]


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ("plan", "ref", "title", "activity_rating", "impact_rating")
    list_filter = ("plan",)
    inlines = [MeasureInline]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ("ref", "area", "status", "activity_rating", "impact_rating")
    list_filter = ("area__plan", "status")
    filter_horizontal = ("owner_users",)
    inlines = [SubItemInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ("action", "as_at", "author_name", "activity_rating", "impact_rating")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """Read-only: a frozen meeting is never changed."""

    list_display = ("plan", "title", "held_on", "as_at")

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
