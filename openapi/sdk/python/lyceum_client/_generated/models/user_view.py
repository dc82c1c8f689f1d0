from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UserView")


@_attrs_define
class UserView:
    """A person in the institution.

    Example:
        {'created_at': '2026-09-03T10:00:00+00:00', 'email': 'lee@acme.test', 'external_id': 'S-2026-0042', 'id':
            '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22', 'last_login_at': '2026-11-28T07:45:12+00:00', 'name': 'Lee Learner',
            'role': 'learner', 'status': 'active', 'updated_at': '2026-09-03T10:00:00+00:00', 'version': 1}

    Attributes:
        created_at (datetime.datetime):
        email (str):
        id (UUID):
        name (str):
        role (str): `owner`, `admin`, `instructor` or `learner`.
        status (str): `invited`, `active`, `disabled` or `erased` (a pseudonym left by an erasure).
        updated_at (datetime.datetime):
        version (int):
        external_id (None | str | Unset): The institution's own key for the person, if set.
        last_login_at (datetime.datetime | None | Unset):
    """

    created_at: datetime.datetime
    email: str
    id: UUID
    name: str
    role: str
    status: str
    updated_at: datetime.datetime
    version: int
    external_id: None | str | Unset = UNSET
    last_login_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        email = self.email

        id = str(self.id)

        name = self.name

        role = self.role

        status = self.status

        updated_at = self.updated_at.isoformat()

        version = self.version

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        last_login_at: None | str | Unset
        if isinstance(self.last_login_at, Unset):
            last_login_at = UNSET
        elif isinstance(self.last_login_at, datetime.datetime):
            last_login_at = self.last_login_at.isoformat()
        else:
            last_login_at = self.last_login_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "email": email,
                "id": id,
                "name": name,
                "role": role,
                "status": status,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if last_login_at is not UNSET:
            field_dict["last_login_at"] = last_login_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        email = d.pop("email")

        id = UUID(d.pop("id"))

        name = d.pop("name")

        role = d.pop("role")

        status = d.pop("status")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        def _parse_last_login_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_login_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_login_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_login_at = _parse_last_login_at(d.pop("last_login_at", UNSET))

        user_view = cls(
            created_at=created_at,
            email=email,
            id=id,
            name=name,
            role=role,
            status=status,
            updated_at=updated_at,
            version=version,
            external_id=external_id,
            last_login_at=last_login_at,
        )

        user_view.additional_properties = d
        return user_view

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
