from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LtiLaunchView")


@_attrs_define
class LtiLaunchView:
    """Where the browser goes to launch the lesson's tool.

    Example:
        {'expires_at': '2026-12-13T09:05:00+00:00', 'tool_id': '0193c0de-1a2b-7c3d-8e4f-5a6b7c8d9e10', 'url': 'https://l
            ab.example.com/lti/login?iss=https%3A%2F%2Flyceum.example%2Fv1%2Flti%2Fplatforms%2F0193c0de-0000-7000-8000-
            000000000001&login_hint=0193c0de-0000-7000-8000-
            0000000000a1&target_link_uri=https%3A%2F%2Flab.example.com%2Flti%2Flaunch&lti_message_hint=q3Z8...&client_id=6f1
            e2d3c-4b5a-4978-8695-a4b3c2d1e0f9&lti_deployment_id=2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901'}

    Attributes:
        expires_at (datetime.datetime):
        tool_id (UUID):
        url (str): The tool's login initiation URL with the launch's parameters: open it (GET) in the browser,
            typically in an iframe. It works once, within `expires_at`.
    """

    expires_at: datetime.datetime
    tool_id: UUID
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        expires_at = self.expires_at.isoformat()

        tool_id = str(self.tool_id)

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "expires_at": expires_at,
                "tool_id": tool_id,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        tool_id = UUID(d.pop("tool_id"))

        url = d.pop("url")

        lti_launch_view = cls(
            expires_at=expires_at,
            tool_id=tool_id,
            url=url,
        )

        lti_launch_view.additional_properties = d
        return lti_launch_view

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
