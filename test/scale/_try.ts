import { account, drive, killHard, scripts, settle, startRig } from "./load.ts";
const rig = await startRig({ databaseUrl: "postgres://bot:bot@127.0.0.1:5432/bot_test_11_scale", processes: 3, env: { BOT_LOG_LEVEL: "info" } });
const users = scripts(40);
await drive(rig, users, { fault: { at: 0.4, run: () => killHard(rig.processes[0]!) } });
await settle(rig, users);
const acc = account(rig, users);
console.log(JSON.stringify({ ...acc, problems: acc.problems.slice(0, 6) }, null, 1));
for (const p of rig.processes.slice(1)) console.log(p.output.join("").split("\n").filter((l) => /"level":[45]0/.test(l) && !/broadcast.disabled/.test(l)).slice(0, 8).join("\n").slice(0, 3000));
await rig.close();
