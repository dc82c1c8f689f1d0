from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.signup_request_plan_type_1 import (
    SignupRequestPlanType1,
    check_signup_request_plan_type_1,
)
from ..models.signup_request_plan_type_2_type_1 import (
    SignupRequestPlanType2Type1,
    check_signup_request_plan_type_2_type_1,
)
from ..models.signup_request_plan_type_3_type_1 import (
    SignupRequestPlanType3Type1,
    check_signup_request_plan_type_3_type_1,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="SignupRequest")


@_attrs_define
class SignupRequest:
    """What an institution gives to sign up.

    Example:
        {'institution_name': 'Acme University', 'owner_email': 'ada@acme.test', 'owner_name': 'Ada Admin', 'password':
            'correct horse battery', 'plan': 'trial', 'slug': 'acme'}

    Attributes:
        institution_name (str): The institution's name as learners should see it (1-200 characters).
        owner_email (str): The owner's email address; the welcome email goes there.
        owner_name (str): The owner's full name (1-200 characters).
        password (str): At least 12 characters.
        slug (str): URL-safe identifier, unique across Lyceum: 2-63 characters of `a-z`, `0-9` and `-`, not starting
            with `-` (`^[a-z0-9][a-z0-9-]{1,62}$`).
        plan (None | SignupRequestPlanType1 | SignupRequestPlanType2Type1 | SignupRequestPlanType3Type1 | Unset):
            `trial` (the default, and the only plan a signup may name): paid plans are bought afterwards
            through `POST /v1/billing/checkout-session`.
    """

    institution_name: str
    owner_email: str
    owner_name: str
    password: str
    slug: str
    plan: (
        None
        | SignupRequestPlanType1
        | SignupRequestPlanType2Type1
        | SignupRequestPlanType3Type1
        | Unset
    ) = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        institution_name = self.institution_name

        owner_email = self.owner_email

        owner_name = self.owner_name

        password = self.password

        slug = self.slug

        plan: None | str | Unset
        if isinstance(self.plan, Unset):
            plan = UNSET
        elif (
            isinstance(self.plan, str)
            or isinstance(self.plan, str)
            or isinstance(self.plan, str)
        ):
            plan = self.plan
        else:
            plan = self.plan

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "institution_name": institution_name,
                "owner_email": owner_email,
                "owner_name": owner_name,
                "password": password,
                "slug": slug,
            }
        )
        if plan is not UNSET:
            field_dict["plan"] = plan

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        institution_name = d.pop("institution_name")

        owner_email = d.pop("owner_email")

        owner_name = d.pop("owner_name")

        password = d.pop("password")

        slug = d.pop("slug")

        def _parse_plan(
            data: object,
        ) -> (
            None
            | SignupRequestPlanType1
            | SignupRequestPlanType2Type1
            | SignupRequestPlanType3Type1
            | Unset
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                plan_type_1 = check_signup_request_plan_type_1(data)

                return plan_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                plan_type_2_type_1 = check_signup_request_plan_type_2_type_1(data)

                return plan_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                plan_type_3_type_1 = check_signup_request_plan_type_3_type_1(data)

                return plan_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None
                | SignupRequestPlanType1
                | SignupRequestPlanType2Type1
                | SignupRequestPlanType3Type1
                | Unset,
                data,
            )

        plan = _parse_plan(d.pop("plan", UNSET))

        signup_request = cls(
            institution_name=institution_name,
            owner_email=owner_email,
            owner_name=owner_name,
            password=password,
            slug=slug,
            plan=plan,
        )

        signup_request.additional_properties = d
        return signup_request

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
