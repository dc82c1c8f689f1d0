from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LoginRequest")


@_attrs_define
class LoginRequest:
    """Credentials: the institution's slug, the user's email (any case) and password.

    Example:
        {'accepted_privacy_notice_version': None, 'accepted_terms_version': None, 'email': 'ada@acme.test', 'password':
            'correct horse battery', 'tenant': 'acme'}

    Attributes:
        email (str):
        password (str):
        tenant (str): The institution's slug, as chosen at signup.
        accepted_privacy_notice_version (None | str | Unset): The version of the institution's privacy notice the person
            accepts, as `accepted_terms_version`.
        accepted_terms_version (None | str | Unset): The version of the institution's terms the person accepts (its
            current one,
            `TenantView.policies`); needed once per version, else 403 `consent_required`.
    """

    email: str
    password: str
    tenant: str
    accepted_privacy_notice_version: None | str | Unset = UNSET
    accepted_terms_version: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        password = self.password

        tenant = self.tenant

        accepted_privacy_notice_version: None | str | Unset
        if isinstance(self.accepted_privacy_notice_version, Unset):
            accepted_privacy_notice_version = UNSET
        else:
            accepted_privacy_notice_version = self.accepted_privacy_notice_version

        accepted_terms_version: None | str | Unset
        if isinstance(self.accepted_terms_version, Unset):
            accepted_terms_version = UNSET
        else:
            accepted_terms_version = self.accepted_terms_version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
                "password": password,
                "tenant": tenant,
            }
        )
        if accepted_privacy_notice_version is not UNSET:
            field_dict["accepted_privacy_notice_version"] = (
                accepted_privacy_notice_version
            )
        if accepted_terms_version is not UNSET:
            field_dict["accepted_terms_version"] = accepted_terms_version

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        email = d.pop("email")

        password = d.pop("password")

        tenant = d.pop("tenant")

        def _parse_accepted_privacy_notice_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        accepted_privacy_notice_version = _parse_accepted_privacy_notice_version(
            d.pop("accepted_privacy_notice_version", UNSET)
        )

        def _parse_accepted_terms_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        accepted_terms_version = _parse_accepted_terms_version(
            d.pop("accepted_terms_version", UNSET)
        )

        login_request = cls(
            email=email,
            password=password,
            tenant=tenant,
            accepted_privacy_notice_version=accepted_privacy_notice_version,
            accepted_terms_version=accepted_terms_version,
        )

        login_request.additional_properties = d
        return login_request

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
