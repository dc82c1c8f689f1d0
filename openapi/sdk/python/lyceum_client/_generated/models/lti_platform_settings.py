from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LtiPlatformSettings")


@_attrs_define
class LtiPlatformSettings:
    """What to paste into the tool's configuration: Lyceum's side of the registration.

    Example:
        {'authorization_url': 'https://lyceum.example/v1/lti/platforms/0193c0de-0000-7000-8000-000000000001/authorize',
            'client_id': '6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', 'deployment_id': '2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901',
            'issuer': 'https://lyceum.example/v1/lti/platforms/0193c0de-0000-7000-8000-000000000001', 'jwks_url':
            'https://lyceum.example/v1/lti/platforms/0193c0de-0000-7000-8000-000000000001/jwks', 'token_url':
            'https://lyceum.example/v1/lti/platforms/0193c0de-0000-7000-8000-000000000001/token'}

    Attributes:
        authorization_url (str): The OIDC authorization endpoint (the tool's authentication requests go here).
        client_id (str): The client id Lyceum issued to the tool.
        deployment_id (str): The deployment id of the tool in this institution.
        issuer (str): The issuer (`iss`) of Lyceum's messages for this institution.
        jwks_url (str): Lyceum's public keys for this institution.
        token_url (str): The OAuth 2.0 token endpoint for the LTI Advantage services (client credentials with a signed
            JWT client assertion).
    """

    authorization_url: str
    client_id: str
    deployment_id: str
    issuer: str
    jwks_url: str
    token_url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        authorization_url = self.authorization_url

        client_id = self.client_id

        deployment_id = self.deployment_id

        issuer = self.issuer

        jwks_url = self.jwks_url

        token_url = self.token_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "authorization_url": authorization_url,
                "client_id": client_id,
                "deployment_id": deployment_id,
                "issuer": issuer,
                "jwks_url": jwks_url,
                "token_url": token_url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        authorization_url = d.pop("authorization_url")

        client_id = d.pop("client_id")

        deployment_id = d.pop("deployment_id")

        issuer = d.pop("issuer")

        jwks_url = d.pop("jwks_url")

        token_url = d.pop("token_url")

        lti_platform_settings = cls(
            authorization_url=authorization_url,
            client_id=client_id,
            deployment_id=deployment_id,
            issuer=issuer,
            jwks_url=jwks_url,
            token_url=token_url,
        )

        lti_platform_settings.additional_properties = d
        return lti_platform_settings

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
