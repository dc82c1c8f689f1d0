from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.assignment_group_view import AssignmentGroupView


T = TypeVar("T", bound="AssignmentGroupList")


@_attrs_define
class AssignmentGroupList:
    """A course's assignment groups, in order.

    Example:
        {'items': [{'course_id': '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'created_at': '2026-12-01T09:00:00+00:00',
            'id': '0193c2b1-2b3c-7d4e-9f5a-6b7c8d9e0f1a', 'name': 'Essays', 'position': 1, 'updated_at':
            '2026-12-01T09:00:00+00:00', 'weight': 60.0}]}

    Attributes:
        items (list[AssignmentGroupView]):
    """

    items: list[AssignmentGroupView]
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
        from ..models.assignment_group_view import AssignmentGroupView

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = AssignmentGroupView.from_dict(items_item_data)

            items.append(items_item)

        assignment_group_list = cls(
            items=items,
        )

        assignment_group_list.additional_properties = d
        return assignment_group_list

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
