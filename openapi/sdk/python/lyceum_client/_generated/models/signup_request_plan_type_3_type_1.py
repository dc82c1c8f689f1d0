from typing import Literal

SignupRequestPlanType3Type1 = Literal["trial"]

SIGNUP_REQUEST_PLAN_TYPE_3_TYPE_1_VALUES: set[SignupRequestPlanType3Type1] = {
    "trial",
}


def check_signup_request_plan_type_3_type_1(value: str) -> SignupRequestPlanType3Type1:
    if value in SIGNUP_REQUEST_PLAN_TYPE_3_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SIGNUP_REQUEST_PLAN_TYPE_3_TYPE_1_VALUES!r}"
    )
