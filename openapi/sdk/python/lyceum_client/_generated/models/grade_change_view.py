from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GradeChangeView")


@_attrs_define
class GradeChangeView:
    """One change of a grade.

    Example:
        {'actor_id': '0193a4c2-6a03-7d11-8e21-3c5e7f9a1b23', 'actor_type': 'user', 'after': {'feedback': 'Well argued
            overall.', 'late_penalty': 0.0, 'points': 6.0, 'posted_at': None, 'raw_points': 6.0, 'rubric_assessment': None},
            'before': None, 'changed_at': '2026-12-12T10:00:00+00:00', 'id': '0193c2c1-4d5e-7f6a-9b7c-8d9e0f1a2b3c',
            'submission_id': '0193c2c0-3c4d-7e5f-8a6b-7c8d9e0f1a2b'}

    Attributes:
        actor_type (str): `user`, `api_key`, `operator` or `system`.
        after (Any):
        before (Any): The grade before (null for the first grade).
        changed_at (datetime.datetime):
        id (UUID):
        submission_id (UUID):
        actor_id (None | str | Unset):
    """

    actor_type: str
    after: Any
    before: Any
    changed_at: datetime.datetime
    id: UUID
    submission_id: UUID
    actor_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor_type = self.actor_type

        after = self.after

        before = self.before

        changed_at = self.changed_at.isoformat()

        id = str(self.id)

        submission_id = str(self.submission_id)

        actor_id: None | str | Unset
        if isinstance(self.actor_id, Unset):
            actor_id = UNSET
        else:
            actor_id = self.actor_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "actor_type": actor_type,
                "after": after,
                "before": before,
                "changed_at": changed_at,
                "id": id,
                "submission_id": submission_id,
            }
        )
        if actor_id is not UNSET:
            field_dict["actor_id"] = actor_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        actor_type = d.pop("actor_type")

        after = d.pop("after")

        before = d.pop("before")

        changed_at = datetime.datetime.fromisoformat(d.pop("changed_at"))

        id = UUID(d.pop("id"))

        submission_id = UUID(d.pop("submission_id"))

        def _parse_actor_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        actor_id = _parse_actor_id(d.pop("actor_id", UNSET))

        grade_change_view = cls(
            actor_type=actor_type,
            after=after,
            before=before,
            changed_at=changed_at,
            id=id,
            submission_id=submission_id,
            actor_id=actor_id,
        )

        grade_change_view.additional_properties = d
        return grade_change_view

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
