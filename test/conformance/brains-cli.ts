/** @module `npm run conformance:brains`: agreement with rivescript 2.2.1 per public brain; `--diff` lists each difference. */
import { formatDifferences, formatReports, loadBrains, runBrain } from "./brains.ts";

const reports = [];
for (const brain of loadBrains()) reports.push(await runBrain(brain));
if (process.argv.includes("--diff")) for (const report of reports) for (const line of formatDifferences(report, Infinity)) console.log(line);
console.log(formatReports(reports));
