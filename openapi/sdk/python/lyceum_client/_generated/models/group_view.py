from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GroupView")


@_attrs_define
class GroupView:
    """A group of users.

    Example:
        {'created_at': '2026-12-01T09:00:00+00:00', 'external_id': 'SEC-NUR-2028', 'id':
            '0193c1a0-7a1b-7c2d-8e3f-4a5b6c7d8e9f', 'member_count': 42, 'name': 'Nursing, class of 2028', 'updated_at':
            '2026-12-02T10:30:00+00:00', 'version': 3}

    Attributes:
        created_at (datetime.datetime):
        id (UUID):
        member_count (int):
        name (str):
        updated_at (datetime.datetime):
        version (int): Increases with every change (members included); compare with `If-Match`.
        external_id (None | str | Unset):
    """

    created_at: datetime.datetime
    id: UUID
    member_count: int
    name: str
    updated_at: datetime.datetime
    version: int
    external_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = str(self.id)

        member_count = self.member_count

        name = self.name

        updated_at = self.updated_at.isoformat()

        version = self.version

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "member_count": member_count,
                "name": name,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if external_id is not UNSET:
            field_dict["external_id"] = external_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        member_count = d.pop("member_count")

        name = d.pop("name")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        group_view = cls(
            created_at=created_at,
            id=id,
            member_count=member_count,
            name=name,
            updated_at=updated_at,
            version=version,
            external_id=external_id,
        )

        group_view.additional_properties = d
        return group_view

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
