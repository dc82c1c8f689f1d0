from typing import Literal

UpdateUserRole = Literal["admin", "instructor", "learner", "owner"]

UPDATE_USER_ROLE_VALUES: set[UpdateUserRole] = {
    "admin",
    "instructor",
    "learner",
    "owner",
}


def check_update_user_role(value: str) -> UpdateUserRole:
    if value in UPDATE_USER_ROLE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UPDATE_USER_ROLE_VALUES!r}"
    )
