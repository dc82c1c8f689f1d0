from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.create_user_role import CreateUserRole, check_create_user_role
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateUser")


@_attrs_define
class CreateUser:
    """A user to create: with `password` the user is active at once; otherwise `invited`, and
    `send_invite` emails them a link to choose a password.

        Example:
            {'email': 'lin@acme.test', 'external_id': 'S-2026-0042', 'name': 'Lin Learner', 'password': None, 'role':
                'learner', 'send_invite': True}

        Attributes:
            email (str):
            name (str):
            role (CreateUserRole): `owner` (owners only), `admin`, `instructor` or `learner`.
            external_id (None | str | Unset): Your own key for the person (a student information system's), unique in the
                institution.
            password (None | str | Unset): An initial password (at least 12 characters) instead of an invitation.
            send_invite (bool | None | Unset): Email an invitation (only for users created without a password). Default
                true.
    """

    email: str
    name: str
    role: CreateUserRole
    external_id: None | str | Unset = UNSET
    password: None | str | Unset = UNSET
    send_invite: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        name = self.name

        role: str = self.role

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        password: None | str | Unset
        if isinstance(self.password, Unset):
            password = UNSET
        else:
            password = self.password

        send_invite: bool | None | Unset
        if isinstance(self.send_invite, Unset):
            send_invite = UNSET
        else:
            send_invite = self.send_invite

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
                "name": name,
                "role": role,
            }
        )
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if password is not UNSET:
            field_dict["password"] = password
        if send_invite is not UNSET:
            field_dict["send_invite"] = send_invite

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        email = d.pop("email")

        name = d.pop("name")

        role = check_create_user_role(d.pop("role"))

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        def _parse_password(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        password = _parse_password(d.pop("password", UNSET))

        def _parse_send_invite(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        send_invite = _parse_send_invite(d.pop("send_invite", UNSET))

        create_user = cls(
            email=email,
            name=name,
            role=role,
            external_id=external_id,
            password=password,
            send_invite=send_invite,
        )

        create_user.additional_properties = d
        return create_user

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
