from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Cmi5LaunchView")


@_attrs_define
class Cmi5LaunchView:
    """A launch, ready to open.

    Example:
        {'activity_id': 'https://lyceum.example/xapi/activities/cmi5/0193c0de-7a8b-7c9d-8e0f-1a2b3c4d5e6f/aus/0',
            'expires_at': '2026-12-06T21:00:00+00:00', 'launch_method': 'AnyWindow', 'launch_mode': 'Normal',
            'registration': '0193c0de-3c4d-7e5f-8a6b-7c8d9e0f1a2b', 'session_id': '0193c0de-9a8b-7c6d-8e5f-4a3b2c1d0e9f',
            'url': 'https://lyceum.example/cmi5/content/0193c0de-0000-7000-8000-000000000001/0193c0de-7a8b-7c9d-8e0f-
            1a2b3c4d5e6f/1765051200/5b1d.../index.html?endpoint=https%3A%2F%2Flyceum.example%2Fxapi%2F&fetch=https%3A%2F%2Fl
            yceum.example%2Fcmi5%2Ffetch%2Flyf_...&actor=%7B...%7D&registration=0193c0de-3c4d-7e5f-8a6b-
            7c8d9e0f1a2b&activityId=https%3A%2F%2Flyceum.example%2Fxapi%2Factivities%2Fcmi5%2F0193c0de-7a8b-7c9d-8e0f-
            1a2b3c4d5e6f%2Faus%2F0'}

    Attributes:
        activity_id (str): The AU's activity id (the object of its statements).
        expires_at (datetime.datetime): When the fetch URL, the auth-token and the content URL stop working.
        launch_method (str): `OwnWindow`: open it in a new window or in place of the current page; `AnyWindow`: also in
            a frame.
        launch_mode (str):
        registration (UUID): The registration: the learner's enrollment in the course.
        session_id (UUID): The session's id (`sessionid` of its statements).
        url (str): The AU's URL with `endpoint`, `fetch`, `actor`, `registration` and `activityId` (cmi5 §8.1):
            open it in the browser.
    """

    activity_id: str
    expires_at: datetime.datetime
    launch_method: str
    launch_mode: str
    registration: UUID
    session_id: UUID
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        activity_id = self.activity_id

        expires_at = self.expires_at.isoformat()

        launch_method = self.launch_method

        launch_mode = self.launch_mode

        registration = str(self.registration)

        session_id = str(self.session_id)

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "activity_id": activity_id,
                "expires_at": expires_at,
                "launch_method": launch_method,
                "launch_mode": launch_mode,
                "registration": registration,
                "session_id": session_id,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        activity_id = d.pop("activity_id")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        launch_method = d.pop("launch_method")

        launch_mode = d.pop("launch_mode")

        registration = UUID(d.pop("registration"))

        session_id = UUID(d.pop("session_id"))

        url = d.pop("url")

        cmi_5_launch_view = cls(
            activity_id=activity_id,
            expires_at=expires_at,
            launch_method=launch_method,
            launch_mode=launch_mode,
            registration=registration,
            session_id=session_id,
            url=url,
        )

        cmi_5_launch_view.additional_properties = d
        return cmi_5_launch_view

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
