"""Type-level checks of the SDK (mypy --strict runs them; they are never executed). Request enums are
``Literal`` types, so a misspelled value is a type error; each ``# type: ignore[...]`` below must be
needed (strict mode reports an unused one), like TypeScript's ``@ts-expect-error``."""

from lyceum_client import Lyceum, api, models


def checks(lyceum: Lyceum) -> None:
    # A role is one of the documented values...
    models.CreateUser(email="a@b.test", name="A", role="instructor")
    # ...and a misspelled one is an error.
    models.CreateUser(email="a@b.test", name="A", role="teacher")  # type: ignore[arg-type]

    # Query filters too.
    published: models.CourseListStatus = "published"
    live: models.CourseListStatus = "live"  # type: ignore[assignment]
    lyceum.call(api.courses.course_list, status=published)

    # Webhook event types item by item.
    models.CreateEndpoint(url="https://lms.acme.test/hooks", events=["enrollment.completed", "*"])
    models.CreateEndpoint(url="https://lms.acme.test/hooks", events=["enrollment.finished"])  # type: ignore[list-item]
