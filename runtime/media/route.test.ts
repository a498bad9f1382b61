/** @module `GET /media/*` through the real Express route: served wherever the bot folder lies, hidden files inside it never. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryLogger } from "../log/logger.ts";
import { mediaRoute } from "./route.ts";

const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001", "hex");

describe("GET /media/* for a bot folder under a hidden folder", () => {
  const base = mkdtempSync(join(tmpdir(), "bot-media-route-"));
  // Like ~/.local/share/bots/faq or /srv/.bots/faq: a dot-folder above the bot folder.
  const root = join(base, ".local", "share", "faq");
  const memory = createMemoryLogger("debug");
  let server: Server;
  let url: string;

  beforeAll(async () => {
    mkdirSync(join(root, "media", ".drafts"), { recursive: true });
    writeFileSync(join(root, "media", "cat.png"), PNG);
    writeFileSync(join(root, "media", ".drafts", "dog.png"), PNG);
    writeFileSync(join(root, ".secret.png"), PNG);
    // A link whose name looks public, leading to a hidden file inside the folder: the real path is what is served.
    symlinkSync(join(root, ".secret.png"), join(root, "public.png"));
    const app = express();
    app.use(mediaRoute({ root, logger: memory.logger }));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(base, { recursive: true, force: true });
  });

  it("serves a media file of the folder with 200 and its bytes", async () => {
    const response = await fetch(`${url}/media/media/cat.png`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
  });

  it.each([["media/.drafts/dog.png"], [".secret.png"], ["public.png"]])("still refuses the hidden %s inside the folder with 403", async (path) => {
    const response = await fetch(`${url}/media/${path}`);
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("forbidden");
    expect(memory.lines().some((line) => line["event"] === "media.rejected" && line["path"] === path)).toBe(true);
  });
});
