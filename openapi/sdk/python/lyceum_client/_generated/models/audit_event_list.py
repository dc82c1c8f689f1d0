from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.audit_event_view import AuditEventView


T = TypeVar("T", bound="AuditEventList")


@_attrs_define
class AuditEventList:
    """A page of audit events.

    Example:
        {'items': [{'action': 'user.updated', 'actor_id': '0193a4c2-5b20-7a01-8c3d-1e2f3a4b5c6d', 'actor_type': 'user',
            'created_at': '2026-11-29T09:12:44+00:00', 'id': '0193b0ac-a39e-7526-9b6c-e7f8093a4d5e', 'ip': '203.0.113.7',
            'metadata': {'changes': {'role': {'from': 'learner', 'to': 'instructor'}}}, 'request_id':
            '0193b0ac-a39d-7f00-8a11-0b2c3d4e5f60', 'target_id': '0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22', 'target_type':
            'user'}], 'next_cursor': 'eyJrIjoiMjAyNi0xMS0yMFQxNDowNTowMFoiLCJpZCI6IjAxOTNhNGMzIn0'}

    Attributes:
        items (list[AuditEventView]):
        next_cursor (None | str | Unset): Pass as `cursor` to get the next page; `null` on the last page.
    """

    items: list[AuditEventView]
    next_cursor: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        next_cursor: None | str | Unset
        if isinstance(self.next_cursor, Unset):
            next_cursor = UNSET
        else:
            next_cursor = self.next_cursor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "items": items,
            }
        )
        if next_cursor is not UNSET:
            field_dict["next_cursor"] = next_cursor

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.audit_event_view import AuditEventView

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = AuditEventView.from_dict(items_item_data)

            items.append(items_item)

        def _parse_next_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor", UNSET))

        audit_event_list = cls(
            items=items,
            next_cursor=next_cursor,
        )

        audit_event_list.additional_properties = d
        return audit_event_list

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
