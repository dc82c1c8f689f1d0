from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RetentionCategoryView")


@_attrs_define
class RetentionCategoryView:
    """One kind of record and how long it is kept.

    Example:
        {'category': 'audit_events', 'chosen': True, 'days': 1095, 'default_days': 730, 'maximum_days': 3650,
            'measured_from': 'when the event was recorded', 'minimum_days': 365, 'removed': 1532}

    Attributes:
        category (str): `audit_events`, `domain_events`, `webhook_deliveries`, `sessions`, `idempotency_records`,
            `operations`, `stripe_events` or `inactive_learners` (0 days: off).
        chosen (bool): Whether the institution chose `days` (else it is the default).
        days (int): The period that applies, in days: the institution's choice, else the default.
        default_days (int):
        maximum_days (int): The longest period the platform allows (equal to the minimum: fixed for every institution).
        measured_from (str): What "older than `days`" is measured from.
        minimum_days (int): The shortest period the platform allows.
        removed (int): Records of this kind removed since the institution's first retention run.
    """

    category: str
    chosen: bool
    days: int
    default_days: int
    maximum_days: int
    measured_from: str
    minimum_days: int
    removed: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        chosen = self.chosen

        days = self.days

        default_days = self.default_days

        maximum_days = self.maximum_days

        measured_from = self.measured_from

        minimum_days = self.minimum_days

        removed = self.removed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "chosen": chosen,
                "days": days,
                "default_days": default_days,
                "maximum_days": maximum_days,
                "measured_from": measured_from,
                "minimum_days": minimum_days,
                "removed": removed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        category = d.pop("category")

        chosen = d.pop("chosen")

        days = d.pop("days")

        default_days = d.pop("default_days")

        maximum_days = d.pop("maximum_days")

        measured_from = d.pop("measured_from")

        minimum_days = d.pop("minimum_days")

        removed = d.pop("removed")

        retention_category_view = cls(
            category=category,
            chosen=chosen,
            days=days,
            default_days=default_days,
            maximum_days=maximum_days,
            measured_from=measured_from,
            minimum_days=minimum_days,
            removed=removed,
        )

        retention_category_view.additional_properties = d
        return retention_category_view

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
