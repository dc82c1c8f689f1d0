from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ErasureView")


@_attrs_define
class ErasureView:
    """What an erasure changed, per kind of record.

    Example:
        {'api_keys_revoked': 0, 'audit_events_redacted': 14, 'certificates_reissued': 1, 'credentials_removed': 1,
            'domain_events_redacted': 6, 'enrollments_dropped': 1, 'erased_at': '2026-12-11T10:00:00+00:00',
            'files_removed': 2, 'other_records_redacted': 2, 'sessions_ended': 2, 'submissions_cleared': 3, 'user_id':
            '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22', 'webhook_deliveries_redacted': 6}

    Attributes:
        api_keys_revoked (int):
        audit_events_redacted (int):
        certificates_reissued (int): Certificates signed again without the person's name (they still verify).
        credentials_removed (int): One-time codes, single sign-on links and idempotency records.
        domain_events_redacted (int):
        enrollments_dropped (int): Active enrollments, dropped (their seats are freed).
        erased_at (datetime.datetime):
        files_removed (int):
        other_records_redacted (int): Operations, jobs, Stripe's events, support staff's actions, grade histories, quiz
            answers,
            feedback, file names and the institution's settings.
        sessions_ended (int):
        submissions_cleared (int): Submissions whose text and link were removed (their grades stay).
        user_id (UUID): The person's id: their account stays as a pseudonym (`status: erased`) so reports stay whole.
        webhook_deliveries_redacted (int):
    """

    api_keys_revoked: int
    audit_events_redacted: int
    certificates_reissued: int
    credentials_removed: int
    domain_events_redacted: int
    enrollments_dropped: int
    erased_at: datetime.datetime
    files_removed: int
    other_records_redacted: int
    sessions_ended: int
    submissions_cleared: int
    user_id: UUID
    webhook_deliveries_redacted: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        api_keys_revoked = self.api_keys_revoked

        audit_events_redacted = self.audit_events_redacted

        certificates_reissued = self.certificates_reissued

        credentials_removed = self.credentials_removed

        domain_events_redacted = self.domain_events_redacted

        enrollments_dropped = self.enrollments_dropped

        erased_at = self.erased_at.isoformat()

        files_removed = self.files_removed

        other_records_redacted = self.other_records_redacted

        sessions_ended = self.sessions_ended

        submissions_cleared = self.submissions_cleared

        user_id = str(self.user_id)

        webhook_deliveries_redacted = self.webhook_deliveries_redacted

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "api_keys_revoked": api_keys_revoked,
                "audit_events_redacted": audit_events_redacted,
                "certificates_reissued": certificates_reissued,
                "credentials_removed": credentials_removed,
                "domain_events_redacted": domain_events_redacted,
                "enrollments_dropped": enrollments_dropped,
                "erased_at": erased_at,
                "files_removed": files_removed,
                "other_records_redacted": other_records_redacted,
                "sessions_ended": sessions_ended,
                "submissions_cleared": submissions_cleared,
                "user_id": user_id,
                "webhook_deliveries_redacted": webhook_deliveries_redacted,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        api_keys_revoked = d.pop("api_keys_revoked")

        audit_events_redacted = d.pop("audit_events_redacted")

        certificates_reissued = d.pop("certificates_reissued")

        credentials_removed = d.pop("credentials_removed")

        domain_events_redacted = d.pop("domain_events_redacted")

        enrollments_dropped = d.pop("enrollments_dropped")

        erased_at = datetime.datetime.fromisoformat(d.pop("erased_at"))

        files_removed = d.pop("files_removed")

        other_records_redacted = d.pop("other_records_redacted")

        sessions_ended = d.pop("sessions_ended")

        submissions_cleared = d.pop("submissions_cleared")

        user_id = UUID(d.pop("user_id"))

        webhook_deliveries_redacted = d.pop("webhook_deliveries_redacted")

        erasure_view = cls(
            api_keys_revoked=api_keys_revoked,
            audit_events_redacted=audit_events_redacted,
            certificates_reissued=certificates_reissued,
            credentials_removed=credentials_removed,
            domain_events_redacted=domain_events_redacted,
            enrollments_dropped=enrollments_dropped,
            erased_at=erased_at,
            files_removed=files_removed,
            other_records_redacted=other_records_redacted,
            sessions_ended=sessions_ended,
            submissions_cleared=submissions_cleared,
            user_id=user_id,
            webhook_deliveries_redacted=webhook_deliveries_redacted,
        )

        erasure_view.additional_properties = d
        return erasure_view

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
