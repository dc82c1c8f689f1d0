from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.not_enrolled_view import NotEnrolledView


T = TypeVar("T", bound="GroupCourseView")


@_attrs_define
class GroupCourseView:
    """A course the group is enrolled in: members are enrolled, and so is everyone who joins later.

    Example:
        {'course_id': '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'course_title': 'Safe medication', 'created_at':
            '2026-12-02T10:30:00+00:00', 'due_at': '2027-01-31T17:00:00+00:00', 'enrolled': 41, 'group_id':
            '0193c1a0-7a1b-7c2d-8e3f-4a5b6c7d8e9f', 'not_enrolled': [{'code': 'seat_limit_reached', 'failed_at':
            '2026-12-02T10:30:00+00:00', 'message': 'all 25 seats of the plan are taken; drop a learner or add seats',
            'user_id': '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22'}]}

    Attributes:
        course_id (UUID):
        course_title (str):
        created_at (datetime.datetime):
        enrolled (int): Members with an active or completed enrollment in the course.
        group_id (UUID):
        not_enrolled (list[NotEnrolledView]): Members who could not be enrolled, and why (at most 200 listed). Enrolling
            the group in the
            course again retries them; leaving the group removes them from this list.
        due_at (datetime.datetime | None | Unset):
    """

    course_id: UUID
    course_title: str
    created_at: datetime.datetime
    enrolled: int
    group_id: UUID
    not_enrolled: list[NotEnrolledView]
    due_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        course_id = str(self.course_id)

        course_title = self.course_title

        created_at = self.created_at.isoformat()

        enrolled = self.enrolled

        group_id = str(self.group_id)

        not_enrolled = []
        for not_enrolled_item_data in self.not_enrolled:
            not_enrolled_item = not_enrolled_item_data.to_dict()
            not_enrolled.append(not_enrolled_item)

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
                "course_id": course_id,
                "course_title": course_title,
                "created_at": created_at,
                "enrolled": enrolled,
                "group_id": group_id,
                "not_enrolled": not_enrolled,
            }
        )
        if due_at is not UNSET:
            field_dict["due_at"] = due_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.not_enrolled_view import NotEnrolledView

        d = dict(src_dict)
        course_id = UUID(d.pop("course_id"))

        course_title = d.pop("course_title")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        enrolled = d.pop("enrolled")

        group_id = UUID(d.pop("group_id"))

        not_enrolled = []
        _not_enrolled = d.pop("not_enrolled")
        for not_enrolled_item_data in _not_enrolled:
            not_enrolled_item = NotEnrolledView.from_dict(not_enrolled_item_data)

            not_enrolled.append(not_enrolled_item)

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

        group_course_view = cls(
            course_id=course_id,
            course_title=course_title,
            created_at=created_at,
            enrolled=enrolled,
            group_id=group_id,
            not_enrolled=not_enrolled,
            due_at=due_at,
        )

        group_course_view.additional_properties = d
        return group_course_view

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
