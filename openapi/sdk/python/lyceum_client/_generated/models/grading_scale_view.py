from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.scale_step_view import ScaleStepView


T = TypeVar("T", bound="GradingScaleView")


@_attrs_define
class GradingScaleView:
    """A course's letter-grade scale, highest step first.

    Example:
        {'scale': [{'letter': 'A', 'min_score': 90.0}, {'letter': 'B', 'min_score': 80.0}, {'letter': 'C', 'min_score':
            70.0}, {'letter': 'D', 'min_score': 60.0}, {'letter': 'F', 'min_score': 0.0}]}

    Attributes:
        scale (list[ScaleStepView]):
    """

    scale: list[ScaleStepView]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scale = []
        for scale_item_data in self.scale:
            scale_item = scale_item_data.to_dict()
            scale.append(scale_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scale": scale,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.scale_step_view import ScaleStepView

        d = dict(src_dict)
        scale = []
        _scale = d.pop("scale")
        for scale_item_data in _scale:
            scale_item = ScaleStepView.from_dict(scale_item_data)

            scale.append(scale_item)

        grading_scale_view = cls(
            scale=scale,
        )

        grading_scale_view.additional_properties = d
        return grading_scale_view

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
