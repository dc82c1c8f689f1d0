// The built package (`npm run build`, what `npm pack` ships) runs on plain Node: no TypeScript at runtime.
//     node test/smoke.mjs http://127.0.0.1:8080
import { createLyceum, unwrap } from "../dist/index.js";

const plans = unwrap(await createLyceum({ baseUrl: process.argv[2] }).GET("/v1/plans"));
if (!Array.isArray(plans.items) || plans.items.length === 0) throw new Error("the built SDK read no plans");
console.log(`ok: the built package (dist/) lists ${plans.items.length} plans from plain Node`);
