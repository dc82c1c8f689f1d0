from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rubric_level import RubricLevel


T = TypeVar("T", bound="RubricCriterion")


@_attrs_define
class RubricCriterion:
    """One criterion of a rubric.

    Attributes:
        description (str):
        levels (list[RubricLevel]): 1-10 levels.
        id (None | str | Unset): Stable within the rubric; assigned (`c1`, `c2`...) when absent.
        long_description (None | str | Unset):
    """

    description: str
    levels: list[RubricLevel]
    id: None | str | Unset = UNSET
    long_description: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        levels = []
        for levels_item_data in self.levels:
            levels_item = levels_item_data.to_dict()
            levels.append(levels_item)

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        long_description: None | str | Unset
        if isinstance(self.long_description, Unset):
            long_description = UNSET
        else:
            long_description = self.long_description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "description": description,
                "levels": levels,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if long_description is not UNSET:
            field_dict["long_description"] = long_description

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.rubric_level import RubricLevel

        d = dict(src_dict)
        description = d.pop("description")

        levels = []
        _levels = d.pop("levels")
        for levels_item_data in _levels:
            levels_item = RubricLevel.from_dict(levels_item_data)

            levels.append(levels_item)

        def _parse_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        def _parse_long_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        long_description = _parse_long_description(d.pop("long_description", UNSET))

        rubric_criterion = cls(
            description=description,
            levels=levels,
            id=id,
            long_description=long_description,
        )

        rubric_criterion.additional_properties = d
        return rubric_criterion

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
