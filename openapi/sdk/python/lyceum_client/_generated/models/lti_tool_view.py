from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.lti_tool_view_custom import LtiToolViewCustom
    from ..models.lti_tool_view_platform import LtiToolViewPlatform


T = TypeVar("T", bound="LtiToolView")


@_attrs_define
class LtiToolView:
    """A registered LTI tool.

    Example:
        {'created_at': '2026-12-13T09:00:00+00:00', 'custom': {'theme': 'dark'}, 'deep_linking': True, 'enabled': True,
            'id': '0193c0de-1a2b-7c3d-8e4f-5a6b7c8d9e10', 'jwks_url': 'https://lab.example.com/lti/jwks', 'login_url':
            'https://lab.example.com/lti/login', 'name': 'Coding Lab', 'platform': {'authorization_url':
            'https://lyceum.example/v1/lti/platforms/0193c0de-0000-7000-8000-000000000001/authorize', 'client_id':
            '6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', 'deployment_id': '2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901', 'issuer':
            'https://lyceum.example/v1/lti/platforms/0193c0de-0000-7000-8000-000000000001', 'jwks_url':
            'https://lyceum.example/v1/lti/platforms/0193c0de-0000-7000-8000-000000000001/jwks', 'token_url':
            'https://lyceum.example/v1/lti/platforms/0193c0de-0000-7000-8000-000000000001/token'}, 'public_jwk': None,
            'redirect_uris': ['https://lab.example.com/lti/launch'], 'scopes': ['https://purl.imsglobal.org/spec/lti-
            ags/scope/score'], 'target_link_uri': 'https://lab.example.com/lti/launch', 'updated_at':
            '2026-12-13T09:00:00+00:00', 'version': 1}

    Attributes:
        created_at (datetime.datetime):
        custom (LtiToolViewCustom):
        deep_linking (bool):
        enabled (bool):
        id (UUID):
        login_url (str):
        name (str):
        platform (LtiToolViewPlatform): Lyceum's side: client id, deployment id and endpoints, for the tool's
            configuration.
        redirect_uris (list[str]):
        scopes (list[str]):
        target_link_uri (str):
        updated_at (datetime.datetime):
        version (int): Increases with every change; compare with `If-Match`.
        jwks_url (None | str | Unset):
        public_jwk (Any | Unset):
    """

    created_at: datetime.datetime
    custom: LtiToolViewCustom
    deep_linking: bool
    enabled: bool
    id: UUID
    login_url: str
    name: str
    platform: LtiToolViewPlatform
    redirect_uris: list[str]
    scopes: list[str]
    target_link_uri: str
    updated_at: datetime.datetime
    version: int
    jwks_url: None | str | Unset = UNSET
    public_jwk: Any | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        custom = self.custom.to_dict()

        deep_linking = self.deep_linking

        enabled = self.enabled

        id = str(self.id)

        login_url = self.login_url

        name = self.name

        platform = self.platform.to_dict()

        redirect_uris = self.redirect_uris

        scopes = self.scopes

        target_link_uri = self.target_link_uri

        updated_at = self.updated_at.isoformat()

        version = self.version

        jwks_url: None | str | Unset
        if isinstance(self.jwks_url, Unset):
            jwks_url = UNSET
        else:
            jwks_url = self.jwks_url

        public_jwk = self.public_jwk

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "custom": custom,
                "deep_linking": deep_linking,
                "enabled": enabled,
                "id": id,
                "login_url": login_url,
                "name": name,
                "platform": platform,
                "redirect_uris": redirect_uris,
                "scopes": scopes,
                "target_link_uri": target_link_uri,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if jwks_url is not UNSET:
            field_dict["jwks_url"] = jwks_url
        if public_jwk is not UNSET:
            field_dict["public_jwk"] = public_jwk

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.lti_tool_view_custom import LtiToolViewCustom
        from ..models.lti_tool_view_platform import LtiToolViewPlatform

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        custom = LtiToolViewCustom.from_dict(d.pop("custom"))

        deep_linking = d.pop("deep_linking")

        enabled = d.pop("enabled")

        id = UUID(d.pop("id"))

        login_url = d.pop("login_url")

        name = d.pop("name")

        platform = LtiToolViewPlatform.from_dict(d.pop("platform"))

        redirect_uris = cast(list[str], d.pop("redirect_uris"))

        scopes = cast(list[str], d.pop("scopes"))

        target_link_uri = d.pop("target_link_uri")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        def _parse_jwks_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        jwks_url = _parse_jwks_url(d.pop("jwks_url", UNSET))

        public_jwk = d.pop("public_jwk", UNSET)

        lti_tool_view = cls(
            created_at=created_at,
            custom=custom,
            deep_linking=deep_linking,
            enabled=enabled,
            id=id,
            login_url=login_url,
            name=name,
            platform=platform,
            redirect_uris=redirect_uris,
            scopes=scopes,
            target_link_uri=target_link_uri,
            updated_at=updated_at,
            version=version,
            jwks_url=jwks_url,
            public_jwk=public_jwk,
        )

        lti_tool_view.additional_properties = d
        return lti_tool_view

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
