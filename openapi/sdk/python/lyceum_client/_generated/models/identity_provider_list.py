from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.identity_provider_view import IdentityProviderView


T = TypeVar("T", bound="IdentityProviderList")


@_attrs_define
class IdentityProviderList:
    """The institution's identity providers.

    Example:
        {'items': [{'allowed_domains': ['acme.edu'], 'client_id': '5b8e1f2a-lyceum', 'create_role': 'learner',
            'created_at': '2026-12-01T09:00:00+00:00', 'enabled': True, 'id': '0193c0de-1a2b-7c3d-8e4f-5a6b7c8d9e0f',
            'issuer': 'https://login.microsoftonline.com/3f2a9c1e-0000-4000-8000-000000000000/v2.0', 'name': 'Acme Entra
            ID', 'redirect_uri': 'https://lyceum.example/v1/auth/sso/callback', 'return_urls':
            ['https://learn.acme.edu/sso/done'], 'scopes': ['openid', 'email', 'profile'], 'updated_at':
            '2026-12-01T09:00:00+00:00', 'version': 1}]}

    Attributes:
        items (list[IdentityProviderView]):
    """

    items: list[IdentityProviderView]
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
        from ..models.identity_provider_view import IdentityProviderView

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = IdentityProviderView.from_dict(items_item_data)

            items.append(items_item)

        identity_provider_list = cls(
            items=items,
        )

        identity_provider_list.additional_properties = d
        return identity_provider_list

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
