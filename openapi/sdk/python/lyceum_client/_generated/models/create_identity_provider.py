from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateIdentityProvider")


@_attrs_define
class CreateIdentityProvider:
    """An OpenID Connect provider to sign the institution's people in.

    Example:
        {'allowed_domains': ['acme.edu'], 'client_id': '5b8e1f2a-lyceum', 'client_secret': 's3cr3t-from-the-provider',
            'create_role': 'learner', 'enabled': True, 'issuer':
            'https://login.microsoftonline.com/3f2a9c1e-0000-4000-8000-000000000000/v2.0', 'name': 'Acme Entra ID',
            'return_urls': ['https://learn.acme.edu/sso/done'], 'scopes': ['email', 'profile']}

    Attributes:
        client_id (str): The client id the provider issued for Lyceum. Register Lyceum's redirect URI,
            `{public URL}/v1/auth/sso/callback`, with the provider.
        client_secret (str): The client secret (write-only: never returned).
        issuer (str): The provider's issuer (https); its configuration is read from `{issuer}/.well-known/openid-
            configuration`.
        name (str): Shown on the sign-in page's button ("Sign in with ...").
        allowed_domains (list[str] | None | Unset): Email domains whose people may sign in (empty or absent: any).
        create_role (None | str | Unset): The role of people who sign in for the first time without an account:
            `learner`, `instructor` or
            `admin`; absent or `null`: nobody is created (people must exist, matched by verified email).
        enabled (bool | None | Unset): Default true.
        return_urls (list[str] | None | Unset): Where people may be sent after signing in (the `return_to` of the start
            URL): exact URLs, or
            prefixes ending with `/`. The institution's hosted pages are always allowed.
        scopes (list[str] | None | Unset): Scopes to request besides `openid` (default `email profile`).
    """

    client_id: str
    client_secret: str
    issuer: str
    name: str
    allowed_domains: list[str] | None | Unset = UNSET
    create_role: None | str | Unset = UNSET
    enabled: bool | None | Unset = UNSET
    return_urls: list[str] | None | Unset = UNSET
    scopes: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        client_secret = self.client_secret

        issuer = self.issuer

        name = self.name

        allowed_domains: list[str] | None | Unset
        if isinstance(self.allowed_domains, Unset):
            allowed_domains = UNSET
        elif isinstance(self.allowed_domains, list):
            allowed_domains = self.allowed_domains

        else:
            allowed_domains = self.allowed_domains

        create_role: None | str | Unset
        if isinstance(self.create_role, Unset):
            create_role = UNSET
        else:
            create_role = self.create_role

        enabled: bool | None | Unset
        if isinstance(self.enabled, Unset):
            enabled = UNSET
        else:
            enabled = self.enabled

        return_urls: list[str] | None | Unset
        if isinstance(self.return_urls, Unset):
            return_urls = UNSET
        elif isinstance(self.return_urls, list):
            return_urls = self.return_urls

        else:
            return_urls = self.return_urls

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
                "client_id": client_id,
                "client_secret": client_secret,
                "issuer": issuer,
                "name": name,
            }
        )
        if allowed_domains is not UNSET:
            field_dict["allowed_domains"] = allowed_domains
        if create_role is not UNSET:
            field_dict["create_role"] = create_role
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if return_urls is not UNSET:
            field_dict["return_urls"] = return_urls
        if scopes is not UNSET:
            field_dict["scopes"] = scopes

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        client_id = d.pop("client_id")

        client_secret = d.pop("client_secret")

        issuer = d.pop("issuer")

        name = d.pop("name")

        def _parse_allowed_domains(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                allowed_domains_type_0 = cast(list[str], data)

                return allowed_domains_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        allowed_domains = _parse_allowed_domains(d.pop("allowed_domains", UNSET))

        def _parse_create_role(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        create_role = _parse_create_role(d.pop("create_role", UNSET))

        def _parse_enabled(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        enabled = _parse_enabled(d.pop("enabled", UNSET))

        def _parse_return_urls(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                return_urls_type_0 = cast(list[str], data)

                return return_urls_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        return_urls = _parse_return_urls(d.pop("return_urls", UNSET))

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

        create_identity_provider = cls(
            client_id=client_id,
            client_secret=client_secret,
            issuer=issuer,
            name=name,
            allowed_domains=allowed_domains,
            create_role=create_role,
            enabled=enabled,
            return_urls=return_urls,
            scopes=scopes,
        )

        create_identity_provider.additional_properties = d
        return create_identity_provider

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
