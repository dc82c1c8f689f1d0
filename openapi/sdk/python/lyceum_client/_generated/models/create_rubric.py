from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.rubric_criterion import RubricCriterion


T = TypeVar("T", bound="CreateRubric")


@_attrs_define
class CreateRubric:
    """A rubric to create.

    Example:
        {'criteria': [{'description': 'Argument', 'id': 'c1', 'levels': [{'description': 'Excellent', 'id': 'l1',
            'points': 10.0}, {'description': 'Adequate', 'id': 'l2', 'points': 6.0}, {'description': 'Missing', 'id': 'l3',
            'points': 0.0}], 'long_description': 'Is the claim clear and supported by evidence?'}], 'title': 'Essay rubric'}

    Attributes:
        criteria (list[RubricCriterion]): 1-50 criteria.
        title (str):
    """

    criteria: list[RubricCriterion]
    title: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        criteria = []
        for criteria_item_data in self.criteria:
            criteria_item = criteria_item_data.to_dict()
            criteria.append(criteria_item)

        title = self.title

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "criteria": criteria,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.rubric_criterion import RubricCriterion

        d = dict(src_dict)
        criteria = []
        _criteria = d.pop("criteria")
        for criteria_item_data in _criteria:
            criteria_item = RubricCriterion.from_dict(criteria_item_data)

            criteria.append(criteria_item)

        title = d.pop("title")

        create_rubric = cls(
            criteria=criteria,
            title=title,
        )

        create_rubric.additional_properties = d
        return create_rubric

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
