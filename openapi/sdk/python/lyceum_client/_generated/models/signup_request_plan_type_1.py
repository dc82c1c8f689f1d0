from typing import Literal

SignupRequestPlanType1 = Literal["trial"]

SIGNUP_REQUEST_PLAN_TYPE_1_VALUES: set[SignupRequestPlanType1] = {
    "trial",
}


def check_signup_request_plan_type_1(value: str) -> SignupRequestPlanType1:
    if value in SIGNUP_REQUEST_PLAN_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SIGNUP_REQUEST_PLAN_TYPE_1_VALUES!r}"
    )
