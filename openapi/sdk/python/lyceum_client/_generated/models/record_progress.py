from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.record_progress_status import (
    RecordProgressStatus,
    check_record_progress_status,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="RecordProgress")


@_attrs_define
class RecordProgress:
    """Progress on one lesson.

    Example:
        {'score': None, 'status': 'completed', 'time_spent_seconds': 420}

    Attributes:
        status (RecordProgressStatus): `started` or `completed`. A completed lesson stays completed; a quiz completes by
            passing an
            attempt.
        score (int | None | Unset): 0-100, for lessons scored outside Lyceum (quizzes score through their attempts).
        time_spent_seconds (int | None | Unset): Total time on the lesson so far, in seconds (not an increment:
            repeating the call is harmless).
    """

    status: RecordProgressStatus
    score: int | None | Unset = UNSET
    time_spent_seconds: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: str = self.status

        score: int | None | Unset
        if isinstance(self.score, Unset):
            score = UNSET
        else:
            score = self.score

        time_spent_seconds: int | None | Unset
        if isinstance(self.time_spent_seconds, Unset):
            time_spent_seconds = UNSET
        else:
            time_spent_seconds = self.time_spent_seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
            }
        )
        if score is not UNSET:
            field_dict["score"] = score
        if time_spent_seconds is not UNSET:
            field_dict["time_spent_seconds"] = time_spent_seconds

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = check_record_progress_status(d.pop("status"))

        def _parse_score(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        score = _parse_score(d.pop("score", UNSET))

        def _parse_time_spent_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        time_spent_seconds = _parse_time_spent_seconds(
            d.pop("time_spent_seconds", UNSET)
        )

        record_progress = cls(
            status=status,
            score=score,
            time_spent_seconds=time_spent_seconds,
        )

        record_progress.additional_properties = d
        return record_progress

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
