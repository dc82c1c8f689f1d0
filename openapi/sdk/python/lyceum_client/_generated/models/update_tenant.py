from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.update_tenant_app_paths_type_1 import UpdateTenantAppPathsType1


T = TypeVar("T", bound="UpdateTenant")


@_attrs_define
class UpdateTenant:
    """Changes to the institution; absent fields stay as they are.

    Example:
        {'app_paths': {'billing': None, 'courses': None, 'invitation': '/join', 'password_reset': None, 'sign_in':
            None}, 'app_url': 'https://learn.acme.test', 'brand_color': '#1f4e79', 'name': 'Acme University', 'reply_to':
            'help@acme.test', 'sso_required': False, 'terms_url': 'https://acme.test/terms', 'terms_version': '3'}

    Attributes:
        app_paths (None | Unset | UpdateTenantAppPathsType1): Paths on `app_url` per kind of link, each starting with
            `/`; replaces all of them (absent kinds
            take their defaults); `null` restores the defaults.
        app_url (None | str | Unset): The institution's own front end (an https URL without query or fragment): its
            emails link
            there instead of to Lyceum's hosted pages (see `TenantView.app_links`); `null` restores the
            hosted pages.
        brand_color (None | str | Unset): Colour of the institution's emails, `#rrggbb`; `null` restores Lyceum's.
        name (None | str | Unset): 1-200 characters; shown in emails and on certificates issued from now on.
        privacy_notice_url (None | str | Unset): Where the privacy notice is published (an http(s) URL); `null` removes
            it.
        privacy_notice_version (None | str | Unset): The current version of the institution's privacy notice, as
            `terms_version`.
        reply_to (None | str | Unset): Where replies to the institution's emails go (an email address); `null` removes
            it.
        sso_required (bool | None | Unset): Require single sign-on for everyone but the owners: password sign-in answers
            403
            `sso_required` for them. Needs an enabled identity provider (409 `no_identity_provider`).
        terms_url (None | str | Unset): Where the terms are published (an http(s) URL); `null` removes it.
        terms_version (None | str | Unset): The current version of the institution's terms (up to 64 characters); once
            set, each person
            must accept it before they sign in. `null` removes it.
    """

    app_paths: None | Unset | UpdateTenantAppPathsType1 = UNSET
    app_url: None | str | Unset = UNSET
    brand_color: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    privacy_notice_url: None | str | Unset = UNSET
    privacy_notice_version: None | str | Unset = UNSET
    reply_to: None | str | Unset = UNSET
    sso_required: bool | None | Unset = UNSET
    terms_url: None | str | Unset = UNSET
    terms_version: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.update_tenant_app_paths_type_1 import UpdateTenantAppPathsType1

        app_paths: dict[str, Any] | None | Unset
        if isinstance(self.app_paths, Unset):
            app_paths = UNSET
        elif isinstance(self.app_paths, UpdateTenantAppPathsType1):
            app_paths = self.app_paths.to_dict()
        else:
            app_paths = self.app_paths

        app_url: None | str | Unset
        if isinstance(self.app_url, Unset):
            app_url = UNSET
        else:
            app_url = self.app_url

        brand_color: None | str | Unset
        if isinstance(self.brand_color, Unset):
            brand_color = UNSET
        else:
            brand_color = self.brand_color

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

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

        reply_to: None | str | Unset
        if isinstance(self.reply_to, Unset):
            reply_to = UNSET
        else:
            reply_to = self.reply_to

        sso_required: bool | None | Unset
        if isinstance(self.sso_required, Unset):
            sso_required = UNSET
        else:
            sso_required = self.sso_required

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
        if app_paths is not UNSET:
            field_dict["app_paths"] = app_paths
        if app_url is not UNSET:
            field_dict["app_url"] = app_url
        if brand_color is not UNSET:
            field_dict["brand_color"] = brand_color
        if name is not UNSET:
            field_dict["name"] = name
        if privacy_notice_url is not UNSET:
            field_dict["privacy_notice_url"] = privacy_notice_url
        if privacy_notice_version is not UNSET:
            field_dict["privacy_notice_version"] = privacy_notice_version
        if reply_to is not UNSET:
            field_dict["reply_to"] = reply_to
        if sso_required is not UNSET:
            field_dict["sso_required"] = sso_required
        if terms_url is not UNSET:
            field_dict["terms_url"] = terms_url
        if terms_version is not UNSET:
            field_dict["terms_version"] = terms_version

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.update_tenant_app_paths_type_1 import UpdateTenantAppPathsType1

        d = dict(src_dict)

        def _parse_app_paths(data: object) -> None | Unset | UpdateTenantAppPathsType1:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                app_paths_type_1 = UpdateTenantAppPathsType1.from_dict(data)

                return app_paths_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UpdateTenantAppPathsType1, data)

        app_paths = _parse_app_paths(d.pop("app_paths", UNSET))

        def _parse_app_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        app_url = _parse_app_url(d.pop("app_url", UNSET))

        def _parse_brand_color(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        brand_color = _parse_brand_color(d.pop("brand_color", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

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

        def _parse_reply_to(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reply_to = _parse_reply_to(d.pop("reply_to", UNSET))

        def _parse_sso_required(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        sso_required = _parse_sso_required(d.pop("sso_required", UNSET))

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

        update_tenant = cls(
            app_paths=app_paths,
            app_url=app_url,
            brand_color=brand_color,
            name=name,
            privacy_notice_url=privacy_notice_url,
            privacy_notice_version=privacy_notice_version,
            reply_to=reply_to,
            sso_required=sso_required,
            terms_url=terms_url,
            terms_version=terms_version,
        )

        update_tenant.additional_properties = d
        return update_tenant

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
