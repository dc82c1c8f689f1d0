from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.lesson_view import LessonView


T = TypeVar("T", bound="LessonListView")


@_attrs_define
class LessonListView:
    """A module's lessons.

    Example:
        {'items': [{'body': '# Atoms\\n\\nEverything is made of them.', 'course_id':
            '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'created_at': '2026-09-05T09:20:00+00:00', 'id':
            '0193a4c3-2b16-7dae-83e4-6f8091b2c3d5', 'kind': 'text', 'module_id': '0193a4c3-1a05-7c9f-b2d3-5e7f90a1b2c4',
            'position': 1, 'required': True, 'title': 'What is an atom?', 'updated_at': '2026-09-12T15:45:00+00:00',
            'version': 3}, {'course_id': '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'created_at': '2026-09-05T09:20:00+00:00',
            'id': '0193a4c3-2b17-7dae-93e4-6f8091b2c3d6', 'kind': 'quiz', 'module_id':
            '0193a4c3-1a05-7c9f-b2d3-5e7f90a1b2c4', 'position': 2, 'quiz': {'max_attempts': 3, 'passing_score': 70,
            'questions': [{'choices': ['proton', 'neutron', 'electron'], 'correct': [2], 'prompt': 'Which particle has a
            negative charge?', 'type': 'single_choice'}, {'answer': True, 'prompt': 'An atom is mostly empty space.',
            'type': 'true_false'}]}, 'required': True, 'title': 'Check your understanding', 'updated_at':
            '2026-09-12T15:45:00+00:00', 'version': 1}]}

    Attributes:
        items (list[LessonView]):
    """

    items: list[LessonView]
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
        from ..models.lesson_view import LessonView

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = LessonView.from_dict(items_item_data)

            items.append(items_item)

        lesson_list_view = cls(
            items=items,
        )

        lesson_list_view.additional_properties = d
        return lesson_list_view

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
