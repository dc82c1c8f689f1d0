from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.row_failure_view import RowFailureView


T = TypeVar("T", bound="OperationView")


@_attrs_define
class OperationView:
    """Work accepted by a request and carried out in the background. Poll until `status` is `succeeded`
    or `failed`.

        Example:
            {'created_at': '2026-11-20T09:00:00+00:00', 'errors': [{'code': 'user_not_found', 'message': 'no user with this
                email in the institution', 'row': 2, 'value': 'nobody@acme.test'}], 'failed': 1, 'finished_at':
                '2026-11-20T09:00:01+00:00', 'id': '0193a4c6-5e49-70d1-b617-92a3b4e5f608', 'kind': 'enrollment.bulk',
                'processed': 3, 'result_id': None, 'skipped': 1, 'status': 'succeeded', 'succeeded': 1, 'target_id':
                '0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3', 'total': 3, 'updated_at': '2026-11-20T09:00:01+00:00'}

        Attributes:
            created_at (datetime.datetime):
            errors (list[RowFailureView]): The failed rows, in row order (`row`: the index of a bulk enrollment's row; an
                import's CSV line).
            failed (int):
            id (UUID):
            kind (str): `enrollment.bulk`, `users.import` or `users.data_export`.
            processed (int):
            skipped (int): Rows that needed no change (already enrolled; already a user).
            status (str): `queued`, `running`, `succeeded` (every row handled; see `failed` and `errors`) or `failed`.
            succeeded (int):
            total (int):
            updated_at (datetime.datetime):
            finished_at (datetime.datetime | None | Unset):
            result_id (None | Unset | UUID): What it produced: a data export's archive, a file (`GET /v1/files/{id}` for its
                download URL).
            target_id (None | Unset | UUID): The object worked on (the course of a bulk enrollment, the person of a data
                export).
    """

    created_at: datetime.datetime
    errors: list[RowFailureView]
    failed: int
    id: UUID
    kind: str
    processed: int
    skipped: int
    status: str
    succeeded: int
    total: int
    updated_at: datetime.datetime
    finished_at: datetime.datetime | None | Unset = UNSET
    result_id: None | Unset | UUID = UNSET
    target_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        failed = self.failed

        id = str(self.id)

        kind = self.kind

        processed = self.processed

        skipped = self.skipped

        status = self.status

        succeeded = self.succeeded

        total = self.total

        updated_at = self.updated_at.isoformat()

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        result_id: None | str | Unset
        if isinstance(self.result_id, Unset):
            result_id = UNSET
        elif isinstance(self.result_id, UUID):
            result_id = str(self.result_id)
        else:
            result_id = self.result_id

        target_id: None | str | Unset
        if isinstance(self.target_id, Unset):
            target_id = UNSET
        elif isinstance(self.target_id, UUID):
            target_id = str(self.target_id)
        else:
            target_id = self.target_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "errors": errors,
                "failed": failed,
                "id": id,
                "kind": kind,
                "processed": processed,
                "skipped": skipped,
                "status": status,
                "succeeded": succeeded,
                "total": total,
                "updated_at": updated_at,
            }
        )
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if result_id is not UNSET:
            field_dict["result_id"] = result_id
        if target_id is not UNSET:
            field_dict["target_id"] = target_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.row_failure_view import RowFailureView

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = RowFailureView.from_dict(errors_item_data)

            errors.append(errors_item)

        failed = d.pop("failed")

        id = UUID(d.pop("id"))

        kind = d.pop("kind")

        processed = d.pop("processed")

        skipped = d.pop("skipped")

        status = d.pop("status")

        succeeded = d.pop("succeeded")

        total = d.pop("total")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        def _parse_finished_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))

        def _parse_result_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                result_id_type_0 = UUID(data)

                return result_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        result_id = _parse_result_id(d.pop("result_id", UNSET))

        def _parse_target_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                target_id_type_0 = UUID(data)

                return target_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        target_id = _parse_target_id(d.pop("target_id", UNSET))

        operation_view = cls(
            created_at=created_at,
            errors=errors,
            failed=failed,
            id=id,
            kind=kind,
            processed=processed,
            skipped=skipped,
            status=status,
            succeeded=succeeded,
            total=total,
            updated_at=updated_at,
            finished_at=finished_at,
            result_id=result_id,
            target_id=target_id,
        )

        operation_view.additional_properties = d
        return operation_view

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
