from typing import Literal

MeEnrollmentListStatus = Literal["active", "completed", "dropped"]

ME_ENROLLMENT_LIST_STATUS_VALUES: set[MeEnrollmentListStatus] = {
    "active",
    "completed",
    "dropped",
}


def check_me_enrollment_list_status(value: str) -> MeEnrollmentListStatus:
    if value in ME_ENROLLMENT_LIST_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ME_ENROLLMENT_LIST_STATUS_VALUES!r}"
    )
