from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.update_lti_tool_custom_type_0 import UpdateLtiToolCustomType0


T = TypeVar("T", bound="UpdateLtiTool")


@_attrs_define
class UpdateLtiTool:
    """Changes to a tool; absent fields stay as they are. The client id and deployment id never change.

    Example:
        {'custom': None, 'deep_linking': None, 'enabled': False, 'login_url': None, 'name': None, 'redirect_uris': None,
            'scopes': [], 'target_link_uri': None}

    Attributes:
        custom (None | Unset | UpdateLtiToolCustomType0):
        deep_linking (bool | None | Unset):
        enabled (bool | None | Unset):
        jwks_url (None | str | Unset): `null` removes it (the tool must then have a `public_jwk`).
        login_url (None | str | Unset):
        name (None | str | Unset):
        public_jwk (Any | Unset): `null` removes it (the tool must then have a `jwks_url`).
        redirect_uris (list[str] | None | Unset):
        scopes (list[str] | None | Unset):
        target_link_uri (None | str | Unset):
    """

    custom: None | Unset | UpdateLtiToolCustomType0 = UNSET
    deep_linking: bool | None | Unset = UNSET
    enabled: bool | None | Unset = UNSET
    jwks_url: None | str | Unset = UNSET
    login_url: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    public_jwk: Any | Unset = UNSET
    redirect_uris: list[str] | None | Unset = UNSET
    scopes: list[str] | None | Unset = UNSET
    target_link_uri: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.update_lti_tool_custom_type_0 import UpdateLtiToolCustomType0

        custom: dict[str, Any] | None | Unset
        if isinstance(self.custom, Unset):
            custom = UNSET
        elif isinstance(self.custom, UpdateLtiToolCustomType0):
            custom = self.custom.to_dict()
        else:
            custom = self.custom

        deep_linking: bool | None | Unset
        if isinstance(self.deep_linking, Unset):
            deep_linking = UNSET
        else:
            deep_linking = self.deep_linking

        enabled: bool | None | Unset
        if isinstance(self.enabled, Unset):
            enabled = UNSET
        else:
            enabled = self.enabled

        jwks_url: None | str | Unset
        if isinstance(self.jwks_url, Unset):
            jwks_url = UNSET
        else:
            jwks_url = self.jwks_url

        login_url: None | str | Unset
        if isinstance(self.login_url, Unset):
            login_url = UNSET
        else:
            login_url = self.login_url

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        public_jwk = self.public_jwk

        redirect_uris: list[str] | None | Unset
        if isinstance(self.redirect_uris, Unset):
            redirect_uris = UNSET
        elif isinstance(self.redirect_uris, list):
            redirect_uris = self.redirect_uris

        else:
            redirect_uris = self.redirect_uris

        scopes: list[str] | None | Unset
        if isinstance(self.scopes, Unset):
            scopes = UNSET
        elif isinstance(self.scopes, list):
            scopes = self.scopes

        else:
            scopes = self.scopes

        target_link_uri: None | str | Unset
        if isinstance(self.target_link_uri, Unset):
            target_link_uri = UNSET
        else:
            target_link_uri = self.target_link_uri

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if custom is not UNSET:
            field_dict["custom"] = custom
        if deep_linking is not UNSET:
            field_dict["deep_linking"] = deep_linking
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if jwks_url is not UNSET:
            field_dict["jwks_url"] = jwks_url
        if login_url is not UNSET:
            field_dict["login_url"] = login_url
        if name is not UNSET:
            field_dict["name"] = name
        if public_jwk is not UNSET:
            field_dict["public_jwk"] = public_jwk
        if redirect_uris is not UNSET:
            field_dict["redirect_uris"] = redirect_uris
        if scopes is not UNSET:
            field_dict["scopes"] = scopes
        if target_link_uri is not UNSET:
            field_dict["target_link_uri"] = target_link_uri

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.update_lti_tool_custom_type_0 import UpdateLtiToolCustomType0

        d = dict(src_dict)

        def _parse_custom(data: object) -> None | Unset | UpdateLtiToolCustomType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                custom_type_0 = UpdateLtiToolCustomType0.from_dict(data)

                return custom_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UpdateLtiToolCustomType0, data)

        custom = _parse_custom(d.pop("custom", UNSET))

        def _parse_deep_linking(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        deep_linking = _parse_deep_linking(d.pop("deep_linking", UNSET))

        def _parse_enabled(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        enabled = _parse_enabled(d.pop("enabled", UNSET))

        def _parse_jwks_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        jwks_url = _parse_jwks_url(d.pop("jwks_url", UNSET))

        def _parse_login_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        login_url = _parse_login_url(d.pop("login_url", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        public_jwk = d.pop("public_jwk", UNSET)

        def _parse_redirect_uris(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                redirect_uris_type_0 = cast(list[str], data)

                return redirect_uris_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        redirect_uris = _parse_redirect_uris(d.pop("redirect_uris", UNSET))

        def _parse_scopes(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                scopes_type_0 = cast(list[str], data)

                return scopes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        scopes = _parse_scopes(d.pop("scopes", UNSET))

        def _parse_target_link_uri(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        target_link_uri = _parse_target_link_uri(d.pop("target_link_uri", UNSET))

        update_lti_tool = cls(
            custom=custom,
            deep_linking=deep_linking,
            enabled=enabled,
            jwks_url=jwks_url,
            login_url=login_url,
            name=name,
            public_jwk=public_jwk,
            redirect_uris=redirect_uris,
            scopes=scopes,
            target_link_uri=target_link_uri,
        )

        update_lti_tool.additional_properties = d
        return update_lti_tool

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
