from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateRetention")


@_attrs_define
class UpdateRetention:
    """New periods, in days, for the categories named; `null` goes back to the default. Each must lie within
    the category's minimum and maximum (`GET /v1/retention`).

        Example:
            {'audit_events': 1095, 'inactive_learners': 730, 'sessions': None, 'webhook_deliveries': 14}

        Attributes:
            audit_events (int | None | Unset):
            domain_events (int | None | Unset):
            idempotency_records (int | None | Unset): Fixed at 1 day (a retried request must find its record for 24 hours):
                any value is refused.
            inactive_learners (int | None | Unset): Learners who have neither signed in nor learned for this many days are
                erased (`null`: off,
                the default).
            operations (int | None | Unset):
            sessions (int | None | Unset):
            stripe_events (int | None | Unset):
            webhook_deliveries (int | None | Unset):
    """

    audit_events: int | None | Unset = UNSET
    domain_events: int | None | Unset = UNSET
    idempotency_records: int | None | Unset = UNSET
    inactive_learners: int | None | Unset = UNSET
    operations: int | None | Unset = UNSET
    sessions: int | None | Unset = UNSET
    stripe_events: int | None | Unset = UNSET
    webhook_deliveries: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        audit_events: int | None | Unset
        if isinstance(self.audit_events, Unset):
            audit_events = UNSET
        else:
            audit_events = self.audit_events

        domain_events: int | None | Unset
        if isinstance(self.domain_events, Unset):
            domain_events = UNSET
        else:
            domain_events = self.domain_events

        idempotency_records: int | None | Unset
        if isinstance(self.idempotency_records, Unset):
            idempotency_records = UNSET
        else:
            idempotency_records = self.idempotency_records

        inactive_learners: int | None | Unset
        if isinstance(self.inactive_learners, Unset):
            inactive_learners = UNSET
        else:
            inactive_learners = self.inactive_learners

        operations: int | None | Unset
        if isinstance(self.operations, Unset):
            operations = UNSET
        else:
            operations = self.operations

        sessions: int | None | Unset
        if isinstance(self.sessions, Unset):
            sessions = UNSET
        else:
            sessions = self.sessions

        stripe_events: int | None | Unset
        if isinstance(self.stripe_events, Unset):
            stripe_events = UNSET
        else:
            stripe_events = self.stripe_events

        webhook_deliveries: int | None | Unset
        if isinstance(self.webhook_deliveries, Unset):
            webhook_deliveries = UNSET
        else:
            webhook_deliveries = self.webhook_deliveries

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if audit_events is not UNSET:
            field_dict["audit_events"] = audit_events
        if domain_events is not UNSET:
            field_dict["domain_events"] = domain_events
        if idempotency_records is not UNSET:
            field_dict["idempotency_records"] = idempotency_records
        if inactive_learners is not UNSET:
            field_dict["inactive_learners"] = inactive_learners
        if operations is not UNSET:
            field_dict["operations"] = operations
        if sessions is not UNSET:
            field_dict["sessions"] = sessions
        if stripe_events is not UNSET:
            field_dict["stripe_events"] = stripe_events
        if webhook_deliveries is not UNSET:
            field_dict["webhook_deliveries"] = webhook_deliveries

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_audit_events(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        audit_events = _parse_audit_events(d.pop("audit_events", UNSET))

        def _parse_domain_events(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        domain_events = _parse_domain_events(d.pop("domain_events", UNSET))

        def _parse_idempotency_records(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        idempotency_records = _parse_idempotency_records(
            d.pop("idempotency_records", UNSET)
        )

        def _parse_inactive_learners(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        inactive_learners = _parse_inactive_learners(d.pop("inactive_learners", UNSET))

        def _parse_operations(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        operations = _parse_operations(d.pop("operations", UNSET))

        def _parse_sessions(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        sessions = _parse_sessions(d.pop("sessions", UNSET))

        def _parse_stripe_events(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        stripe_events = _parse_stripe_events(d.pop("stripe_events", UNSET))

        def _parse_webhook_deliveries(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        webhook_deliveries = _parse_webhook_deliveries(
            d.pop("webhook_deliveries", UNSET)
        )

        update_retention = cls(
            audit_events=audit_events,
            domain_events=domain_events,
            idempotency_records=idempotency_records,
            inactive_learners=inactive_learners,
            operations=operations,
            sessions=sessions,
            stripe_events=stripe_events,
            webhook_deliveries=webhook_deliveries,
        )

        update_retention.additional_properties = d
        return update_retention

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
