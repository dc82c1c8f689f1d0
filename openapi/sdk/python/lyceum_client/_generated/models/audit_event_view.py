from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AuditEventView")


@_attrs_define
class AuditEventView:
    """One recorded action.

    Example:
        {'action': 'user.updated', 'actor_id': '0193a4c2-5b20-7a01-8c3d-1e2f3a4b5c6d', 'actor_type': 'user',
            'created_at': '2026-11-29T09:12:44+00:00', 'id': '0193b0ac-a39e-7526-9b6c-e7f8093a4d5e', 'ip': '203.0.113.7',
            'metadata': {'changes': {'role': {'from': 'learner', 'to': 'instructor'}}}, 'request_id':
            '0193b0ac-a39d-7f00-8a11-0b2c3d4e5f60', 'target_id': '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22', 'target_type':
            'user'}

    Attributes:
        action (str): e.g. `auth.login`, `auth.login_failed`, `user.created`, `user.updated`, `api_key.revoked`.
        actor_type (str): `user`, `api_key`, `operator` (support staff), `system` or `anonymous`.
        created_at (datetime.datetime):
        id (UUID):
        metadata (Any): Details of the action.
        actor_id (None | str | Unset):
        ip (None | str | Unset):
        request_id (None | str | Unset):
        target_id (None | str | Unset):
        target_type (None | str | Unset):
    """

    action: str
    actor_type: str
    created_at: datetime.datetime
    id: UUID
    metadata: Any
    actor_id: None | str | Unset = UNSET
    ip: None | str | Unset = UNSET
    request_id: None | str | Unset = UNSET
    target_id: None | str | Unset = UNSET
    target_type: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action

        actor_type = self.actor_type

        created_at = self.created_at.isoformat()

        id = str(self.id)

        metadata = self.metadata

        actor_id: None | str | Unset
        if isinstance(self.actor_id, Unset):
            actor_id = UNSET
        else:
            actor_id = self.actor_id

        ip: None | str | Unset
        if isinstance(self.ip, Unset):
            ip = UNSET
        else:
            ip = self.ip

        request_id: None | str | Unset
        if isinstance(self.request_id, Unset):
            request_id = UNSET
        else:
            request_id = self.request_id

        target_id: None | str | Unset
        if isinstance(self.target_id, Unset):
            target_id = UNSET
        else:
            target_id = self.target_id

        target_type: None | str | Unset
        if isinstance(self.target_type, Unset):
            target_type = UNSET
        else:
            target_type = self.target_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "actor_type": actor_type,
                "created_at": created_at,
                "id": id,
                "metadata": metadata,
            }
        )
        if actor_id is not UNSET:
            field_dict["actor_id"] = actor_id
        if ip is not UNSET:
            field_dict["ip"] = ip
        if request_id is not UNSET:
            field_dict["request_id"] = request_id
        if target_id is not UNSET:
            field_dict["target_id"] = target_id
        if target_type is not UNSET:
            field_dict["target_type"] = target_type

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        action = d.pop("action")

        actor_type = d.pop("actor_type")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = UUID(d.pop("id"))

        metadata = d.pop("metadata")

        def _parse_actor_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        actor_id = _parse_actor_id(d.pop("actor_id", UNSET))

        def _parse_ip(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        ip = _parse_ip(d.pop("ip", UNSET))

        def _parse_request_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        request_id = _parse_request_id(d.pop("request_id", UNSET))

        def _parse_target_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        target_id = _parse_target_id(d.pop("target_id", UNSET))

        def _parse_target_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        target_type = _parse_target_type(d.pop("target_type", UNSET))

        audit_event_view = cls(
            action=action,
            actor_type=actor_type,
            created_at=created_at,
            id=id,
            metadata=metadata,
            actor_id=actor_id,
            ip=ip,
            request_id=request_id,
            target_id=target_id,
            target_type=target_type,
        )

        audit_event_view.additional_properties = d
        return audit_event_view

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
