from typing import Literal

CourseViewInclude = Literal["outline"]

COURSE_VIEW_INCLUDE_VALUES: set[CourseViewInclude] = {
    "outline",
}


def check_course_view_include(value: str) -> CourseViewInclude:
    if value in COURSE_VIEW_INCLUDE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {COURSE_VIEW_INCLUDE_VALUES!r}"
    )
