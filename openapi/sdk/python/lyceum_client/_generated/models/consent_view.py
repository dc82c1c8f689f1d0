from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ConsentView")


@_attrs_define
class ConsentView:
    """One acceptance of the institution's documents.

    Attributes:
        accepted_at (datetime.datetime):
        accepted_via (str): `login`, `hosted_sign_in`, `sign_in_code`, `invitation` or `api`.
        id (UUID):
        privacy_notice_version (None | str | Unset):
        terms_version (None | str | Unset):
    """

    accepted_at: datetime.datetime
    accepted_via: str
    id: UUID
    privacy_notice_version: None | str | Unset = UNSET
    terms_version: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        accepted_at = self.accepted_at.isoformat()

        accepted_via = self.accepted_via

        id = str(self.id)

        privacy_notice_version: None | str | Unset
        if isinstance(self.privacy_notice_version, Unset):
            privacy_notice_version = UNSET
        else:
            privacy_notice_version = self.privacy_notice_version

        terms_version: None | str | Unset
        if isinstance(self.terms_version, Unset):
            terms_version = UNSET
        else:
            terms_version = self.terms_version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accepted_at": accepted_at,
                "accepted_via": accepted_via,
                "id": id,
            }
        )
        if privacy_notice_version is not UNSET:
            field_dict["privacy_notice_version"] = privacy_notice_version
        if terms_version is not UNSET:
            field_dict["terms_version"] = terms_version

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        accepted_at = datetime.datetime.fromisoformat(d.pop("accepted_at"))

        accepted_via = d.pop("accepted_via")

        id = UUID(d.pop("id"))

        def _parse_privacy_notice_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        privacy_notice_version = _parse_privacy_notice_version(
            d.pop("privacy_notice_version", UNSET)
        )

        def _parse_terms_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        terms_version = _parse_terms_version(d.pop("terms_version", UNSET))

        consent_view = cls(
            accepted_at=accepted_at,
            accepted_via=accepted_via,
            id=id,
            privacy_notice_version=privacy_notice_version,
            terms_version=terms_version,
        )

        consent_view.additional_properties = d
        return consent_view

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
