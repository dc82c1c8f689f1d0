from typing import Literal

UpdateEnrollmentStatusType2Type1 = Literal["active", "dropped"]

UPDATE_ENROLLMENT_STATUS_TYPE_2_TYPE_1_VALUES: set[UpdateEnrollmentStatusType2Type1] = {
    "active",
    "dropped",
}


def check_update_enrollment_status_type_2_type_1(
    value: str,
) -> UpdateEnrollmentStatusType2Type1:
    if value in UPDATE_ENROLLMENT_STATUS_TYPE_2_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UPDATE_ENROLLMENT_STATUS_TYPE_2_TYPE_1_VALUES!r}"
    )
