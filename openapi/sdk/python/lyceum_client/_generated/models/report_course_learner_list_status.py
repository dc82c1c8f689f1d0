from typing import Literal

ReportCourseLearnerListStatus = Literal["active", "completed", "dropped"]

REPORT_COURSE_LEARNER_LIST_STATUS_VALUES: set[ReportCourseLearnerListStatus] = {
    "active",
    "completed",
    "dropped",
}


def check_report_course_learner_list_status(
    value: str,
) -> ReportCourseLearnerListStatus:
    if value in REPORT_COURSE_LEARNER_LIST_STATUS_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {REPORT_COURSE_LEARNER_LIST_STATUS_VALUES!r}"
    )
