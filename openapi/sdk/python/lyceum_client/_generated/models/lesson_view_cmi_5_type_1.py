from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LessonViewCmi5Type1")


@_attrs_define
class LessonViewCmi5Type1:
    """
    Attributes:
        activity_id (str): The activity id Lyceum generated for the AU.
        launch_method (str): `AnyWindow` or `OwnWindow`.
        move_on (str): `Passed`, `Completed`, `CompletedAndPassed`, `CompletedOrPassed` or `NotApplicable`.
        package_id (UUID):
        publisher_id (str): The AU's id in the course structure.
        url (str): A path within the package, or the AU's own absolute URL.
        launch_parameters (None | str | Unset):
        mastery_score (float | None | Unset):
    """

    activity_id: str
    launch_method: str
    move_on: str
    package_id: UUID
    publisher_id: str
    url: str
    launch_parameters: None | str | Unset = UNSET
    mastery_score: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        activity_id = self.activity_id

        launch_method = self.launch_method

        move_on = self.move_on

        package_id = str(self.package_id)

        publisher_id = self.publisher_id

        url = self.url

        launch_parameters: None | str | Unset
        if isinstance(self.launch_parameters, Unset):
            launch_parameters = UNSET
        else:
            launch_parameters = self.launch_parameters

        mastery_score: float | None | Unset
        if isinstance(self.mastery_score, Unset):
            mastery_score = UNSET
        else:
            mastery_score = self.mastery_score

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "activity_id": activity_id,
                "launch_method": launch_method,
                "move_on": move_on,
                "package_id": package_id,
                "publisher_id": publisher_id,
                "url": url,
            }
        )
        if launch_parameters is not UNSET:
            field_dict["launch_parameters"] = launch_parameters
        if mastery_score is not UNSET:
            field_dict["mastery_score"] = mastery_score

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        activity_id = d.pop("activity_id")

        launch_method = d.pop("launch_method")

        move_on = d.pop("move_on")

        package_id = UUID(d.pop("package_id"))

        publisher_id = d.pop("publisher_id")

        url = d.pop("url")

        def _parse_launch_parameters(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        launch_parameters = _parse_launch_parameters(d.pop("launch_parameters", UNSET))

        def _parse_mastery_score(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        mastery_score = _parse_mastery_score(d.pop("mastery_score", UNSET))

        lesson_view_cmi_5_type_1 = cls(
            activity_id=activity_id,
            launch_method=launch_method,
            move_on=move_on,
            package_id=package_id,
            publisher_id=publisher_id,
            url=url,
            launch_parameters=launch_parameters,
            mastery_score=mastery_score,
        )

        lesson_view_cmi_5_type_1.additional_properties = d
        return lesson_view_cmi_5_type_1

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
