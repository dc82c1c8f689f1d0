from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.group_course_view import GroupCourseView


T = TypeVar("T", bound="GroupCourseList")


@_attrs_define
class GroupCourseList:
    """The courses a group is enrolled in.

    Example:
        {'items': [{'course_id': '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'course_title': 'Safe medication',
            'created_at': '2026-12-02T10:30:00+00:00', 'due_at': '2027-01-31T17:00:00+00:00', 'enrolled': 41, 'group_id':
            '0193c1a0-7a1b-7c2d-8e3f-4a5b6c7d8e9f', 'not_enrolled': [{'code': 'seat_limit_reached', 'failed_at':
            '2026-12-02T10:30:00+00:00', 'message': 'all 25 seats of the plan are taken; drop a learner or add seats',
            'user_id': '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22'}]}]}

    Attributes:
        items (list[GroupCourseView]):
    """

    items: list[GroupCourseView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "items": items,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.group_course_view import GroupCourseView

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = GroupCourseView.from_dict(items_item_data)

            items.append(items_item)

        group_course_list = cls(
            items=items,
        )

        group_course_list.additional_properties = d
        return group_course_list

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
