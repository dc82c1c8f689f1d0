from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.learner_line_view import LearnerLineView


T = TypeVar("T", bound="LearnerList")


@_attrs_define
class LearnerList:
    """A page of a course's learners.

    Example:
        {'items': [{'email': 'lee@acme.test', 'enrollment': {'completed_at': None, 'course_id':
            '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'course_title': 'Chemistry 101', 'created_at':
            '2026-10-02T08:00:00+00:00', 'dropped_at': None, 'due_at': '2026-12-31T23:59:59+00:00', 'enrolled_at':
            '2026-10-02T08:00:00+00:00', 'external_id': 'CHEM-101-S-2026-0042', 'id':
            '0193a4c5-3c27-7ebf-94f5-708192c3d4e6', 'last_activity_at': '2026-11-28T07:52:40+00:00', 'progress':
            {'completed_lessons': 1, 'next_lesson_id': '0193a4c3-2b17-7dae-93e4-6f8091b2c3d6', 'next_lesson_title': 'Check
            your understanding', 'percent': 50, 'total_lessons': 2}, 'score': None, 'status': 'active',
            'time_spent_seconds': 1260, 'updated_at': '2026-11-28T07:52:40+00:00', 'user_id':
            '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22', 'version': 4}, 'name': 'Lee Learner', 'user_id':
            '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22'}], 'next_cursor':
            'eyJrIjoiMjAyNi0xMS0yMFQxNDowNTowMFoiLCJpZCI6IjAxOTNhNGMzIn0'}

    Attributes:
        items (list[LearnerLineView]):
        next_cursor (None | str | Unset): Pass as `cursor` to get the next page; `null` on the last page.
    """

    items: list[LearnerLineView]
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
        from ..models.learner_line_view import LearnerLineView

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = LearnerLineView.from_dict(items_item_data)

            items.append(items_item)

        def _parse_next_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor", UNSET))

        learner_list = cls(
            items=items,
            next_cursor=next_cursor,
        )

        learner_list.additional_properties = d
        return learner_list

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
