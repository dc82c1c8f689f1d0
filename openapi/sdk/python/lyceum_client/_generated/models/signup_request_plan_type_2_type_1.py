from typing import Literal

SignupRequestPlanType2Type1 = Literal["trial"]

SIGNUP_REQUEST_PLAN_TYPE_2_TYPE_1_VALUES: set[SignupRequestPlanType2Type1] = {
    "trial",
}


def check_signup_request_plan_type_2_type_1(value: str) -> SignupRequestPlanType2Type1:
    if value in SIGNUP_REQUEST_PLAN_TYPE_2_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SIGNUP_REQUEST_PLAN_TYPE_2_TYPE_1_VALUES!r}"
    )
