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


T = TypeVar("T", bound="AssignmentView")


@_attrs_define
class AssignmentView:
    """An assignment's settings.

    Attributes:
        allowed_file_types (list[str]):
        instructions (str): Markdown.
        late_policy (LatePolicyView): What happens to work handed in after an assignment's due date.
        passing_score (int): The percentage of the points possible a grade needs to pass.
        points_possible (float):
        submission_types (list[str]):
        due_at (datetime.datetime | None | Unset):
        max_attempts (int | None | Unset):
        rubric_id (None | Unset | UUID):
    """

    allowed_file_types: list[str]
    instructions: str
    late_policy: LatePolicyView
    passing_score: int
    points_possible: float
    submission_types: list[str]
    due_at: datetime.datetime | None | Unset = UNSET
    max_attempts: int | None | Unset = UNSET
    rubric_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allowed_file_types = self.allowed_file_types

        instructions = self.instructions

        late_policy = self.late_policy.to_dict()

        passing_score = self.passing_score

        points_possible = self.points_possible

        submission_types = self.submission_types

        due_at: None | str | Unset
        if isinstance(self.due_at, Unset):
            due_at = UNSET
        elif isinstance(self.due_at, datetime.datetime):
            due_at = self.due_at.isoformat()
        else:
            due_at = self.due_at

        max_attempts: int | None | Unset
        if isinstance(self.max_attempts, Unset):
            max_attempts = UNSET
        else:
            max_attempts = self.max_attempts

        rubric_id: None | str | Unset
        if isinstance(self.rubric_id, Unset):
            rubric_id = UNSET
        elif isinstance(self.rubric_id, UUID):
            rubric_id = str(self.rubric_id)
        else:
            rubric_id = self.rubric_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allowed_file_types": allowed_file_types,
                "instructions": instructions,
                "late_policy": late_policy,
                "passing_score": passing_score,
                "points_possible": points_possible,
                "submission_types": submission_types,
            }
        )
        if due_at is not UNSET:
            field_dict["due_at"] = due_at
        if max_attempts is not UNSET:
            field_dict["max_attempts"] = max_attempts
        if rubric_id is not UNSET:
            field_dict["rubric_id"] = rubric_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.late_policy_view import LatePolicyView

        d = dict(src_dict)
        allowed_file_types = cast(list[str], d.pop("allowed_file_types"))

        instructions = d.pop("instructions")

        late_policy = LatePolicyView.from_dict(d.pop("late_policy"))

        passing_score = d.pop("passing_score")

        points_possible = d.pop("points_possible")

        submission_types = cast(list[str], d.pop("submission_types"))

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

        def _parse_max_attempts(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_attempts = _parse_max_attempts(d.pop("max_attempts", UNSET))

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

        assignment_view = cls(
            allowed_file_types=allowed_file_types,
            instructions=instructions,
            late_policy=late_policy,
            passing_score=passing_score,
            points_possible=points_possible,
            submission_types=submission_types,
            due_at=due_at,
            max_attempts=max_attempts,
            rubric_id=rubric_id,
        )

        assignment_view.additional_properties = d
        return assignment_view

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
