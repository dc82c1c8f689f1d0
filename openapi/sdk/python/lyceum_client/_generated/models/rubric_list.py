from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rubric_view import RubricView


T = TypeVar("T", bound="RubricList")


@_attrs_define
class RubricList:
    """A page of a course's rubrics.

    Example:
        {'items': [{'course_id': '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'created_at': '2026-12-01T09:00:00+00:00',
            'criteria': [{'description': 'Argument', 'id': 'c1', 'levels': [{'description': 'Excellent', 'id': 'l1',
            'points': 10.0}, {'description': 'Adequate', 'id': 'l2', 'points': 6.0}, {'description': 'Missing', 'id': 'l3',
            'points': 0.0}], 'long_description': 'Is the claim clear and supported by evidence?'}], 'id':
            '0193c2b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f', 'points_possible': 10.0, 'title': 'Essay rubric', 'updated_at':
            '2026-12-01T09:00:00+00:00', 'version': 1}], 'next_cursor':
            'eyJrIjoiMjAyNi0xMS0yMFQxNDowNTowMFoiLCJpZCI6IjAxOTNhNGMzIn0'}

    Attributes:
        items (list[RubricView]):
        next_cursor (None | str | Unset): Pass as `cursor` to get the next page; `null` on the last page.
    """

    items: list[RubricView]
    next_cursor: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        next_cursor: None | str | Unset
        if isinstance(self.next_cursor, Unset):
            next_cursor = UNSET
        else:
            next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "items": items,
            }
        )
        if next_cursor is not UNSET:
            field_dict["next_cursor"] = next_cursor

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.rubric_view import RubricView

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = RubricView.from_dict(items_item_data)

            items.append(items_item)

        def _parse_next_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor", UNSET))

        rubric_list = cls(
            items=items,
            next_cursor=next_cursor,
        )

        rubric_list.additional_properties = d
        return rubric_list

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
