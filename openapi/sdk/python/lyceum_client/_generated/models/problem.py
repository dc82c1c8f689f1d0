from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.problem_document import ProblemDocument
    from ..models.problem_field import ProblemField


T = TypeVar("T", bound="Problem")


@_attrs_define
class Problem:
    """An error, as RFC 9457 problem details.

    Example:
        {'code': 'validation_failed', 'detail': "slug: must be 2-63 characters of a-z, 0-9 and '-', starting with a
            letter or digit", 'errors': [{'field': 'slug', 'message': "must be 2-63 characters of a-z, 0-9 and '-', starting
            with a letter or digit"}], 'request_id': '0193a4c2-7b1e-7c3a-9d0e-2f4b5a6c7d8e', 'status': 400, 'title': 'The
            request is invalid', 'type': 'urn:lyceum:problem:validation_failed'}

    Attributes:
        code (str): A stable machine-readable code (`validation_failed`, `not_found`, `slug_taken`, ...).
        detail (str): What went wrong in this occurrence, for people.
        request_id (str): The request's id (also in the `X-Request-Id` header): quote it to support.
        status (int): The HTTP status code.
        title (str): A short summary of the kind of problem.
        type_ (str): A URI naming the kind of problem: `urn:lyceum:problem:<code>`.
        documents (list[ProblemDocument] | None | Unset): For `consent_required`: the institution's documents the person
            must accept to sign in.
        errors (list[ProblemField] | None | Unset): For validation failures: the offending fields, at most 100 (see
            `errors_omitted`).
        errors_omitted (int | None | Unset): How many further offending fields are not listed in `errors` (absent when
            none are left out).
    """

    code: str
    detail: str
    request_id: str
    status: int
    title: str
    type_: str
    documents: list[ProblemDocument] | None | Unset = UNSET
    errors: list[ProblemField] | None | Unset = UNSET
    errors_omitted: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        detail = self.detail

        request_id = self.request_id

        status = self.status

        title = self.title

        type_ = self.type_

        documents: list[dict[str, Any]] | None | Unset
        if isinstance(self.documents, Unset):
            documents = UNSET
        elif isinstance(self.documents, list):
            documents = []
            for documents_type_0_item_data in self.documents:
                documents_type_0_item = documents_type_0_item_data.to_dict()
                documents.append(documents_type_0_item)

        else:
            documents = self.documents

        errors: list[dict[str, Any]] | None | Unset
        if isinstance(self.errors, Unset):
            errors = UNSET
        elif isinstance(self.errors, list):
            errors = []
            for errors_type_0_item_data in self.errors:
                errors_type_0_item = errors_type_0_item_data.to_dict()
                errors.append(errors_type_0_item)

        else:
            errors = self.errors

        errors_omitted: int | None | Unset
        if isinstance(self.errors_omitted, Unset):
            errors_omitted = UNSET
        else:
            errors_omitted = self.errors_omitted

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "detail": detail,
                "request_id": request_id,
                "status": status,
                "title": title,
                "type": type_,
            }
        )
        if documents is not UNSET:
            field_dict["documents"] = documents
        if errors is not UNSET:
            field_dict["errors"] = errors
        if errors_omitted is not UNSET:
            field_dict["errors_omitted"] = errors_omitted

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.problem_document import ProblemDocument
        from ..models.problem_field import ProblemField

        d = dict(src_dict)
        code = d.pop("code")

        detail = d.pop("detail")

        request_id = d.pop("request_id")

        status = d.pop("status")

        title = d.pop("title")

        type_ = d.pop("type")

        def _parse_documents(data: object) -> list[ProblemDocument] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                documents_type_0 = []
                _documents_type_0 = data
                for documents_type_0_item_data in _documents_type_0:
                    documents_type_0_item = ProblemDocument.from_dict(
                        documents_type_0_item_data
                    )

                    documents_type_0.append(documents_type_0_item)

                return documents_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ProblemDocument] | None | Unset, data)

        documents = _parse_documents(d.pop("documents", UNSET))

        def _parse_errors(data: object) -> list[ProblemField] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                errors_type_0 = []
                _errors_type_0 = data
                for errors_type_0_item_data in _errors_type_0:
                    errors_type_0_item = ProblemField.from_dict(errors_type_0_item_data)

                    errors_type_0.append(errors_type_0_item)

                return errors_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ProblemField] | None | Unset, data)

        errors = _parse_errors(d.pop("errors", UNSET))

        def _parse_errors_omitted(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        errors_omitted = _parse_errors_omitted(d.pop("errors_omitted", UNSET))

        problem = cls(
            code=code,
            detail=detail,
            request_id=request_id,
            status=status,
            title=title,
            type_=type_,
            documents=documents,
            errors=errors,
            errors_omitted=errors_omitted,
        )

        problem.additional_properties = d
        return problem

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
