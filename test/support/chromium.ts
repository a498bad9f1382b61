/** @module Where the browser tests find Chromium and how they start it: Debian's package, headless, with nothing reaching out to the network. */
import fs from "node:fs";

/** Debian's chromium package; CHROMIUM_PATH points elsewhere. */
export const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

/** Without the background-networking flags Chromium tries hosts this offline machine refuses, at every start. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const haveChromium = fs.existsSync(CHROMIUM);
