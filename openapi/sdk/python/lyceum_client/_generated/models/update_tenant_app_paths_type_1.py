from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateTenantAppPathsType1")


@_attrs_define
class UpdateTenantAppPathsType1:
    """
    Attributes:
        billing (None | str | Unset):
        courses (None | str | Unset):
        invitation (None | str | Unset):
        password_reset (None | str | Unset):
        sign_in (None | str | Unset):
    """

    billing: None | str | Unset = UNSET
    courses: None | str | Unset = UNSET
    invitation: None | str | Unset = UNSET
    password_reset: None | str | Unset = UNSET
    sign_in: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        billing: None | str | Unset
        if isinstance(self.billing, Unset):
            billing = UNSET
        else:
            billing = self.billing

        courses: None | str | Unset
        if isinstance(self.courses, Unset):
            courses = UNSET
        else:
            courses = self.courses

        invitation: None | str | Unset
        if isinstance(self.invitation, Unset):
            invitation = UNSET
        else:
            invitation = self.invitation

        password_reset: None | str | Unset
        if isinstance(self.password_reset, Unset):
            password_reset = UNSET
        else:
            password_reset = self.password_reset

        sign_in: None | str | Unset
        if isinstance(self.sign_in, Unset):
            sign_in = UNSET
        else:
            sign_in = self.sign_in

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if billing is not UNSET:
            field_dict["billing"] = billing
        if courses is not UNSET:
            field_dict["courses"] = courses
        if invitation is not UNSET:
            field_dict["invitation"] = invitation
        if password_reset is not UNSET:
            field_dict["password_reset"] = password_reset
        if sign_in is not UNSET:
            field_dict["sign_in"] = sign_in

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_billing(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        billing = _parse_billing(d.pop("billing", UNSET))

        def _parse_courses(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        courses = _parse_courses(d.pop("courses", UNSET))

        def _parse_invitation(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        invitation = _parse_invitation(d.pop("invitation", UNSET))

        def _parse_password_reset(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        password_reset = _parse_password_reset(d.pop("password_reset", UNSET))

        def _parse_sign_in(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sign_in = _parse_sign_in(d.pop("sign_in", UNSET))

        update_tenant_app_paths_type_1 = cls(
            billing=billing,
            courses=courses,
            invitation=invitation,
            password_reset=password_reset,
            sign_in=sign_in,
        )

        update_tenant_app_paths_type_1.additional_properties = d
        return update_tenant_app_paths_type_1

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
