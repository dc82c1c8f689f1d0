from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SubscriptionView")


@_attrs_define
class SubscriptionView:
    """The institution's billing state, as Lyceum last heard it from Stripe.

    Example:
        {'cancel_at_period_end': False, 'current_period_end': '2026-01-01T00:00:00+00:00', 'customer_id':
            'cus_QXg1o8vcGmoR32', 'plan': 'growth', 'read_only': False, 'seat_limit': 150, 'seats': 150, 'seats_used': 87,
            'status': 'active', 'subscription_id': 'sub_1Pgc6rB7WZ01zgkWNy0Cn5nw', 'subscription_status': 'active',
            'trial_ends_at': None}

    Attributes:
        cancel_at_period_end (bool): The subscription ends at `current_period_end`.
        plan (str):
        read_only (bool): Writes are refused (402 `subscription_required`) until the institution subscribes again.
        seat_limit (int): Learners with an active enrollment the institution may have.
        seats_used (int):
        status (str): The institution's status: `trialing`, `active`, `past_due`, `canceled` (read-only) or `suspended`.
        subscription_status (str): Stripe's status of the subscription (`active`, `past_due`, `canceled`, ...), `none`
            before the first.
        current_period_end (datetime.datetime | None | Unset):
        customer_id (None | str | Unset): Stripe customer id (`cus_...`).
        seats (int | None | Unset): Seats paid for.
        subscription_id (None | str | Unset): Stripe subscription id (`sub_...`).
        trial_ends_at (datetime.datetime | None | Unset):
    """

    cancel_at_period_end: bool
    plan: str
    read_only: bool
    seat_limit: int
    seats_used: int
    status: str
    subscription_status: str
    current_period_end: datetime.datetime | None | Unset = UNSET
    customer_id: None | str | Unset = UNSET
    seats: int | None | Unset = UNSET
    subscription_id: None | str | Unset = UNSET
    trial_ends_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cancel_at_period_end = self.cancel_at_period_end

        plan = self.plan

        read_only = self.read_only

        seat_limit = self.seat_limit

        seats_used = self.seats_used

        status = self.status

        subscription_status = self.subscription_status

        current_period_end: None | str | Unset
        if isinstance(self.current_period_end, Unset):
            current_period_end = UNSET
        elif isinstance(self.current_period_end, datetime.datetime):
            current_period_end = self.current_period_end.isoformat()
        else:
            current_period_end = self.current_period_end

        customer_id: None | str | Unset
        if isinstance(self.customer_id, Unset):
            customer_id = UNSET
        else:
            customer_id = self.customer_id

        seats: int | None | Unset
        if isinstance(self.seats, Unset):
            seats = UNSET
        else:
            seats = self.seats

        subscription_id: None | str | Unset
        if isinstance(self.subscription_id, Unset):
            subscription_id = UNSET
        else:
            subscription_id = self.subscription_id

        trial_ends_at: None | str | Unset
        if isinstance(self.trial_ends_at, Unset):
            trial_ends_at = UNSET
        elif isinstance(self.trial_ends_at, datetime.datetime):
            trial_ends_at = self.trial_ends_at.isoformat()
        else:
            trial_ends_at = self.trial_ends_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cancel_at_period_end": cancel_at_period_end,
                "plan": plan,
                "read_only": read_only,
                "seat_limit": seat_limit,
                "seats_used": seats_used,
                "status": status,
                "subscription_status": subscription_status,
            }
        )
        if current_period_end is not UNSET:
            field_dict["current_period_end"] = current_period_end
        if customer_id is not UNSET:
            field_dict["customer_id"] = customer_id
        if seats is not UNSET:
            field_dict["seats"] = seats
        if subscription_id is not UNSET:
            field_dict["subscription_id"] = subscription_id
        if trial_ends_at is not UNSET:
            field_dict["trial_ends_at"] = trial_ends_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        cancel_at_period_end = d.pop("cancel_at_period_end")

        plan = d.pop("plan")

        read_only = d.pop("read_only")

        seat_limit = d.pop("seat_limit")

        seats_used = d.pop("seats_used")

        status = d.pop("status")

        subscription_status = d.pop("subscription_status")

        def _parse_current_period_end(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                current_period_end_type_0 = datetime.datetime.fromisoformat(data)

                return current_period_end_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        current_period_end = _parse_current_period_end(
            d.pop("current_period_end", UNSET)
        )

        def _parse_customer_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        customer_id = _parse_customer_id(d.pop("customer_id", UNSET))

        def _parse_seats(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        seats = _parse_seats(d.pop("seats", UNSET))

        def _parse_subscription_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        subscription_id = _parse_subscription_id(d.pop("subscription_id", UNSET))

        def _parse_trial_ends_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                trial_ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return trial_ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        trial_ends_at = _parse_trial_ends_at(d.pop("trial_ends_at", UNSET))

        subscription_view = cls(
            cancel_at_period_end=cancel_at_period_end,
            plan=plan,
            read_only=read_only,
            seat_limit=seat_limit,
            seats_used=seats_used,
            status=status,
            subscription_status=subscription_status,
            current_period_end=current_period_end,
            customer_id=customer_id,
            seats=seats,
            subscription_id=subscription_id,
            trial_ends_at=trial_ends_at,
        )

        subscription_view.additional_properties = d
        return subscription_view

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
