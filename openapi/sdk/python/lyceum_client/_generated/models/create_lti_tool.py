from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.create_lti_tool_custom_type_0 import CreateLtiToolCustomType0


T = TypeVar("T", bound="CreateLtiTool")


@_attrs_define
class CreateLtiTool:
    """An LTI 1.3 tool to register.

    Example:
        {'custom': {'theme': 'dark'}, 'deep_linking': True, 'enabled': True, 'jwks_url':
            'https://lab.example.com/lti/jwks', 'login_url': 'https://lab.example.com/lti/login', 'name': 'Coding Lab',
            'public_jwk': None, 'redirect_uris': ['https://lab.example.com/lti/launch'], 'scopes':
            ['https://purl.imsglobal.org/spec/lti-ags/scope/score'], 'target_link_uri':
            'https://lab.example.com/lti/launch'}

    Attributes:
        login_url (str): The tool's OIDC login initiation URL (third-party initiated login).
        name (str): Shown to staff when they add the tool to a course.
        target_link_uri (str): The tool's launch URL (`target_link_uri` of resource link launches).
        custom (CreateLtiToolCustomType0 | None | Unset): Custom parameters sent with every launch of the tool (names of
            letters, digits and `_`).
        deep_linking (bool | None | Unset): Whether staff may pick content in the tool (Deep Linking 2.0). Default
            false.
        enabled (bool | None | Unset): Default true.
        jwks_url (None | str | Unset): The tool's public key set (preferred: the tool can rotate its keys).
        public_jwk (Any | Unset): Or the tool's public RSA key as a JWK (`kty`, `n`, `e`, `kid`).
        redirect_uris (list[str] | None | Unset): The URIs the tool's authentication requests may name as `redirect_uri`
            (exact match); absent or
            empty: the target link URI only.
        scopes (list[str] | None | Unset): The LTI Advantage service scopes the tool may obtain tokens for: Assignment
            and Grade Services
            (`.../lti-ags/scope/lineitem`, `lineitem.readonly`, `result.readonly`, `score`) and Names and
            Role Provisioning (`.../lti-nrps/scope/contextmembership.readonly`). Default none.
    """

    login_url: str
    name: str
    target_link_uri: str
    custom: CreateLtiToolCustomType0 | None | Unset = UNSET
    deep_linking: bool | None | Unset = UNSET
    enabled: bool | None | Unset = UNSET
    jwks_url: None | str | Unset = UNSET
    public_jwk: Any | Unset = UNSET
    redirect_uris: list[str] | None | Unset = UNSET
    scopes: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.create_lti_tool_custom_type_0 import CreateLtiToolCustomType0

        login_url = self.login_url

        name = self.name

        target_link_uri = self.target_link_uri

        custom: dict[str, Any] | None | Unset
        if isinstance(self.custom, Unset):
            custom = UNSET
        elif isinstance(self.custom, CreateLtiToolCustomType0):
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

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "login_url": login_url,
                "name": name,
                "target_link_uri": target_link_uri,
            }
        )
        if custom is not UNSET:
            field_dict["custom"] = custom
        if deep_linking is not UNSET:
            field_dict["deep_linking"] = deep_linking
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if jwks_url is not UNSET:
            field_dict["jwks_url"] = jwks_url
        if public_jwk is not UNSET:
            field_dict["public_jwk"] = public_jwk
        if redirect_uris is not UNSET:
            field_dict["redirect_uris"] = redirect_uris
        if scopes is not UNSET:
            field_dict["scopes"] = scopes

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.create_lti_tool_custom_type_0 import CreateLtiToolCustomType0

        d = dict(src_dict)
        login_url = d.pop("login_url")

        name = d.pop("name")

        target_link_uri = d.pop("target_link_uri")

        def _parse_custom(data: object) -> CreateLtiToolCustomType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                custom_type_0 = CreateLtiToolCustomType0.from_dict(data)

                return custom_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CreateLtiToolCustomType0 | None | Unset, data)

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

        create_lti_tool = cls(
            login_url=login_url,
            name=name,
            target_link_uri=target_link_uri,
            custom=custom,
            deep_linking=deep_linking,
            enabled=enabled,
            jwks_url=jwks_url,
            public_jwk=public_jwk,
            redirect_uris=redirect_uris,
            scopes=scopes,
        )

        create_lti_tool.additional_properties = d
        return create_lti_tool

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
