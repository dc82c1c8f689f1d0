from typing import Literal

UpdateEnrollmentStatusType1 = Literal["active", "dropped"]

UPDATE_ENROLLMENT_STATUS_TYPE_1_VALUES: set[UpdateEnrollmentStatusType1] = {
    "active",
    "dropped",
}


def check_update_enrollment_status_type_1(value: str) -> UpdateEnrollmentStatusType1:
    if value in UPDATE_ENROLLMENT_STATUS_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UPDATE_ENROLLMENT_STATUS_TYPE_1_VALUES!r}"
    )
