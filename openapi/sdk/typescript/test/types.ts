/**
 * Compile-time checks of the generated types (type-checked by openapi/sdk/e2e, never run): the spec's
 * request enums reach TypeScript as unions of literals, and problem bodies are typed per operation.
 * Each `@ts-expect-error` fails the type check if the line below it ever compiles.
 */
import { createLyceum, type components } from "../src/index";

export async function typeChecks(): Promise<void> {
  const lyceum = createLyceum({ baseUrl: "http://127.0.0.1:8080", token: "lyc_live_x" });

  // A role is one of the documented values...
  await lyceum.POST("/v1/users", { body: { email: "a@b.test", name: "A", role: "instructor" } });
  // @ts-expect-error -- ...and a misspelled one does not compile.
  await lyceum.POST("/v1/users", { body: { email: "a@b.test", name: "A", role: "teacher" } });

  // Query filters too.
  await lyceum.GET("/v1/courses", { params: { query: { status: "published" } } });
  // @ts-expect-error -- not a course status
  await lyceum.GET("/v1/courses", { params: { query: { status: "live" } } });

  // Webhook event types and API key scopes are checked item by item.
  const events: components["schemas"]["CreateEndpoint"]["events"] = ["enrollment.completed", "*"];
  // @ts-expect-error -- not an event type
  const wrongEvents: components["schemas"]["CreateEndpoint"]["events"] = ["enrollment.finished"];
  void [events, wrongEvents];

  // The error of an operation is its problem body.
  const { error } = await lyceum.POST("/v1/courses/{id}/enrollments", {
    params: { path: { id: "0193a4c3-0f44-7b8e-a1c2-4d6f8091a2b3" } },
    body: { user_id: "0193a4c2-6a02-7d11-8e21-3c5e7f9a1b22" },
  });
  if (error) {
    const code: string = error.code;
    void code;
  }
}
