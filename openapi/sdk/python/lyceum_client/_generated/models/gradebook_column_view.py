from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GradebookColumnView")


@_attrs_define
class GradebookColumnView:
    """A graded lesson: a column of the gradebook.

    Attributes:
        kind (str): `quiz` (worth 100 points: its best attempt's percentage), `assignment`, or `lti` (a tool's
            lesson with an AGS line item: worth the line item's maximum, scored by the tool's scores).
        lesson_id (UUID):
        points_possible (float):
        title (str):
        assignment_group_id (None | Unset | UUID):
        due_at (datetime.datetime | None | Unset):
    """

    kind: str
    lesson_id: UUID
    points_possible: float
    title: str
    assignment_group_id: None | Unset | UUID = UNSET
    due_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind

        lesson_id = str(self.lesson_id)

        points_possible = self.points_possible

        title = self.title

        assignment_group_id: None | str | Unset
        if isinstance(self.assignment_group_id, Unset):
            assignment_group_id = UNSET
        elif isinstance(self.assignment_group_id, UUID):
            assignment_group_id = str(self.assignment_group_id)
        else:
            assignment_group_id = self.assignment_group_id

        due_at: None | str | Unset
        if isinstance(self.due_at, Unset):
            due_at = UNSET
        elif isinstance(self.due_at, datetime.datetime):
            due_at = self.due_at.isoformat()
        else:
            due_at = self.due_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "lesson_id": lesson_id,
                "points_possible": points_possible,
                "title": title,
            }
        )
        if assignment_group_id is not UNSET:
            field_dict["assignment_group_id"] = assignment_group_id
        if due_at is not UNSET:
            field_dict["due_at"] = due_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        kind = d.pop("kind")

        lesson_id = UUID(d.pop("lesson_id"))

        points_possible = d.pop("points_possible")

        title = d.pop("title")

        def _parse_assignment_group_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                assignment_group_id_type_0 = UUID(data)

                return assignment_group_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        assignment_group_id = _parse_assignment_group_id(
            d.pop("assignment_group_id", UNSET)
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

        gradebook_column_view = cls(
            kind=kind,
            lesson_id=lesson_id,
            points_possible=points_possible,
            title=title,
            assignment_group_id=assignment_group_id,
            due_at=due_at,
        )

        gradebook_column_view.additional_properties = d
        return gradebook_column_view

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
