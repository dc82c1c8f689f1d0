from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.lti_key_view import LtiKeyView


T = TypeVar("T", bound="LtiKeyList")


@_attrs_define
class LtiKeyList:
    """The institution's platform keys, newest first.

    Example:
        {'items': [{'created_at': '2026-12-13T09:00:00+00:00', 'id': '0193c0de-1a2b-7c3d-8e4f-5a6b7c8d9e11', 'jwk':
            {'alg': 'RS256', 'e': 'AQAB', 'kid': '0193c0de-1a2b-7c3d-8e4f-5a6b7c8d9e11', 'kty': 'RSA', 'n':
            'u1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0_IzW7yWR7QkrmBL7jTKEn5u-qKhbwKfBstIs-bMY2Zkp18gnTx
            KLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW_VDL5AaWTg0nLVkjRo9z-40RQzuVaE8AkAFmxZzow3x-
            VJYKdjykkJ0iT9wCS0DRTXu269V264Vf_3jvredZiKRkgwlL9xNAwxXFg0x_XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC-9aGVd-
            Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmw', 'use': 'sig'}, 'retired_at': None}]}

    Attributes:
        items (list[LtiKeyView]):
    """

    items: list[LtiKeyView]
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
        from ..models.lti_key_view import LtiKeyView

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = LtiKeyView.from_dict(items_item_data)

            items.append(items_item)

        lti_key_list = cls(
            items=items,
        )

        lti_key_list.additional_properties = d
        return lti_key_list

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
