from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.consent_status_view_policies import ConsentStatusViewPolicies
    from ..models.consent_view import ConsentView
    from ..models.outstanding_document import OutstandingDocument


T = TypeVar("T", bound="ConsentStatusView")


@_attrs_define
class ConsentStatusView:
    """What a person accepted, and what they still must accept before they next sign in.

    Example:
        {'consents': [{'accepted_at': '2026-02-01T08:00:00+00:00', 'accepted_via': 'login', 'id':
            '0193b0ac-a39e-7526-9b6c-e7f8093a4d5e', 'privacy_notice_version': '2025-01', 'terms_version': '3'}],
            'outstanding': [{'document': 'privacy_notice', 'url': 'https://acme.test/privacy', 'version': '2026-09'}],
            'policies': {'privacy_notice_url': 'https://acme.test/privacy', 'privacy_notice_version': '2026-09',
            'terms_url': 'https://acme.test/terms', 'terms_version': '3'}, 'user_id':
            '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22'}

    Attributes:
        consents (list[ConsentView]): Every acceptance, newest first.
        outstanding (list[OutstandingDocument]): Current documents not accepted yet (empty when all are).
        policies (ConsentStatusViewPolicies): The institution's current documents.
        user_id (UUID):
    """

    consents: list[ConsentView]
    outstanding: list[OutstandingDocument]
    policies: ConsentStatusViewPolicies
    user_id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        consents = []
        for consents_item_data in self.consents:
            consents_item = consents_item_data.to_dict()
            consents.append(consents_item)

        outstanding = []
        for outstanding_item_data in self.outstanding:
            outstanding_item = outstanding_item_data.to_dict()
            outstanding.append(outstanding_item)

        policies = self.policies.to_dict()

        user_id = str(self.user_id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "consents": consents,
                "outstanding": outstanding,
                "policies": policies,
                "user_id": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.consent_status_view_policies import ConsentStatusViewPolicies
        from ..models.consent_view import ConsentView
        from ..models.outstanding_document import OutstandingDocument

        d = dict(src_dict)
        consents = []
        _consents = d.pop("consents")
        for consents_item_data in _consents:
            consents_item = ConsentView.from_dict(consents_item_data)

            consents.append(consents_item)

        outstanding = []
        _outstanding = d.pop("outstanding")
        for outstanding_item_data in _outstanding:
            outstanding_item = OutstandingDocument.from_dict(outstanding_item_data)

            outstanding.append(outstanding_item)

        policies = ConsentStatusViewPolicies.from_dict(d.pop("policies"))

        user_id = UUID(d.pop("user_id"))

        consent_status_view = cls(
            consents=consents,
            outstanding=outstanding,
            policies=policies,
            user_id=user_id,
        )

        consent_status_view.additional_properties = d
        return consent_status_view

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
