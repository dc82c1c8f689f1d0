from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.app_links_view_app_paths import AppLinksViewAppPaths


T = TypeVar("T", bound="TenantViewAppLinks")


@_attrs_define
class TenantViewAppLinks:
    """Where the institution's emails send its people: its own front end, or Lyceum's hosted pages.

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

        tenant_view_app_links = cls(
            app_paths=app_paths,
            app_url=app_url,
        )

        tenant_view_app_links.additional_properties = d
        return tenant_view_app_links

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
