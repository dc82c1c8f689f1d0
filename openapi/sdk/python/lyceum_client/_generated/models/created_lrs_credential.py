from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.lrs_credential_view import LrsCredentialView


T = TypeVar("T", bound="CreatedLrsCredential")


@_attrs_define
class CreatedLrsCredential:
    """The new credential: `secret` is the HTTP Basic password, shown only in this response.

    Example:
        {'credential': {'can_write': True, 'created_at': '2026-12-06T12:00:00+00:00', 'id':
            '0193a4c8-817c-7304-a94a-c5d6e7182b3c', 'key': 'lrs_0193a5b2c4d87e6f9a0b1c2d3e4f5a6b', 'last_used_at': None,
            'name': 'Authoring tool'}, 'endpoint': 'https://lyceum.example/xapi/', 'secret':
            'lyl_Q2hlbWlzdHJ5MTAxX2xyc19zZWNyZXRfZXhhbXBsZQAZOkwlseDDqfECtNbo8KEQ'}

    Attributes:
        credential (LrsCredentialView): An LRS credential (its secret is shown only when it is created). Example:
            {'can_write': True, 'created_at': '2026-12-06T12:00:00+00:00', 'id': '0193a4c8-817c-7304-a94a-c5d6e7182b3c',
            'key': 'lrs_0193a5b2c4d87e6f9a0b1c2d3e4f5a6b', 'last_used_at': None, 'name': 'Authoring tool'}.
        endpoint (str): The LRS endpoint to give xAPI clients.
        secret (str): The secret (`lyl_...`): store it now, Lyceum keeps only a hash.
    """

    credential: LrsCredentialView
    endpoint: str
    secret: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        credential = self.credential.to_dict()

        endpoint = self.endpoint

        secret = self.secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "credential": credential,
                "endpoint": endpoint,
                "secret": secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.lrs_credential_view import LrsCredentialView

        d = dict(src_dict)
        credential = LrsCredentialView.from_dict(d.pop("credential"))

        endpoint = d.pop("endpoint")

        secret = d.pop("secret")

        created_lrs_credential = cls(
            credential=credential,
            endpoint=endpoint,
            secret=secret,
        )

        created_lrs_credential.additional_properties = d
        return created_lrs_credential

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
