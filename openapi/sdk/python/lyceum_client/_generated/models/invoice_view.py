from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="InvoiceView")


@_attrs_define
class InvoiceView:
    """One invoice.

    Example:
        {'amount_due': 120000, 'amount_paid': 120000, 'created': '2026-11-01T00:00:00+00:00', 'currency': 'usd',
            'hosted_invoice_url': 'https://invoice.stripe.com/i/acct_1Nv0FGQ9RKHgCVdK/test_YWNjdF8x', 'id':
            'in_1QdZ4x2eZvKYlo2C8mJ0kTqP', 'invoice_pdf':
            'https://pay.stripe.com/invoice/acct_1Nv0FGQ9RKHgCVdK/test_YWNjdF8x/pdf', 'number': 'ACME-0003', 'period_end':
            '2026-11-01T00:00:00+00:00', 'period_start': '2026-10-01T00:00:00+00:00', 'status': 'paid', 'total': 120000}

    Attributes:
        amount_due (int): Minor units (cents).
        amount_paid (int):
        created (datetime.datetime):
        currency (str):
        id (str): `in_...`
        period_end (datetime.datetime):
        period_start (datetime.datetime):
        total (int):
        hosted_invoice_url (None | str | Unset):
        invoice_pdf (None | str | Unset):
        number (None | str | Unset):
        status (None | str | Unset): `draft`, `open`, `paid`, `uncollectible` or `void`.
    """

    amount_due: int
    amount_paid: int
    created: datetime.datetime
    currency: str
    id: str
    period_end: datetime.datetime
    period_start: datetime.datetime
    total: int
    hosted_invoice_url: None | str | Unset = UNSET
    invoice_pdf: None | str | Unset = UNSET
    number: None | str | Unset = UNSET
    status: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        amount_due = self.amount_due

        amount_paid = self.amount_paid

        created = self.created.isoformat()

        currency = self.currency

        id = self.id

        period_end = self.period_end.isoformat()

        period_start = self.period_start.isoformat()

        total = self.total

        hosted_invoice_url: None | str | Unset
        if isinstance(self.hosted_invoice_url, Unset):
            hosted_invoice_url = UNSET
        else:
            hosted_invoice_url = self.hosted_invoice_url

        invoice_pdf: None | str | Unset
        if isinstance(self.invoice_pdf, Unset):
            invoice_pdf = UNSET
        else:
            invoice_pdf = self.invoice_pdf

        number: None | str | Unset
        if isinstance(self.number, Unset):
            number = UNSET
        else:
            number = self.number

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "amount_due": amount_due,
                "amount_paid": amount_paid,
                "created": created,
                "currency": currency,
                "id": id,
                "period_end": period_end,
                "period_start": period_start,
                "total": total,
            }
        )
        if hosted_invoice_url is not UNSET:
            field_dict["hosted_invoice_url"] = hosted_invoice_url
        if invoice_pdf is not UNSET:
            field_dict["invoice_pdf"] = invoice_pdf
        if number is not UNSET:
            field_dict["number"] = number
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        amount_due = d.pop("amount_due")

        amount_paid = d.pop("amount_paid")

        created = datetime.datetime.fromisoformat(d.pop("created"))

        currency = d.pop("currency")

        id = d.pop("id")

        period_end = datetime.datetime.fromisoformat(d.pop("period_end"))

        period_start = datetime.datetime.fromisoformat(d.pop("period_start"))

        total = d.pop("total")

        def _parse_hosted_invoice_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hosted_invoice_url = _parse_hosted_invoice_url(
            d.pop("hosted_invoice_url", UNSET)
        )

        def _parse_invoice_pdf(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        invoice_pdf = _parse_invoice_pdf(d.pop("invoice_pdf", UNSET))

        def _parse_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        number = _parse_number(d.pop("number", UNSET))

        def _parse_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        invoice_view = cls(
            amount_due=amount_due,
            amount_paid=amount_paid,
            created=created,
            currency=currency,
            id=id,
            period_end=period_end,
            period_start=period_start,
            total=total,
            hosted_invoice_url=hosted_invoice_url,
            invoice_pdf=invoice_pdf,
            number=number,
            status=status,
        )

        invoice_view.additional_properties = d
        return invoice_view

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
