from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CreatedApiKey")


@_attrs_define
class CreatedApiKey:
    """The new key: `key` is the secret, shown only in this response.

    Example:
        {'created_at': '2026-10-10T12:00:00+00:00', 'id': '0193a4c8-817c-7304-a94a-c5d6e7182b3c', 'key':
            'lyc_live_Q2hlbWlzdHJ5MTAxX2xtc19zeW5jX2tleV9leGFtcGxlAZOkwlseDDqfECtNbo8KEQ', 'name': 'LMS sync', 'prefix':
            'lyc_live_Q2hlbWlz', 'scopes': ['courses:read', 'courses:write']}

    Attributes:
        created_at (datetime.datetime):
        id (UUID):
        key (str): The secret (`lyc_live_...`): store it now, Lyceum keeps only a hash.
        name (str):
        prefix (str):
        scopes (list[str]):
    """

    created_at: datetime.datetime
    id: UUID
    key: str
    name: str
    prefix: str
    scopes: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = str(self.id)

        key = self.key

        name = self.name

        prefix = self.prefix

        scopes = self.scopes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "id": id,
                "key": key,
                "name": name,
                "prefix": prefix,
                "scopes": scopes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        key = d.pop("key")

        name = d.pop("name")

        prefix = d.pop("prefix")

        scopes = cast(list[str], d.pop("scopes"))

        created_api_key = cls(
            created_at=created_at,
            id=id,
            key=key,
            name=name,
            prefix=prefix,
            scopes=scopes,
        )

        created_api_key.additional_properties = d
        return created_api_key

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
