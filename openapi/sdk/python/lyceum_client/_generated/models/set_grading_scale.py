from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.scale_step_view import ScaleStepView


T = TypeVar("T", bound="SetGradingScale")


@_attrs_define
class SetGradingScale:
    """A letter-grade scale to set; `null` restores the default (A 90, B 80, C 70, D 60, F 0).

    Example:
        {'scale': [{'letter': 'Pass', 'min_score': 50.0}, {'letter': 'Fail', 'min_score': 0.0}]}

    Attributes:
        scale (list[ScaleStepView] | None | Unset): 1-20 steps with distinct letters and minimums (0-100), one of them
            0.
    """

    scale: list[ScaleStepView] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scale: list[dict[str, Any]] | None | Unset
        if isinstance(self.scale, Unset):
            scale = UNSET
        elif isinstance(self.scale, list):
            scale = []
            for scale_type_0_item_data in self.scale:
                scale_type_0_item = scale_type_0_item_data.to_dict()
                scale.append(scale_type_0_item)

        else:
            scale = self.scale

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if scale is not UNSET:
            field_dict["scale"] = scale

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.scale_step_view import ScaleStepView

        d = dict(src_dict)

        def _parse_scale(data: object) -> list[ScaleStepView] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                scale_type_0 = []
                _scale_type_0 = data
                for scale_type_0_item_data in _scale_type_0:
                    scale_type_0_item = ScaleStepView.from_dict(scale_type_0_item_data)

                    scale_type_0.append(scale_type_0_item)

                return scale_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ScaleStepView] | None | Unset, data)

        scale = _parse_scale(d.pop("scale", UNSET))

        set_grading_scale = cls(
            scale=scale,
        )

        set_grading_scale.additional_properties = d
        return set_grading_scale

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
