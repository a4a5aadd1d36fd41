"""Admin for coaching notes, training courses and assignments, and skill assessments.

Every add, change and delete calls the people services (`ServiceAdmin`): the admin
keeps the rules the pages keep — who may develop whom, no note or rating of oneself,
dates not in the future, one open assignment per course and person — and a refusal is
shown under the field it names. What a service sets (a note's author, who assigned or
assessed) is shown, never edited. Skill assessments are history: added, never changed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from patron.core.admin import ReadOnlyInline, ServiceAdmin
from patron.people.models import CoachingNote, SkillAssessment, TrainingAssignment, TrainingCourse
from patron.people.services.coaching import update_coaching_note, write_coaching_note
from patron.people.services.skills import record_skill_assessment
from patron.people.services.training import (
    assign_training,
    cancel_training_assignment,
    complete_training_assignment,
    create_training_course,
    delete_training_course,
    reschedule_training_assignment,
    update_training_course,
)


def _pk(value: Any) -> int | None:
    return None if value is None else value.pk


@admin.register(CoachingNote)
class CoachingNoteAdmin(ServiceAdmin):
    list_display = ["rep", "author", "kind", "given_on"]
    list_filter = ["kind"]
    list_select_related = ["rep", "author"]
    search_fields = ["rep__username", "rep__last_name", "note"]
    fields = ["rep", "author", "kind", "given_on", "note", "opportunity", "activity"]
    autocomplete_fields = ["rep", "opportunity", "activity"]
    date_hierarchy = "given_on"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The author is whoever writes the note; its rep stays (a note for someone
        # else is a new note).
        fixed = ["author"] if obj is None else ["author", "rep"]
        return [*fixed, *super().get_readonly_fields(request, obj)]

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> CoachingNote:
        return write_coaching_note(
            actor=request.user,
            rep_id=data["rep"].pk,
            kind=data["kind"],
            given_on=data["given_on"],
            note=data["note"],
            opportunity_id=_pk(data["opportunity"]),
            activity_id=_pk(data["activity"]),
        )

    def update_record(
        self, request: HttpRequest, obj: CoachingNote, data: dict[str, Any], changed: list[str]
    ) -> CoachingNote:
        values: dict[str, Any] = {
            name: data[name] for name in changed if name in {"kind", "given_on", "note"}
        }
        for name in {"opportunity", "activity"} & set(changed):
            values[f"{name}_id"] = _pk(data[name])
        return update_coaching_note(
            actor=request.user,
            note_id=obj.pk,
            version=data.get("expected_version") or obj.version,
            **values,
        )


class AssignmentInline(ReadOnlyInline):
    model = TrainingAssignment
    fields = ["user", "assigned_on", "due_on", "completed_on", "score"]
    show_change_link = True


@admin.register(TrainingCourse)
class TrainingCourseAdmin(ServiceAdmin):
    list_display = ["name", "skill", "duration_hours"]
    list_filter = ["skill"]
    search_fields = ["name"]
    inlines = [AssignmentInline]

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> TrainingCourse:
        return create_training_course(
            actor=request.user,
            name=data["name"],
            description=data["description"],
            skill=data["skill"],
            duration_hours=data["duration_hours"],
        )

    def update_record(
        self, request: HttpRequest, obj: TrainingCourse, data: dict[str, Any], changed: list[str]
    ) -> TrainingCourse:
        editable = {"name", "description", "skill", "duration_hours"}
        return update_training_course(
            actor=request.user,
            course_id=obj.pk,
            version=data.get("expected_version") or obj.version,
            **{name: data[name] for name in changed if name in editable},
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A course with assignments is their history (`delete_training_course`).
        in_use = obj is not None and obj.assignments.exists()
        return not in_use and super().has_delete_permission(request, obj)

    def delete_record(self, request: HttpRequest, obj: TrainingCourse) -> None:
        delete_training_course(actor=request.user, course_id=obj.pk, version=obj.version)


@admin.register(TrainingAssignment)
class TrainingAssignmentAdmin(ServiceAdmin):
    """Assigning, moving the due date, completing and cancelling (delete) call their
    services; a completed assignment is a result and is only shown."""

    list_display = ["course", "user", "assigned_on", "due_on", "completed_on", "score"]
    list_filter = ["course"]
    list_select_related = ["course", "user"]
    search_fields = ["course__name", "user__username", "user__last_name"]
    fields = ["course", "user", "assigned_by", "assigned_on", "due_on", "completed_on", "score"]
    autocomplete_fields = ["course", "user"]
    date_hierarchy = "due_on"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            fixed = ["assigned_by", "completed_on", "score"]
        elif obj.completed_on is None:
            fixed = ["course", "user", "assigned_by", "assigned_on"]
        else:
            fixed = list(self.fields)
        return [*fixed, *super().get_readonly_fields(request, obj)]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        done = obj is not None and obj.completed_on is not None
        return not done and super().has_delete_permission(request, obj)

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> TrainingAssignment:
        return assign_training(
            actor=request.user,
            course_id=data["course"].pk,
            user_id=data["user"].pk,
            assigned_on=data["assigned_on"],
            due_on=data["due_on"],
        )

    def update_record(
        self,
        request: HttpRequest,
        obj: TrainingAssignment,
        data: dict[str, Any],
        changed: list[str],
    ) -> TrainingAssignment:
        assignment = obj
        version = data.get("expected_version") or obj.version
        if "due_on" in changed:
            assignment = reschedule_training_assignment(
                actor=request.user, assignment_id=obj.pk, version=version, due_on=data["due_on"]
            )
            version = assignment.version
        if {"completed_on", "score"} & set(changed):
            assignment = complete_training_assignment(
                actor=request.user,
                assignment_id=obj.pk,
                version=version,
                completed_on=data["completed_on"],
                score=data["score"],
            )
        return assignment

    def delete_record(self, request: HttpRequest, obj: TrainingAssignment) -> None:
        cancel_training_assignment(actor=request.user, assignment_id=obj.pk, version=obj.version)


@admin.register(SkillAssessment)
class SkillAssessmentAdmin(ServiceAdmin):
    """Added through `record_skill_assessment`, never changed: a new assessment
    supersedes the last (K30 reads the history)."""

    list_display = ["user", "skill", "score", "assessed_on", "assessor"]
    list_filter = ["skill", "score"]
    list_select_related = ["user", "assessor"]
    search_fields = ["user__username", "user__last_name"]
    fields = ["user", "skill", "score", "assessed_on", "note", "assessor"]
    readonly_fields = ["assessor"]
    autocomplete_fields = ["user"]
    date_hierarchy = "assessed_on"

    def create_record(self, request: HttpRequest, data: dict[str, Any]) -> SkillAssessment:
        return record_skill_assessment(
            actor=request.user,
            user_id=data["user"].pk,
            skill=data["skill"],
            score=data["score"],
            assessed_on=data["assessed_on"],
            note=data["note"],
        )
