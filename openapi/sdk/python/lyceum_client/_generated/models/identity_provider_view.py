from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="IdentityProviderView")


@_attrs_define
class IdentityProviderView:
    """An identity provider (the client secret is never shown).

    Example:
        {'allowed_domains': ['acme.edu'], 'client_id': '5b8e1f2a-lyceum', 'create_role': 'learner', 'created_at':
            '2026-12-01T09:00:00+00:00', 'enabled': True, 'id': '0193c0de-1a2b-7c3d-8e4f-5a6b7c8d9e0f', 'issuer':
            'https://login.microsoftonline.com/3f2a9c1e-0000-4000-8000-000000000000/v2.0', 'name': 'Acme Entra ID',
            'redirect_uri': 'https://lyceum.example/v1/auth/sso/callback', 'return_urls':
            ['https://learn.acme.edu/sso/done'], 'scopes': ['openid', 'email', 'profile'], 'updated_at':
            '2026-12-01T09:00:00+00:00', 'version': 1}

    Attributes:
        allowed_domains (list[str]):
        client_id (str):
        created_at (datetime.datetime):
        enabled (bool):
        id (UUID):
        issuer (str):
        name (str):
        redirect_uri (str): Register this with the provider as the redirect URI.
        return_urls (list[str]):
        scopes (list[str]): Requested scopes, `openid` first.
        updated_at (datetime.datetime):
        version (int): Increases with every change; compare with `If-Match`.
        create_role (None | str | Unset):
    """

    allowed_domains: list[str]
    client_id: str
    created_at: datetime.datetime
    enabled: bool
    id: UUID
    issuer: str
    name: str
    redirect_uri: str
    return_urls: list[str]
    scopes: list[str]
    updated_at: datetime.datetime
    version: int
    create_role: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allowed_domains = self.allowed_domains

        client_id = self.client_id

        created_at = self.created_at.isoformat()

        enabled = self.enabled

        id = str(self.id)

        issuer = self.issuer

        name = self.name

        redirect_uri = self.redirect_uri

        return_urls = self.return_urls

        scopes = self.scopes

        updated_at = self.updated_at.isoformat()

        version = self.version

        create_role: None | str | Unset
        if isinstance(self.create_role, Unset):
            create_role = UNSET
        else:
            create_role = self.create_role

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allowed_domains": allowed_domains,
                "client_id": client_id,
                "created_at": created_at,
                "enabled": enabled,
                "id": id,
                "issuer": issuer,
                "name": name,
                "redirect_uri": redirect_uri,
                "return_urls": return_urls,
                "scopes": scopes,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if create_role is not UNSET:
            field_dict["create_role"] = create_role

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        allowed_domains = cast(list[str], d.pop("allowed_domains"))

        client_id = d.pop("client_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        enabled = d.pop("enabled")

        id = UUID(d.pop("id"))

        issuer = d.pop("issuer")

        name = d.pop("name")

        redirect_uri = d.pop("redirect_uri")

        return_urls = cast(list[str], d.pop("return_urls"))

        scopes = cast(list[str], d.pop("scopes"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        def _parse_create_role(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        create_role = _parse_create_role(d.pop("create_role", UNSET))

        identity_provider_view = cls(
            allowed_domains=allowed_domains,
            client_id=client_id,
            created_at=created_at,
            enabled=enabled,
            id=id,
            issuer=issuer,
            name=name,
            redirect_uri=redirect_uri,
            return_urls=return_urls,
            scopes=scopes,
            updated_at=updated_at,
            version=version,
            create_role=create_role,
        )

        identity_provider_view.additional_properties = d
        return identity_provider_view

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
