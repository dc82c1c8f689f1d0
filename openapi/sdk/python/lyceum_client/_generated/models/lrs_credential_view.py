from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LrsCredentialView")


@_attrs_define
class LrsCredentialView:
    """An LRS credential (its secret is shown only when it is created).

    Example:
        {'can_write': True, 'created_at': '2026-12-06T12:00:00+00:00', 'id': '0193a4c8-817c-7304-a94a-c5d6e7182b3c',
            'key': 'lrs_0193a5b2c4d87e6f9a0b1c2d3e4f5a6b', 'last_used_at': None, 'name': 'Authoring tool'}

    Attributes:
        can_write (bool): `false`: the credential may only read statements and documents.
        created_at (datetime.datetime):
        id (UUID):
        key (str): The user name of HTTP Basic at `/xapi`.
        name (str):
        last_used_at (datetime.datetime | None | Unset):
    """

    can_write: bool
    created_at: datetime.datetime
    id: UUID
    key: str
    name: str
    last_used_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        can_write = self.can_write

        created_at = self.created_at.isoformat()

        id = str(self.id)

        key = self.key

        name = self.name

        last_used_at: None | str | Unset
        if isinstance(self.last_used_at, Unset):
            last_used_at = UNSET
        elif isinstance(self.last_used_at, datetime.datetime):
            last_used_at = self.last_used_at.isoformat()
        else:
            last_used_at = self.last_used_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "can_write": can_write,
                "created_at": created_at,
                "id": id,
                "key": key,
                "name": name,
            }
        )
        if last_used_at is not UNSET:
            field_dict["last_used_at"] = last_used_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        can_write = d.pop("can_write")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        key = d.pop("key")

        name = d.pop("name")

        def _parse_last_used_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_used_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_used_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_used_at = _parse_last_used_at(d.pop("last_used_at", UNSET))

        lrs_credential_view = cls(
            can_write=can_write,
            created_at=created_at,
            id=id,
            key=key,
            name=name,
            last_used_at=last_used_at,
        )

        lrs_credential_view.additional_properties = d
        return lrs_credential_view

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
