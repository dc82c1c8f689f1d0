from typing import Literal

UpdateLessonKindType3Type1 = Literal[
    "assignment", "file", "lti", "quiz", "text", "video"
]

UPDATE_LESSON_KIND_TYPE_3_TYPE_1_VALUES: set[UpdateLessonKindType3Type1] = {
    "assignment",
    "file",
    "lti",
    "quiz",
    "text",
    "video",
}


def check_update_lesson_kind_type_3_type_1(value: str) -> UpdateLessonKindType3Type1:
    if value in UPDATE_LESSON_KIND_TYPE_3_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UPDATE_LESSON_KIND_TYPE_3_TYPE_1_VALUES!r}"
    )
