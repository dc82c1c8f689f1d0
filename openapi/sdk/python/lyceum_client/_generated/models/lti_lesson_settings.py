from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.lti_lesson_settings_custom_type_0 import LtiLessonSettingsCustomType0


T = TypeVar("T", bound="LtiLessonSettings")


@_attrs_define
class LtiLessonSettings:
    """An `lti` lesson's settings as sent: the tool (one of the institution's, `/v1/lti/tools`), custom
    parameters for this lesson's launches (over the tool's own), and the tool's URL for this lesson
    (absent: the tool's target link URI). On an update the fields given replace the current ones
    (`null` clears `target_link_uri`).

        Attributes:
            custom (LtiLessonSettingsCustomType0 | None | Unset):
            target_link_uri (None | str | Unset):
            tool_id (None | Unset | UUID):
    """

    custom: LtiLessonSettingsCustomType0 | None | Unset = UNSET
    target_link_uri: None | str | Unset = UNSET
    tool_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.lti_lesson_settings_custom_type_0 import (
            LtiLessonSettingsCustomType0,
        )

        custom: dict[str, Any] | None | Unset
        if isinstance(self.custom, Unset):
            custom = UNSET
        elif isinstance(self.custom, LtiLessonSettingsCustomType0):
            custom = self.custom.to_dict()
        else:
            custom = self.custom

        target_link_uri: None | str | Unset
        if isinstance(self.target_link_uri, Unset):
            target_link_uri = UNSET
        else:
            target_link_uri = self.target_link_uri

        tool_id: None | str | Unset
        if isinstance(self.tool_id, Unset):
            tool_id = UNSET
        elif isinstance(self.tool_id, UUID):
            tool_id = str(self.tool_id)
        else:
            tool_id = self.tool_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if custom is not UNSET:
            field_dict["custom"] = custom
        if target_link_uri is not UNSET:
            field_dict["target_link_uri"] = target_link_uri
        if tool_id is not UNSET:
            field_dict["tool_id"] = tool_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.lti_lesson_settings_custom_type_0 import (
            LtiLessonSettingsCustomType0,
        )

        d = dict(src_dict)

        def _parse_custom(data: object) -> LtiLessonSettingsCustomType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                custom_type_0 = LtiLessonSettingsCustomType0.from_dict(data)

                return custom_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LtiLessonSettingsCustomType0 | None | Unset, data)

        custom = _parse_custom(d.pop("custom", UNSET))

        def _parse_target_link_uri(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        target_link_uri = _parse_target_link_uri(d.pop("target_link_uri", UNSET))

        def _parse_tool_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                tool_id_type_0 = UUID(data)

                return tool_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        tool_id = _parse_tool_id(d.pop("tool_id", UNSET))

        lti_lesson_settings = cls(
            custom=custom,
            target_link_uri=target_link_uri,
            tool_id=tool_id,
        )

        lti_lesson_settings.additional_properties = d
        return lti_lesson_settings

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
