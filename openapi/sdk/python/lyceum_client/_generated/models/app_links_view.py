from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.app_links_view_app_paths import AppLinksViewAppPaths


T = TypeVar("T", bound="AppLinksView")


@_attrs_define
class AppLinksView:
    """The institution's own front end. Without `app_url`, emails link to Lyceum's hosted pages
    (`/p/{slug}/...`). With it, each kind of link goes to `app_url` + its path, and links that carry a
    single-use code add `?code=`: `invitation` (for `POST /v1/invitations/{code}/accept`),
    `password_reset` (for `POST /v1/auth/password-reset/confirm`), `sign_in` (after the hosted sign-in
    page, for `POST /v1/auth/sso/exchange`). `courses` and `billing` carry none. Certificate links
    always open the hosted public certificate page.

        Attributes:
            app_paths (AppLinksViewAppPaths): The path on `app_url` per kind of link (absent kinds: their defaults).
            app_url (None | str | Unset): `https://...`; absent: the hosted pages.
    """

    app_paths: AppLinksViewAppPaths
    app_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        app_paths = self.app_paths.to_dict()

        app_url: None | str | Unset
        if isinstance(self.app_url, Unset):
            app_url = UNSET
        else:
            app_url = self.app_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "app_paths": app_paths,
            }
        )
        if app_url is not UNSET:
            field_dict["app_url"] = app_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.app_links_view_app_paths import AppLinksViewAppPaths

        d = dict(src_dict)
        app_paths = AppLinksViewAppPaths.from_dict(d.pop("app_paths"))

        def _parse_app_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        app_url = _parse_app_url(d.pop("app_url", UNSET))

        app_links_view = cls(
            app_paths=app_paths,
            app_url=app_url,
        )

        app_links_view.additional_properties = d
        return app_links_view

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
