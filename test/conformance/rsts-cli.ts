/** @module `npm run conformance`: runs the RSTS cases and prints `RSTS: P/N passed`, with each failure. */
import { loadRstsCases, runRstsCase } from "./rsts.ts";

const cases = loadRstsCases();
let passed = 0;
for (const testCase of cases) {
  const result = await runRstsCase(testCase);
  if (result.ok) passed++;
  else console.log(`✗ ${testCase.file}#${testCase.name}: ${result.failure}`);
}
console.log(`RSTS: ${passed}/${cases.length} passed`);
process.exitCode = passed === cases.length ? 0 : 1;
