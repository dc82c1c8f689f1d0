from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ConsentStatusViewPolicies")


@_attrs_define
class ConsentStatusViewPolicies:
    """The institution's current documents.

    Attributes:
        privacy_notice_url (None | str | Unset):
        privacy_notice_version (None | str | Unset):
        terms_url (None | str | Unset):
        terms_version (None | str | Unset):
    """

    privacy_notice_url: None | str | Unset = UNSET
    privacy_notice_version: None | str | Unset = UNSET
    terms_url: None | str | Unset = UNSET
    terms_version: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        privacy_notice_url: None | str | Unset
        if isinstance(self.privacy_notice_url, Unset):
            privacy_notice_url = UNSET
        else:
            privacy_notice_url = self.privacy_notice_url

        privacy_notice_version: None | str | Unset
        if isinstance(self.privacy_notice_version, Unset):
            privacy_notice_version = UNSET
        else:
            privacy_notice_version = self.privacy_notice_version

        terms_url: None | str | Unset
        if isinstance(self.terms_url, Unset):
            terms_url = UNSET
        else:
            terms_url = self.terms_url

        terms_version: None | str | Unset
        if isinstance(self.terms_version, Unset):
            terms_version = UNSET
        else:
            terms_version = self.terms_version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if privacy_notice_url is not UNSET:
            field_dict["privacy_notice_url"] = privacy_notice_url
        if privacy_notice_version is not UNSET:
            field_dict["privacy_notice_version"] = privacy_notice_version
        if terms_url is not UNSET:
            field_dict["terms_url"] = terms_url
        if terms_version is not UNSET:
            field_dict["terms_version"] = terms_version

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_privacy_notice_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        privacy_notice_url = _parse_privacy_notice_url(
            d.pop("privacy_notice_url", UNSET)
        )

        def _parse_privacy_notice_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        privacy_notice_version = _parse_privacy_notice_version(
            d.pop("privacy_notice_version", UNSET)
        )

        def _parse_terms_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        terms_url = _parse_terms_url(d.pop("terms_url", UNSET))

        def _parse_terms_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        terms_version = _parse_terms_version(d.pop("terms_version", UNSET))

        consent_status_view_policies = cls(
            privacy_notice_url=privacy_notice_url,
            privacy_notice_version=privacy_notice_version,
            terms_url=terms_url,
            terms_version=terms_version,
        )

        consent_status_view_policies.additional_properties = d
        return consent_status_view_policies

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
