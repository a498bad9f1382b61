/**
 * @module Builds the VS Code extension and packages it as a `.vsix` without `@vscode/vsce` (which needs
 * Node 22): esbuild bundles the client with vscode-languageclient into dist/extension.js, and yazl writes
 * the zip layout vsce writes — `[Content_Types].xml`, `extension.vsixmanifest`, the files under `extension/`.
 * Usage: `npm run build:vscode [-- OUT_DIR]` (default editors/vscode/out). The extension itself is editors/vscode/.
 */
import { mkdirSync, readFileSync, createWriteStream } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import yazl from "yazl";

const HERE = join(dirname(fileURLToPath(import.meta.url)), "vscode");

interface Manifest {
  name: string;
  displayName: string;
  description: string;
  version: string;
  publisher: string;
  engines: { vscode: string };
  categories: string[];
}

/** Files of the extension as they go under `extension/` in the package (path → contents). */
export async function extensionFiles(): Promise<Map<string, Buffer>> {
  const bundle = await build({
    entryPoints: [join(HERE, "src", "extension.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node18",
    external: ["vscode"],
    write: false,
    minify: false,
    logLevel: "silent",
    outfile: "dist/extension.js",
  });
  const files = new Map<string, Buffer>();
  for (const name of ["package.json", "language-configuration.json", "README.md", "syntaxes/bot.tmLanguage.json"])
    files.set(name, readFileSync(join(HERE, name)));
  files.set("dist/extension.js", Buffer.from(bundle.outputFiles[0]!.contents));
  return files;
}

export function vsixManifest(m: Manifest): string {
  const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return `<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011" xmlns:d="http://schemas.microsoft.com/developer/vsx-schema-design/2011">
  <Metadata>
    <Identity Language="en-US" Id="${esc(m.name)}" Version="${esc(m.version)}" Publisher="${esc(m.publisher)}" />
    <DisplayName>${esc(m.displayName)}</DisplayName>
    <Description xml:space="preserve">${esc(m.description)}</Description>
    <Tags>bot,rivescript,sms,twilio,__ext_bot,__ext_rive</Tags>
    <Categories>${esc(m.categories.join(","))}</Categories>
    <GalleryFlags>Public</GalleryFlags>
    <Properties>
      <Property Id="Microsoft.VisualStudio.Code.Engine" Value="${esc(m.engines.vscode)}" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionDependencies" Value="" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionPack" Value="" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionKind" Value="workspace" />
      <Property Id="Microsoft.VisualStudio.Code.LocalizedLanguages" Value="" />
      <Property Id="Microsoft.VisualStudio.Services.GitHubFlavoredMarkdown" Value="true" />
    </Properties>
  </Metadata>
  <Installation>
    <InstallationTarget Id="Microsoft.VisualStudio.Code" />
  </Installation>
  <Dependencies />
  <Assets>
    <Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true" />
    <Asset Type="Microsoft.VisualStudio.Services.Content.Details" Path="extension/README.md" Addressable="true" />
  </Assets>
</PackageManifest>
`;
}

export function contentTypes(paths: string[]): string {
  const types: Record<string, string> = { ".json": "application/json", ".js": "application/javascript", ".md": "text/markdown", ".vsixmanifest": "text/xml" };
  const extensions = [...new Set([".vsixmanifest", ...paths.map((p) => p.slice(p.lastIndexOf(".")))])].filter((e) => types[e]);
  return `<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${extensions.map((e) => `<Default Extension="${e}" ContentType="${types[e]}" />`).join("")}</Types>
`;
}

/** Writes `<outDir>/<name>-<version>.vsix` and returns its path. Offline: only local files and esbuild. */
export async function buildVsix(outDir: string): Promise<string> {
  const manifest = JSON.parse(readFileSync(join(HERE, "package.json"), "utf8")) as Manifest;
  const files = await extensionFiles();
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `${manifest.name}-${manifest.version}.vsix`);
  const zip = new yazl.ZipFile();
  // A fixed date keeps the package byte-for-byte the same for the same sources.
  const mtime = new Date(Date.UTC(2020, 0, 1));
  zip.addBuffer(Buffer.from(contentTypes([...files.keys()])), "[Content_Types].xml", { mtime });
  zip.addBuffer(Buffer.from(vsixManifest(manifest)), "extension.vsixmanifest", { mtime });
  for (const [path, contents] of files) zip.addBuffer(contents, `extension/${path}`, { mtime });
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const stream = createWriteStream(out);
    zip.outputStream.pipe(stream).on("close", resolve).on("error", reject);
  });
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = await buildVsix(process.argv[2] ?? join(HERE, "out"));
  console.log(`wrote ${out}`);
}
