from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.update_user_role_type_1 import (
    UpdateUserRoleType1,
    check_update_user_role_type_1,
)
from ..models.update_user_role_type_2_type_1 import (
    UpdateUserRoleType2Type1,
    check_update_user_role_type_2_type_1,
)
from ..models.update_user_role_type_3_type_1 import (
    UpdateUserRoleType3Type1,
    check_update_user_role_type_3_type_1,
)
from ..models.update_user_status_type_1 import (
    UpdateUserStatusType1,
    check_update_user_status_type_1,
)
from ..models.update_user_status_type_2_type_1 import (
    UpdateUserStatusType2Type1,
    check_update_user_status_type_2_type_1,
)
from ..models.update_user_status_type_3_type_1 import (
    UpdateUserStatusType3Type1,
    check_update_user_status_type_3_type_1,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateUser")


@_attrs_define
class UpdateUser:
    """Fields to change; absent fields stay as they are.

    Example:
        {'name': None, 'role': 'instructor', 'status': None}

    Attributes:
        external_id (None | str | Unset): Your own key for the person, unique in the institution; `null` clears it.
        name (None | str | Unset):
        role (None | Unset | UpdateUserRoleType1 | UpdateUserRoleType2Type1 | UpdateUserRoleType3Type1): `owner`,
            `admin`, `instructor` or `learner`. Only owners grant or take the owner role.
        status (None | Unset | UpdateUserStatusType1 | UpdateUserStatusType2Type1 | UpdateUserStatusType3Type1):
            `active` or `disabled` (a disabled user's sessions stop working at once).
    """

    external_id: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    role: (
        None
        | Unset
        | UpdateUserRoleType1
        | UpdateUserRoleType2Type1
        | UpdateUserRoleType3Type1
    ) = UNSET
    status: (
        None
        | Unset
        | UpdateUserStatusType1
        | UpdateUserStatusType2Type1
        | UpdateUserStatusType3Type1
    ) = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        role: None | str | Unset
        if isinstance(self.role, Unset):
            role = UNSET
        elif (
            isinstance(self.role, str)
            or isinstance(self.role, str)
            or isinstance(self.role, str)
        ):
            role = self.role
        else:
            role = self.role

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif (
            isinstance(self.status, str)
            or isinstance(self.status, str)
            or isinstance(self.status, str)
        ):
            status = self.status
        else:
            status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
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

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_role(
            data: object,
        ) -> (
            None
            | Unset
            | UpdateUserRoleType1
            | UpdateUserRoleType2Type1
            | UpdateUserRoleType3Type1
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_1 = check_update_user_role_type_1(data)

                return role_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_2_type_1 = check_update_user_role_type_2_type_1(data)

                return role_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                role_type_3_type_1 = check_update_user_role_type_3_type_1(data)

                return role_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | Unset
                | UpdateUserRoleType1
                | UpdateUserRoleType2Type1
                | UpdateUserRoleType3Type1,
                data,
            )

        role = _parse_role(d.pop("role", UNSET))

        def _parse_status(
            data: object,
        ) -> (
            None
            | Unset
            | UpdateUserStatusType1
            | UpdateUserStatusType2Type1
            | UpdateUserStatusType3Type1
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_1 = check_update_user_status_type_1(data)

                return status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_2_type_1 = check_update_user_status_type_2_type_1(data)

                return status_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_3_type_1 = check_update_user_status_type_3_type_1(data)

                return status_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | Unset
                | UpdateUserStatusType1
                | UpdateUserStatusType2Type1
                | UpdateUserStatusType3Type1,
                data,
            )

        status = _parse_status(d.pop("status", UNSET))

        update_user = cls(
            external_id=external_id,
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
