from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LtiDeepLinkInput")


@_attrs_define
class LtiDeepLinkInput:
    """Which tool to pick content in.

    Example:
        {'tool_id': '0193c0de-1a2b-7c3d-8e4f-5a6b7c8d9e10'}

    Attributes:
        tool_id (UUID): One of the institution's tools registered with `deep_linking: true`.
    """

    tool_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tool_id = str(self.tool_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tool_id": tool_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        tool_id = UUID(d.pop("tool_id"))

        lti_deep_link_input = cls(
            tool_id=tool_id,
        )

        lti_deep_link_input.additional_properties = d
        return lti_deep_link_input

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
