from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.rubric_criterion import RubricCriterion


T = TypeVar("T", bound="RubricView")


@_attrs_define
class RubricView:
    """A rubric.

    Example:
        {'course_id': '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'created_at': '2026-12-01T09:00:00+00:00', 'criteria':
            [{'description': 'Argument', 'id': 'c1', 'levels': [{'description': 'Excellent', 'id': 'l1', 'points': 10.0},
            {'description': 'Adequate', 'id': 'l2', 'points': 6.0}, {'description': 'Missing', 'id': 'l3', 'points': 0.0}],
            'long_description': 'Is the claim clear and supported by evidence?'}], 'id':
            '0193c2b0-1a2b-7c3d-8e4f-5a6b7c8d9e0f', 'points_possible': 10.0, 'title': 'Essay rubric', 'updated_at':
            '2026-12-01T09:00:00+00:00', 'version': 1}

    Attributes:
        course_id (UUID):
        created_at (datetime.datetime):
        criteria (list[RubricCriterion]):
        id (UUID):
        points_possible (float): The sum of each criterion's highest level.
        title (str):
        updated_at (datetime.datetime):
        version (int):
    """

    course_id: UUID
    created_at: datetime.datetime
    criteria: list[RubricCriterion]
    id: UUID
    points_possible: float
    title: str
    updated_at: datetime.datetime
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        course_id = str(self.course_id)

        created_at = self.created_at.isoformat()

        criteria = []
        for criteria_item_data in self.criteria:
            criteria_item = criteria_item_data.to_dict()
            criteria.append(criteria_item)

        id = str(self.id)

        points_possible = self.points_possible

        title = self.title

        updated_at = self.updated_at.isoformat()

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "course_id": course_id,
                "created_at": created_at,
                "criteria": criteria,
                "id": id,
                "points_possible": points_possible,
                "title": title,
                "updated_at": updated_at,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.rubric_criterion import RubricCriterion

        d = dict(src_dict)
        course_id = UUID(d.pop("course_id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        criteria = []
        _criteria = d.pop("criteria")
        for criteria_item_data in _criteria:
            criteria_item = RubricCriterion.from_dict(criteria_item_data)

            criteria.append(criteria_item)

        id = UUID(d.pop("id"))

        points_possible = d.pop("points_possible")

        title = d.pop("title")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        rubric_view = cls(
            course_id=course_id,
            created_at=created_at,
            criteria=criteria,
            id=id,
            points_possible=points_possible,
            title=title,
            updated_at=updated_at,
            version=version,
        )

        rubric_view.additional_properties = d
        return rubric_view

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
