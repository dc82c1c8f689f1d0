from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_api_key_scopes_item import (
    CreateApiKeyScopesItem,
    check_create_api_key_scopes_item,
)

T = TypeVar("T", bound="CreateApiKey")


@_attrs_define
class CreateApiKey:
    """A key to create.

    Example:
        {'name': 'LMS sync', 'scopes': ['courses:read', 'courses:write']}

    Attributes:
        name (str): What the key is for (1-100 characters).
        scopes (list[CreateApiKeyScopesItem]): Permissions the key carries, e.g. `courses:read`, `courses:write`,
            `users:read`, `users:write`,
            `enrollments:read`, `enrollments:write`, `billing:read`, `webhooks:write`, `audit:read`.
    """

    name: str
    scopes: list[CreateApiKeyScopesItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item: str = scopes_item_data
            scopes.append(scopes_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "scopes": scopes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in _scopes:
            scopes_item = check_create_api_key_scopes_item(scopes_item_data)

            scopes.append(scopes_item)

        create_api_key = cls(
            name=name,
            scopes=scopes,
        )

        create_api_key.additional_properties = d
        return create_api_key

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
