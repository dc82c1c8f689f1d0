from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.lti_tool_view import LtiToolView


T = TypeVar("T", bound="LtiToolList")


@_attrs_define
class LtiToolList:
    """The institution's LTI tools.

    Example:
        {'items': [{'created_at': '2026-12-13T09:00:00+00:00', 'custom': {'theme': 'dark'}, 'deep_linking': True,
            'enabled': True, 'id': '0193c0de-1a2b-7c3d-8e4f-5a6b7c8d9e10', 'jwks_url': 'https://lab.example.com/lti/jwks',
            'login_url': 'https://lab.example.com/lti/login', 'name': 'Coding Lab', 'platform': {'authorization_url':
            'https://lyceum.example/v1/lti/platforms/0193c0de-0000-7000-8000-000000000001/authorize', 'client_id':
            '6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', 'deployment_id': '2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901', 'issuer':
            'https://lyceum.example/v1/lti/platforms/0193c0de-0000-7000-8000-000000000001', 'jwks_url':
            'https://lyceum.example/v1/lti/platforms/0193c0de-0000-7000-8000-000000000001/jwks', 'token_url':
            'https://lyceum.example/v1/lti/platforms/0193c0de-0000-7000-8000-000000000001/token'}, 'public_jwk': None,
            'redirect_uris': ['https://lab.example.com/lti/launch'], 'scopes': ['https://purl.imsglobal.org/spec/lti-
            ags/scope/score'], 'target_link_uri': 'https://lab.example.com/lti/launch', 'updated_at':
            '2026-12-13T09:00:00+00:00', 'version': 1}]}

    Attributes:
        items (list[LtiToolView]):
    """

    items: list[LtiToolView]
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
        from ..models.lti_tool_view import LtiToolView

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = LtiToolView.from_dict(items_item_data)

            items.append(items_item)

        lti_tool_list = cls(
            items=items,
        )

        lti_tool_list.additional_properties = d
        return lti_tool_list

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
