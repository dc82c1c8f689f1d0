from typing import Literal

UpdateEnrollmentStatus = Literal["active", "dropped"]

UPDATE_ENROLLMENT_STATUS_VALUES: set[UpdateEnrollmentStatus] = {
    "active",
    "dropped",
}


def check_update_enrollment_status(value: str) -> UpdateEnrollmentStatus:
    if value in UPDATE_ENROLLMENT_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UPDATE_ENROLLMENT_STATUS_VALUES!r}"
    )
