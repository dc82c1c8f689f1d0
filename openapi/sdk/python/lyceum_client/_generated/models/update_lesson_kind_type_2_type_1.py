from typing import Literal

UpdateLessonKindType2Type1 = Literal[
    "assignment", "file", "lti", "quiz", "text", "video"
]

UPDATE_LESSON_KIND_TYPE_2_TYPE_1_VALUES: set[UpdateLessonKindType2Type1] = {
    "assignment",
    "file",
    "lti",
    "quiz",
    "text",
    "video",
}


def check_update_lesson_kind_type_2_type_1(value: str) -> UpdateLessonKindType2Type1:
    if value in UPDATE_LESSON_KIND_TYPE_2_TYPE_1_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {UPDATE_LESSON_KIND_TYPE_2_TYPE_1_VALUES!r}"
    )
