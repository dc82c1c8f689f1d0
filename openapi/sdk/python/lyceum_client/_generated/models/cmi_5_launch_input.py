from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Cmi5LaunchInput")


@_attrs_define
class Cmi5LaunchInput:
    """How to launch.

    Example:
        {'launch_mode': 'Normal', 'return_url': 'https://learn.example.edu/courses/chemistry'}

    Attributes:
        launch_mode (None | str | Unset): `Normal` (the default: the AU records completion and success), `Browse` or
            `Review`.
        return_url (None | str | Unset): Where the AU sends the learner when it ends (`returnURL` of `LMS.LaunchData`).
    """

    launch_mode: None | str | Unset = UNSET
    return_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        launch_mode: None | str | Unset
        if isinstance(self.launch_mode, Unset):
            launch_mode = UNSET
        else:
            launch_mode = self.launch_mode

        return_url: None | str | Unset
        if isinstance(self.return_url, Unset):
            return_url = UNSET
        else:
            return_url = self.return_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if launch_mode is not UNSET:
            field_dict["launch_mode"] = launch_mode
        if return_url is not UNSET:
            field_dict["return_url"] = return_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_launch_mode(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        launch_mode = _parse_launch_mode(d.pop("launch_mode", UNSET))

        def _parse_return_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        return_url = _parse_return_url(d.pop("return_url", UNSET))

        cmi_5_launch_input = cls(
            launch_mode=launch_mode,
            return_url=return_url,
        )

        cmi_5_launch_input.additional_properties = d
        return cmi_5_launch_input

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
