from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.submission_view import SubmissionView


T = TypeVar("T", bound="SubmissionList")


@_attrs_define
class SubmissionList:
    """A page of submissions.

    Example:
        {'items': [{'attempt_number': 1, 'attempts_remaining': 2, 'body': 'My essay on atoms...', 'course_id':
            '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'enrollment_id': '0193a4c5-3c27-7ebf-94f5-708192c3d4e6', 'files':
            [{'content_type': 'application/pdf', 'created_at': '2026-12-10T16:29:00+00:00', 'download_expires_at':
            '2026-12-10T16:34:02+00:00', 'download_url': 'https://lyceum.example/v1/files/0193c2d1-4a5b-7c6d-8e9f-
            0a1b2c3d4e5f/content?tenant=0193a4c2-5b1e-7c3a-9f10-2b4d6e8f0a11&expires=1797000000&actor=user%3A0193a4c2-6a02-
            7d11-8e21-3c5e7f9a1b22&signature=5d41402abc4b2a76b9719d911017c592', 'filename': 'essay.pdf', 'id':
            '0193c2d1-4a5b-7c6d-8e9f-0a1b2c3d4e5f', 'sha256':
            '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', 'size_bytes': 184320, 'status': 'stored',
            'stored_at': '2026-12-10T16:29:02+00:00', 'uploaded_by': 'user:0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22'}], 'grade':
            {'feedback': 'Well argued overall.', 'feedback_files': [], 'graded_at': '2026-12-12T10:00:00+00:00',
            'graded_by': 'user:0193a4c2-6a03-7d11-8e21-3c5e7f9a1b23', 'late_penalty': 0.0, 'passed': True, 'points': 6.0,
            'points_possible': 10.0, 'posted_at': '2026-12-12T10:05:00+00:00', 'raw_points': 6.0, 'rubric_assessment': None,
            'score': 60.0, 'version': 2}, 'id': '0193c2c0-3c4d-7e5f-8a6b-7c8d9e0f1a2b', 'late': False, 'lesson_id':
            '0193a4c3-2b18-7dae-93e4-6f8091b2c3d7', 'seconds_late': 0, 'state': 'posted', 'submitted_at':
            '2026-12-10T16:30:00+00:00', 'url': None, 'user_id': '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22'}], 'next_cursor':
            'eyJrIjoiMjAyNi0xMS0yMFQxNDowNTowMFoiLCJpZCI6IjAxOTNhNGMzIn0'}

    Attributes:
        items (list[SubmissionView]):
        next_cursor (None | str | Unset): Pass as `cursor` to get the next page; `null` on the last page.
    """

    items: list[SubmissionView]
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
        from ..models.submission_view import SubmissionView

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = SubmissionView.from_dict(items_item_data)

            items.append(items_item)

        def _parse_next_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor", UNSET))

        submission_list = cls(
            items=items,
            next_cursor=next_cursor,
        )

        submission_list.additional_properties = d
        return submission_list

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
