/**
 * @module `npm run conformance`: runs the RSTS cases and prints `RSTS: P/N passed`, with each failure; then the
 * reference implementations' unit tests (rivescript-js, rivescript-python) as one table per suite
 * (`-- --verbose` lists each pending fix too).
 */
import { loadRstsCases, runRstsCase } from "./rsts.ts";
import { printReferenceTables } from "./reference-report.ts";

const cases = loadRstsCases();
let passed = 0;
for (const testCase of cases) {
  const result = await runRstsCase(testCase);
  if (result.ok) passed++;
  else console.log(`✗ ${testCase.file}#${testCase.name}: ${result.failure}`);
}
console.log(`RSTS: ${passed}/${cases.length} passed`);
const referenceOk = await printReferenceTables(console.log, process.argv.includes("--verbose"));
process.exitCode = passed === cases.length && referenceOk ? 0 : 1;
