/**
 * A whole learner journey through the TypeScript SDK: sign up an institution, build and publish a course,
 * add a learner, enrol them, record their progress to completion, and verify the certificate publicly.
 *
 *     npx tsx examples/flow.ts http://127.0.0.1:8080
 */
import assert from "node:assert/strict";

import { createLyceum, LyceumError, paginate, unwrap } from "../src/index";

const base = process.argv[2] ?? "http://127.0.0.1:8080";
const slug = `ts-${crypto.randomUUID().slice(0, 10)}`;

const pub = createLyceum({ baseUrl: base });
const signup = unwrap(
  await pub.POST("/v1/signup", {
    body: {
      institution_name: "TS University",
      slug,
      owner_name: "Olive Owner",
      owner_email: `olive@${slug}.test`,
      password: "correct horse battery",
    },
  }),
);
const lyceum = createLyceum({ baseUrl: base, token: signup.session.token });

const course = unwrap(await lyceum.POST("/v1/courses", { body: { title: "Chemistry 101" } }));
const mod = unwrap(
  await lyceum.POST("/v1/courses/{id}/modules", { params: { path: { id: course.id } }, body: { title: "Atoms" } }),
);
const lessons = [];
for (const title of ["Protons", "Electrons"]) {
  lessons.push(
    unwrap(
      await lyceum.POST("/v1/modules/{id}/lessons", {
        params: { path: { id: mod.id } },
        body: { title, kind: "text", body: `# ${title}` },
      }),
    ),
  );
}
unwrap(await lyceum.POST("/v1/courses/{id}/publish", { params: { path: { id: course.id } } }));

const learner = unwrap(
  await lyceum.POST("/v1/users", {
    body: { email: `lee@${slug}.test`, name: "Lee Learner", role: "learner", password: "correct horse battery" },
  }),
);
const enrollment = unwrap(
  await lyceum.POST("/v1/courses/{id}/enrollments", {
    params: { path: { id: course.id } },
    body: { user_id: learner.id, notify: false },
  }),
);
for (const lesson of lessons) {
  unwrap(
    await lyceum.PUT("/v1/enrollments/{id}/progress/{lesson_id}", {
      params: { path: { id: enrollment.id, lesson_id: lesson.id } },
      body: { status: "completed", time_spent_seconds: 300 },
    }),
  );
}
const done = unwrap(await lyceum.GET("/v1/enrollments/{id}", { params: { path: { id: enrollment.id } } }));
assert.equal(done.status, "completed");

// The certificate is issued in the background; wait for it.
let code: string | undefined;
for (let i = 0; i < 100 && !code; i++) {
  for await (const c of paginate((cursor) =>
    lyceum.GET("/v1/certificates", { params: { query: { course_id: course.id, cursor } } }),
  )) {
    code = c.code;
  }
  if (!code) await new Promise((r) => setTimeout(r, 100));
}
assert.ok(code, "no certificate was issued");

const check = unwrap(await pub.GET("/v1/certificates/{code}", { params: { path: { code } } }));
assert.ok(check.valid && check.signature_valid);
assert.equal(check.recipient_name, "Lee Learner");

// Errors are problem+json, thrown as LyceumError with the stable code.
try {
  unwrap(
    await lyceum.POST("/v1/courses/{id}/enrollments", {
      params: { path: { id: course.id } },
      body: { user_id: learner.id },
    }),
  );
  assert.fail("enrolling twice should fail");
} catch (e) {
  assert.ok(e instanceof LyceumError && e.status === 409 && e.code === "already_enrolled", String(e));
}

// A file: uploaded as multipart, its type decided from its bytes, fetched through its signed URL.
const handout = unwrap(
  await lyceum.POST("/v1/files", {
    body: { file: "# Handout\n" },
    bodySerializer: () => {
      const form = new FormData();
      form.append("file", new Blob(["# Handout\n"]), "handout.md");
      return form;
    },
  }),
);
assert.equal(handout.status, "stored");
assert.equal(handout.content_type, "text/markdown");
const seen = unwrap(await lyceum.GET("/v1/files/{id}", { params: { path: { id: handout.id } } }));
assert.ok(seen.download_url);
assert.equal(await (await fetch(seen.download_url)).text(), "# Handout\n");

let courses = 0;
for await (const _ of paginate((cursor) => lyceum.GET("/v1/courses", { params: { query: { cursor } } }))) {
  courses++;
}
console.log(`ok: ${slug}: ${courses} course, certificate ${code} verifies`);
