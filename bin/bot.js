#!/usr/bin/env node
// The `bot` command. Sources are TypeScript; tsx compiles them on load so no build step is needed.
import { register } from "tsx/esm/api";

register();
await import("./bot.ts");
