from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.late_policy_view import LatePolicyView


T = TypeVar("T", bound="CreateLessonAssignmentType1")


@_attrs_define
class CreateLessonAssignmentType1:
    """
    Attributes:
        allowed_file_types (list[str] | None | Unset): File extensions a file submission may have (for example `pdf`);
            empty: any.
        due_at (datetime.datetime | None | Unset):
        instructions (None | str | Unset): Markdown, up to 100,000 characters.
        late_policy (LatePolicyView | None | Unset):
        max_attempts (int | None | Unset): 1-100 submissions; null: no limit.
        passing_score (int | None | Unset): The percentage of the points possible a grade needs for the lesson to count
            as passed (0-100,
            default 0: any posted grade passes).
        points_possible (float | None | Unset): More than 0, at most 10,000 (hundredths kept).
        rubric_id (None | Unset | UUID): A rubric of the same course to grade with.
        submission_types (list[str] | None | Unset): What a submission may carry: `text`, `url`.
    """

    allowed_file_types: list[str] | None | Unset = UNSET
    due_at: datetime.datetime | None | Unset = UNSET
    instructions: None | str | Unset = UNSET
    late_policy: LatePolicyView | None | Unset = UNSET
    max_attempts: int | None | Unset = UNSET
    passing_score: int | None | Unset = UNSET
    points_possible: float | None | Unset = UNSET
    rubric_id: None | Unset | UUID = UNSET
    submission_types: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.late_policy_view import LatePolicyView

        allowed_file_types: list[str] | None | Unset
        if isinstance(self.allowed_file_types, Unset):
            allowed_file_types = UNSET
        elif isinstance(self.allowed_file_types, list):
            allowed_file_types = self.allowed_file_types

        else:
            allowed_file_types = self.allowed_file_types

        due_at: None | str | Unset
        if isinstance(self.due_at, Unset):
            due_at = UNSET
        elif isinstance(self.due_at, datetime.datetime):
            due_at = self.due_at.isoformat()
        else:
            due_at = self.due_at

        instructions: None | str | Unset
        if isinstance(self.instructions, Unset):
            instructions = UNSET
        else:
            instructions = self.instructions

        late_policy: dict[str, Any] | None | Unset
        if isinstance(self.late_policy, Unset):
            late_policy = UNSET
        elif isinstance(self.late_policy, LatePolicyView):
            late_policy = self.late_policy.to_dict()
        else:
            late_policy = self.late_policy

        max_attempts: int | None | Unset
        if isinstance(self.max_attempts, Unset):
            max_attempts = UNSET
        else:
            max_attempts = self.max_attempts

        passing_score: int | None | Unset
        if isinstance(self.passing_score, Unset):
            passing_score = UNSET
        else:
            passing_score = self.passing_score

        points_possible: float | None | Unset
        if isinstance(self.points_possible, Unset):
            points_possible = UNSET
        else:
            points_possible = self.points_possible

        rubric_id: None | str | Unset
        if isinstance(self.rubric_id, Unset):
            rubric_id = UNSET
        elif isinstance(self.rubric_id, UUID):
            rubric_id = str(self.rubric_id)
        else:
            rubric_id = self.rubric_id

        submission_types: list[str] | None | Unset
        if isinstance(self.submission_types, Unset):
            submission_types = UNSET
        elif isinstance(self.submission_types, list):
            submission_types = self.submission_types

        else:
            submission_types = self.submission_types

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if allowed_file_types is not UNSET:
            field_dict["allowed_file_types"] = allowed_file_types
        if due_at is not UNSET:
            field_dict["due_at"] = due_at
        if instructions is not UNSET:
            field_dict["instructions"] = instructions
        if late_policy is not UNSET:
            field_dict["late_policy"] = late_policy
        if max_attempts is not UNSET:
            field_dict["max_attempts"] = max_attempts
        if passing_score is not UNSET:
            field_dict["passing_score"] = passing_score
        if points_possible is not UNSET:
            field_dict["points_possible"] = points_possible
        if rubric_id is not UNSET:
            field_dict["rubric_id"] = rubric_id
        if submission_types is not UNSET:
            field_dict["submission_types"] = submission_types

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.late_policy_view import LatePolicyView

        d = dict(src_dict)

        def _parse_allowed_file_types(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                allowed_file_types_type_0 = cast(list[str], data)

                return allowed_file_types_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        allowed_file_types = _parse_allowed_file_types(
            d.pop("allowed_file_types", UNSET)
        )

        def _parse_due_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                due_at_type_0 = datetime.datetime.fromisoformat(data)

                return due_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        due_at = _parse_due_at(d.pop("due_at", UNSET))

        def _parse_instructions(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        instructions = _parse_instructions(d.pop("instructions", UNSET))

        def _parse_late_policy(data: object) -> LatePolicyView | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                late_policy_type_1 = LatePolicyView.from_dict(data)

                return late_policy_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LatePolicyView | None | Unset, data)

        late_policy = _parse_late_policy(d.pop("late_policy", UNSET))

        def _parse_max_attempts(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_attempts = _parse_max_attempts(d.pop("max_attempts", UNSET))

        def _parse_passing_score(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        passing_score = _parse_passing_score(d.pop("passing_score", UNSET))

        def _parse_points_possible(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        points_possible = _parse_points_possible(d.pop("points_possible", UNSET))

        def _parse_rubric_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rubric_id_type_0 = UUID(data)

                return rubric_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        rubric_id = _parse_rubric_id(d.pop("rubric_id", UNSET))

        def _parse_submission_types(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                submission_types_type_0 = cast(list[str], data)

                return submission_types_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        submission_types = _parse_submission_types(d.pop("submission_types", UNSET))

        create_lesson_assignment_type_1 = cls(
            allowed_file_types=allowed_file_types,
            due_at=due_at,
            instructions=instructions,
            late_policy=late_policy,
            max_attempts=max_attempts,
            passing_score=passing_score,
            points_possible=points_possible,
            rubric_id=rubric_id,
            submission_types=submission_types,
        )

        create_lesson_assignment_type_1.additional_properties = d
        return create_lesson_assignment_type_1

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
