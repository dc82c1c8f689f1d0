from typing import Literal

EnrollmentListStatus = Literal["active", "completed", "dropped"]

ENROLLMENT_LIST_STATUS_VALUES: set[EnrollmentListStatus] = {
    "active",
    "completed",
    "dropped",
}


def check_enrollment_list_status(value: str) -> EnrollmentListStatus:
    if value in ENROLLMENT_LIST_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ENROLLMENT_LIST_STATUS_VALUES!r}"
    )
