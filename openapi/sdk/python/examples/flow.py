"""A whole learner journey through the Python SDK: sign up an institution, build and publish a course,
add a learner, enrol them, record their progress to completion, and verify the certificate publicly.

    python3 examples/flow.py http://127.0.0.1:8080
"""

import io
import sys
import time
import uuid

import httpx

from lyceum_client import Lyceum, LyceumError, api, models
from lyceum_client._generated.types import File

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
slug = f"sdk-{uuid.uuid4().hex[:10]}"

public = Lyceum(base)
signup = public.call(
    api.signup.signup_create,
    body=models.SignupRequest(
        institution_name="SDK University",
        slug=slug,
        owner_name="Olive Owner",
        owner_email=f"olive@{slug}.test",
        password="correct horse battery",
    ),
)
lyceum = Lyceum(base, signup.session.token)

course = lyceum.call(api.courses.course_create, body=models.CreateCourse(title="Chemistry 101"))
module = lyceum.call(api.courses.module_create, course.id, body=models.CreateModule(title="Atoms"))
lessons = [
    lyceum.call(
        api.courses.lesson_create,
        module.id,
        body=models.CreateLesson(title=title, kind="text", body=f"# {title}"),
    )
    for title in ("Protons", "Electrons")
]
lyceum.call(api.courses.course_publish, course.id)

learner = lyceum.call(
    api.users.user_create,
    body=models.CreateUser(email=f"lee@{slug}.test", name="Lee Learner", role="learner", password="correct horse battery"),
)
enrollment = lyceum.call(
    api.enrollments.enrollment_create, course.id, body=models.CreateEnrollment(user_id=learner.id, notify=False)
)
for lesson in lessons:
    lyceum.call(
        api.enrollments.progress_update,
        enrollment.id,
        lesson.id,
        body=models.RecordProgress(status="completed", time_spent_seconds=300),
    )
assert lyceum.call(api.enrollments.enrollment_view, enrollment.id).status == "completed"

# The certificate is issued in the background; wait for it.
certificate = None
for _ in range(100):
    found = list(lyceum.paginate(api.certificates.certificate_list, course_id=course.id))
    if found:
        certificate = found[0]
        break
    time.sleep(0.1)
assert certificate is not None, "no certificate was issued"

check = public.call(api.certificates.certificate_verify, certificate.code)
assert check.valid and check.signature_valid and check.recipient_name == "Lee Learner", check

# Errors are problem+json, raised as LyceumError with the stable code.
try:
    lyceum.call(api.enrollments.enrollment_create, course.id, body=models.CreateEnrollment(user_id=learner.id))
    raise SystemExit("enrolling twice should fail")
except LyceumError as e:
    assert e.status == 409 and e.code == "already_enrolled", e

# A file: uploaded as multipart, its type decided from its bytes, fetched through its signed URL.
handout = lyceum.call(
    api.teaching.file_upload,
    body=models.FileUploadBody(file=File(payload=io.BytesIO(b"# Handout\n"), file_name="handout.md")),
)
assert handout.status == "stored" and handout.content_type == "text/markdown", handout
seen = lyceum.call(api.teaching.file_view, handout.id)
assert isinstance(seen.download_url, str)
assert httpx.get(seen.download_url).content == b"# Handout\n"

courses = list(lyceum.paginate(api.courses.course_list))
print(f"ok: {slug}: {len(courses)} course, certificate {certificate.code} verifies")
