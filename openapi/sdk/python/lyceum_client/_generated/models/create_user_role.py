from typing import Literal

CreateUserRole = Literal["admin", "instructor", "learner", "owner"]

CREATE_USER_ROLE_VALUES: set[CreateUserRole] = {
    "admin",
    "instructor",
    "learner",
    "owner",
}


def check_create_user_role(value: str) -> CreateUserRole:
    if value in CREATE_USER_ROLE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {CREATE_USER_ROLE_VALUES!r}"
    )
