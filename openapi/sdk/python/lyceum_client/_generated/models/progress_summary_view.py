from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ProgressSummaryView")


@_attrs_define
class ProgressSummaryView:
    """Where a learner stands: the lessons that count (the required ones, or all when none is required).

    Example:
        {'completed_lessons': 1, 'next_lesson_id': '0193a4c3-2b17-7dae-93e4-6f8091b2c3d6', 'next_lesson_title': 'Check
            your understanding', 'percent': 50, 'total_lessons': 2}

    Attributes:
        completed_lessons (int):
        percent (int): 0-100, rounded down.
        total_lessons (int):
        next_lesson_id (None | Unset | UUID): The first counted lesson not completed yet, in outline order; absent when
            all are done.
        next_lesson_title (None | str | Unset):
    """

    completed_lessons: int
    percent: int
    total_lessons: int
    next_lesson_id: None | Unset | UUID = UNSET
    next_lesson_title: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        completed_lessons = self.completed_lessons

        percent = self.percent

        total_lessons = self.total_lessons

        next_lesson_id: None | str | Unset
        if isinstance(self.next_lesson_id, Unset):
            next_lesson_id = UNSET
        elif isinstance(self.next_lesson_id, UUID):
            next_lesson_id = str(self.next_lesson_id)
        else:
            next_lesson_id = self.next_lesson_id

        next_lesson_title: None | str | Unset
        if isinstance(self.next_lesson_title, Unset):
            next_lesson_title = UNSET
        else:
            next_lesson_title = self.next_lesson_title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "completed_lessons": completed_lessons,
                "percent": percent,
                "total_lessons": total_lessons,
            }
        )
        if next_lesson_id is not UNSET:
            field_dict["next_lesson_id"] = next_lesson_id
        if next_lesson_title is not UNSET:
            field_dict["next_lesson_title"] = next_lesson_title

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        completed_lessons = d.pop("completed_lessons")

        percent = d.pop("percent")

        total_lessons = d.pop("total_lessons")

        def _parse_next_lesson_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_lesson_id_type_0 = UUID(data)

                return next_lesson_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        next_lesson_id = _parse_next_lesson_id(d.pop("next_lesson_id", UNSET))

        def _parse_next_lesson_title(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_lesson_title = _parse_next_lesson_title(d.pop("next_lesson_title", UNSET))

        progress_summary_view = cls(
            completed_lessons=completed_lessons,
            percent=percent,
            total_lessons=total_lessons,
            next_lesson_id=next_lesson_id,
            next_lesson_title=next_lesson_title,
        )

        progress_summary_view.additional_properties = d
        return progress_summary_view

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
