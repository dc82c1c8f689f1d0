from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.public_key_view import PublicKeyView


T = TypeVar("T", bound="IssuerView")


@_attrs_define
class IssuerView:
    """An institution as the issuer of certificates.

    Example:
        {'id': '0193a4c2-5b1e-7c3a-9f10-2b4d6e8f0a11', 'keys': [{'created_at': '2026-09-01T08:00:00+00:00', 'id':
            '0193a4c2-5b21-7b12-9d4e-2f3a4b5c6d7e', 'jwk': {'crv': 'Ed25519', 'kid': '0193a4c2-5b21-7b12-9d4e-2f3a4b5c6d7e',
            'kty': 'OKP', 'x': '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo'}, 'retired_at': None}], 'name': 'Acme
            University'}

    Attributes:
        id (UUID):
        keys (list[PublicKeyView]): Every key the institution has signed certificates with.
        name (str):
    """

    id: UUID
    keys: list[PublicKeyView]
    name: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        keys = []
        for keys_item_data in self.keys:
            keys_item = keys_item_data.to_dict()
            keys.append(keys_item)

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "keys": keys,
                "name": name,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.public_key_view import PublicKeyView

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        keys = []
        _keys = d.pop("keys")
        for keys_item_data in _keys:
            keys_item = PublicKeyView.from_dict(keys_item_data)

            keys.append(keys_item)

        name = d.pop("name")

        issuer_view = cls(
            id=id,
            keys=keys,
            name=name,
        )

        issuer_view.additional_properties = d
        return issuer_view

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
