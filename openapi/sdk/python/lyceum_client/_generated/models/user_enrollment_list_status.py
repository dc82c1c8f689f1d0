from typing import Literal

UserEnrollmentListStatus = Literal["active", "completed", "dropped"]

USER_ENROLLMENT_LIST_STATUS_VALUES: set[UserEnrollmentListStatus] = {
    "active",
    "completed",
    "dropped",
}


def check_user_enrollment_list_status(value: str) -> UserEnrollmentListStatus:
    if value in USER_ENROLLMENT_LIST_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {USER_ENROLLMENT_LIST_STATUS_VALUES!r}"
    )
