from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.lti_lesson_view_custom import LtiLessonViewCustom


T = TypeVar("T", bound="LtiLessonView")


@_attrs_define
class LtiLessonView:
    """An `lti` lesson's tool and launch settings.

    Attributes:
        custom (LtiLessonViewCustom):
        tool_id (UUID):
        target_link_uri (None | str | Unset): The tool's URL for this lesson; absent: the tool's target link URI.
    """

    custom: LtiLessonViewCustom
    tool_id: UUID
    target_link_uri: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        custom = self.custom.to_dict()

        tool_id = str(self.tool_id)

        target_link_uri: None | str | Unset
        if isinstance(self.target_link_uri, Unset):
            target_link_uri = UNSET
        else:
            target_link_uri = self.target_link_uri

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "custom": custom,
                "tool_id": tool_id,
            }
        )
        if target_link_uri is not UNSET:
            field_dict["target_link_uri"] = target_link_uri

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.lti_lesson_view_custom import LtiLessonViewCustom

        d = dict(src_dict)
        custom = LtiLessonViewCustom.from_dict(d.pop("custom"))

        tool_id = UUID(d.pop("tool_id"))

        def _parse_target_link_uri(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        target_link_uri = _parse_target_link_uri(d.pop("target_link_uri", UNSET))

        lti_lesson_view = cls(
            custom=custom,
            tool_id=tool_id,
            target_link_uri=target_link_uri,
        )

        lti_lesson_view.additional_properties = d
        return lti_lesson_view

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
