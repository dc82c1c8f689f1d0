from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateLrsCredential")


@_attrs_define
class CreateLrsCredential:
    """A credential to create.

    Example:
        {'can_write': True, 'name': 'Authoring tool'}

    Attributes:
        name (str): What the credential is for (1-100 characters); the `name` of its statements' `authority`.
        can_write (bool | None | Unset): Whether it may write statements and documents (default `true`); `false` makes a
            read-only one. Default: True.
    """

    name: str
    can_write: bool | None | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        can_write: bool | None | Unset
        if isinstance(self.can_write, Unset):
            can_write = UNSET
        else:
            can_write = self.can_write

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
            }
        )
        if can_write is not UNSET:
            field_dict["can_write"] = can_write

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_can_write(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        can_write = _parse_can_write(d.pop("can_write", UNSET))

        create_lrs_credential = cls(
            name=name,
            can_write=can_write,
        )

        create_lrs_credential.additional_properties = d
        return create_lrs_credential

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
