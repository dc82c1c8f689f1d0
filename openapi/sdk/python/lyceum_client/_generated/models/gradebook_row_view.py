from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gradebook_cell_view import GradebookCellView


T = TypeVar("T", bound="GradebookRowView")


@_attrs_define
class GradebookRowView:
    """One learner's line of the gradebook.

    Attributes:
        cells (list[GradebookCellView]):
        email (str):
        enrollment_id (UUID):
        final_score (float): Counting what has not been graded as zero.
        name (str):
        status (str):
        user_id (UUID):
        current_grade (None | str | Unset):
        current_score (float | None | Unset): Over what has been graded (null: nothing yet).
        final_grade (None | str | Unset):
    """

    cells: list[GradebookCellView]
    email: str
    enrollment_id: UUID
    final_score: float
    name: str
    status: str
    user_id: UUID
    current_grade: None | str | Unset = UNSET
    current_score: float | None | Unset = UNSET
    final_grade: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cells = []
        for cells_item_data in self.cells:
            cells_item = cells_item_data.to_dict()
            cells.append(cells_item)

        email = self.email

        enrollment_id = str(self.enrollment_id)

        final_score = self.final_score

        name = self.name

        status = self.status

        user_id = str(self.user_id)

        current_grade: None | str | Unset
        if isinstance(self.current_grade, Unset):
            current_grade = UNSET
        else:
            current_grade = self.current_grade

        current_score: float | None | Unset
        if isinstance(self.current_score, Unset):
            current_score = UNSET
        else:
            current_score = self.current_score

        final_grade: None | str | Unset
        if isinstance(self.final_grade, Unset):
            final_grade = UNSET
        else:
            final_grade = self.final_grade

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cells": cells,
                "email": email,
                "enrollment_id": enrollment_id,
                "final_score": final_score,
                "name": name,
                "status": status,
                "user_id": user_id,
            }
        )
        if current_grade is not UNSET:
            field_dict["current_grade"] = current_grade
        if current_score is not UNSET:
            field_dict["current_score"] = current_score
        if final_grade is not UNSET:
            field_dict["final_grade"] = final_grade

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gradebook_cell_view import GradebookCellView

        d = dict(src_dict)
        cells = []
        _cells = d.pop("cells")
        for cells_item_data in _cells:
            cells_item = GradebookCellView.from_dict(cells_item_data)

            cells.append(cells_item)

        email = d.pop("email")

        enrollment_id = UUID(d.pop("enrollment_id"))

        final_score = d.pop("final_score")

        name = d.pop("name")

        status = d.pop("status")

        user_id = UUID(d.pop("user_id"))

        def _parse_current_grade(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        current_grade = _parse_current_grade(d.pop("current_grade", UNSET))

        def _parse_current_score(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        current_score = _parse_current_score(d.pop("current_score", UNSET))

        def _parse_final_grade(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        final_grade = _parse_final_grade(d.pop("final_grade", UNSET))

        gradebook_row_view = cls(
            cells=cells,
            email=email,
            enrollment_id=enrollment_id,
            final_score=final_score,
            name=name,
            status=status,
            user_id=user_id,
            current_grade=current_grade,
            current_score=current_score,
            final_grade=final_grade,
        )

        gradebook_row_view.additional_properties = d
        return gradebook_row_view

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
