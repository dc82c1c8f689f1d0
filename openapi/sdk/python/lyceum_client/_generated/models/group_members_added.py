from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="GroupMembersAdded")


@_attrs_define
class GroupMembersAdded:
    """What adding members did. New members are enrolled in the group's courses at once (see
    `GET /v1/groups/{id}/courses` for anyone who could not be).

        Example:
            {'added': ['0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22'], 'unchanged': []}

        Attributes:
            added (list[UUID]):
            unchanged (list[UUID]): Already members: nothing changed.
    """

    added: list[UUID]
    unchanged: list[UUID]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        added = []
        for added_item_data in self.added:
            added_item = str(added_item_data)
            added.append(added_item)

        unchanged = []
        for unchanged_item_data in self.unchanged:
            unchanged_item = str(unchanged_item_data)
            unchanged.append(unchanged_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "added": added,
                "unchanged": unchanged,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        added = []
        _added = d.pop("added")
        for added_item_data in _added:
            added_item = UUID(added_item_data)

            added.append(added_item)

        unchanged = []
        _unchanged = d.pop("unchanged")
        for unchanged_item_data in _unchanged:
            unchanged_item = UUID(unchanged_item_data)

            unchanged.append(unchanged_item)

        group_members_added = cls(
            added=added,
            unchanged=unchanged,
        )

        group_members_added.additional_properties = d
        return group_members_added

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
