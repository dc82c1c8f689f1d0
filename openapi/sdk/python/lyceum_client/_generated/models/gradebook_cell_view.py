from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GradebookCellView")


@_attrs_define
class GradebookCellView:
    """One learner's result on one column.

    Attributes:
        lesson_id (UUID):
        posted (bool): The learner can see the grade.
        state (str): `graded`, `submitted` (waiting for a grade) or `missing`.
        points (float | None | Unset):
        score (float | None | Unset): Percentage of the column's points possible.
    """

    lesson_id: UUID
    posted: bool
    state: str
    points: float | None | Unset = UNSET
    score: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        lesson_id = str(self.lesson_id)

        posted = self.posted

        state = self.state

        points: float | None | Unset
        if isinstance(self.points, Unset):
            points = UNSET
        else:
            points = self.points

        score: float | None | Unset
        if isinstance(self.score, Unset):
            score = UNSET
        else:
            score = self.score

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "lesson_id": lesson_id,
                "posted": posted,
                "state": state,
            }
        )
        if points is not UNSET:
            field_dict["points"] = points
        if score is not UNSET:
            field_dict["score"] = score

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        lesson_id = UUID(d.pop("lesson_id"))

        posted = d.pop("posted")

        state = d.pop("state")

        def _parse_points(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        points = _parse_points(d.pop("points", UNSET))

        def _parse_score(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        score = _parse_score(d.pop("score", UNSET))

        gradebook_cell_view = cls(
            lesson_id=lesson_id,
            posted=posted,
            state=state,
            points=points,
            score=score,
        )

        gradebook_cell_view.additional_properties = d
        return gradebook_cell_view

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
