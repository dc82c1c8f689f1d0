from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="RubricSelectionView")


@_attrs_define
class RubricSelectionView:
    """One criterion's level in a rubric grade, as it was when chosen.

    Attributes:
        criterion (str):
        criterion_id (str):
        level (str):
        level_id (str):
        points (float):
        comment (None | str | Unset):
    """

    criterion: str
    criterion_id: str
    level: str
    level_id: str
    points: float
    comment: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        criterion = self.criterion

        criterion_id = self.criterion_id

        level = self.level

        level_id = self.level_id

        points = self.points

        comment: None | str | Unset
        if isinstance(self.comment, Unset):
            comment = UNSET
        else:
            comment = self.comment

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "criterion": criterion,
                "criterion_id": criterion_id,
                "level": level,
                "level_id": level_id,
                "points": points,
            }
        )
        if comment is not UNSET:
            field_dict["comment"] = comment

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        criterion = d.pop("criterion")

        criterion_id = d.pop("criterion_id")

        level = d.pop("level")

        level_id = d.pop("level_id")

        points = d.pop("points")

        def _parse_comment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        comment = _parse_comment(d.pop("comment", UNSET))

        rubric_selection_view = cls(
            criterion=criterion,
            criterion_id=criterion_id,
            level=level,
            level_id=level_id,
            points=points,
            comment=comment,
        )

        rubric_selection_view.additional_properties = d
        return rubric_selection_view

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
