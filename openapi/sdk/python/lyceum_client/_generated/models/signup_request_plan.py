from typing import Literal

SignupRequestPlan = Literal["enterprise", "growth", "starter", "trial"]

SIGNUP_REQUEST_PLAN_VALUES: set[SignupRequestPlan] = {
    "enterprise",
    "growth",
    "starter",
    "trial",
}


def check_signup_request_plan(value: str) -> SignupRequestPlan:
    if value in SIGNUP_REQUEST_PLAN_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {SIGNUP_REQUEST_PLAN_VALUES!r}"
    )
