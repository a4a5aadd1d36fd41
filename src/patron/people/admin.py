"""Admin for coaching notes, training courses and assignments, and skill assessments."""

from __future__ import annotations

from django.contrib import admin

from patron.core.admin import PatronAdmin, PatronInline
from patron.people.models import CoachingNote, SkillAssessment, TrainingAssignment, TrainingCourse


@admin.register(CoachingNote)
class CoachingNoteAdmin(PatronAdmin):
    list_display = ["rep", "author", "kind", "given_on"]
    list_filter = ["kind"]
    list_select_related = ["rep", "author"]
    search_fields = ["rep__username", "rep__last_name", "note"]
    autocomplete_fields = ["rep", "author", "opportunity", "activity"]
    date_hierarchy = "given_on"


class AssignmentInline(PatronInline):
    model = TrainingAssignment
    fields = ["user", "assigned_on", "due_on", "completed_on", "score"]
    autocomplete_fields = ["user"]
    show_change_link = False


@admin.register(TrainingCourse)
class TrainingCourseAdmin(PatronAdmin):
    list_display = ["name", "skill", "duration_hours"]
    list_filter = ["skill"]
    search_fields = ["name"]
    inlines = [AssignmentInline]


@admin.register(TrainingAssignment)
class TrainingAssignmentAdmin(PatronAdmin):
    list_display = ["course", "user", "assigned_on", "due_on", "completed_on", "score"]
    list_filter = ["course"]
    list_select_related = ["course", "user"]
    search_fields = ["course__name", "user__username", "user__last_name"]
    autocomplete_fields = ["course", "user", "assigned_by"]
    date_hierarchy = "due_on"


@admin.register(SkillAssessment)
class SkillAssessmentAdmin(PatronAdmin):
    list_display = ["user", "skill", "score", "assessed_on", "assessor"]
    list_filter = ["skill", "score"]
    list_select_related = ["user", "assessor"]
    search_fields = ["user__username", "user__last_name"]
    autocomplete_fields = ["user", "assessor"]
    date_hierarchy = "assessed_on"
