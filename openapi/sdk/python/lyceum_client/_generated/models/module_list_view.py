from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.module_view import ModuleView


T = TypeVar("T", bound="ModuleListView")


@_attrs_define
class ModuleListView:
    """A course's modules.

    Example:
        {'items': [{'course_id': '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'created_at': '2026-09-05T09:10:00+00:00',
            'id': '0193a4c3-1a05-7c9f-b2d3-5e7f90a1b2c4', 'position': 1, 'title': 'Atoms', 'updated_at':
            '2026-09-06T11:00:00+00:00', 'version': 2}, {'course_id': '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'created_at':
            '2026-09-05T09:10:00+00:00', 'id': '0193a4c3-1a06-7c9f-b2d3-5e7f90a1b2c5', 'position': 2, 'title': 'Bonds',
            'updated_at': '2026-09-06T11:00:00+00:00', 'version': 1}]}

    Attributes:
        items (list[ModuleView]):
    """

    items: list[ModuleView]
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
        from ..models.module_view import ModuleView

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = ModuleView.from_dict(items_item_data)

            items.append(items_item)

        module_list_view = cls(
            items=items,
        )

        module_list_view.additional_properties = d
        return module_list_view

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
