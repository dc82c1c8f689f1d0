from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.update_user_role import UpdateUserRole, check_update_user_role
from ..models.update_user_status import UpdateUserStatus, check_update_user_status
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateUser")


@_attrs_define
class UpdateUser:
    """Fields to change; absent fields stay as they are.

    Example:
        {'name': None, 'role': 'instructor', 'status': None}

    Attributes:
        name (None | str | Unset):
        role (UpdateUserRole | Unset): `owner`, `admin`, `instructor` or `learner`. Only owners grant or take the owner
            role.
        status (UpdateUserStatus | Unset): `active` or `disabled` (a disabled user's sessions stop working at once).
    """

    name: None | str | Unset = UNSET
    role: UpdateUserRole | Unset = UNSET
    status: UpdateUserStatus | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if role is not UNSET:
            field_dict["role"] = role
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        _role = d.pop("role", UNSET)
        role: UpdateUserRole | Unset
        if isinstance(_role, Unset):
            role = UNSET
        else:
            role = check_update_user_role(_role)

        _status = d.pop("status", UNSET)
        status: UpdateUserStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = check_update_user_status(_status)

        update_user = cls(
            name=name,
            role=role,
            status=status,
        )

        update_user.additional_properties = d
        return update_user

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
