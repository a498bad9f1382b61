// The layers of ARCHITECTURE.md as rules (`npm run lint:code` runs `depcruise`): each layer may import the layers
// below it and never one above; no module may take part in an import cycle. Type-only imports count too, since a
// type moved upward drags its module's meaning with it. Tests are not cruised: they may import anything.
/** Bottom to top. `path` says which files belong to the layer; the order is what each may import. */
const LAYERS = [
  { name: "core", path: "^compiler/(ir|diagnostics)/", what: "IR types and schema, diagnostics catalog" },
  { name: "grammar", path: "^grammar/", what: "Chevrotain tokens and parser" },
  { name: "compiler", path: "^compiler/(1-parse|2-analyze|3-emit)/|^compiler/[^/]+$", what: "compiler phases" },
  { name: "engine", path: "^engine/", what: "the pure engine" },
  { name: "sms", path: "^sms/", what: "SMS, MMS and Twilio facts" },
  { name: "config", path: "^config/", what: "bot.config.yaml" },
  { name: "lint", path: "^compiler/lint/", what: "lint rules" },
  { name: "log", path: "^runtime/log/", what: "the runtime's logging and redaction" },
  { name: "store", path: "^runtime/store/", what: "the store" },
  { name: "runtime", path: "^runtime/(?!log/|store/|api/|dashboard/|server/)", what: "the runtime's features" },
  { name: "console", path: "^runtime/(api|dashboard)/", what: "the web console" },
  { name: "server", path: "^runtime/server/", what: "the server's composition" },
  { name: "editor", path: "^editor/", what: "the language server" },
  { name: "sandbox", path: "^sandbox/", what: "the sandbox tools" },
  { name: "face", path: "^(bin|lib)/", what: "the CLI and the library face" },
];

/**
 * What each layer may import besides itself, where the order above is not the whole story: the compiler phases,
 * the engine, the SMS facts and bot.config.yaml are siblings that share only the core (the compiler may also
 * use the grammar), so none of them may reach into another.
 */
const MAY_IMPORT = {
  core: [],
  grammar: [],
  compiler: ["core", "grammar"],
  engine: ["core"],
  sms: ["core"],
  config: ["core"],
};

function allowedFor(index) {
  const layer = LAYERS[index];
  const names = MAY_IMPORT[layer.name] ?? LAYERS.slice(0, index).map((l) => l.name);
  return [layer.name, ...names];
}

const ours = "^(grammar|compiler|engine|sms|config|runtime|editor|editors|sandbox|bin|lib|test|bench|scripts)/";

const layerRules = LAYERS.map((layer, index) => {
  const allowed = allowedFor(index);
  const above = LAYERS.filter((l) => !allowed.includes(l.name));
  return {
    name: `layer-${layer.name}`,
    comment: `${layer.what} (${layer.name}) may import only ${allowed.join(", ")}: see ARCHITECTURE.md`,
    severity: "error",
    from: { path: layer.path },
    to: { path: above.map((l) => `(${l.path})`).join("|") || "^$" },
  };
});

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "An import cycle: split the shared part into its own module that both import",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...layerRules.filter((rule) => rule.to.path !== "^$"),
    {
      name: "product-imports-no-tests",
      comment: "Product code never imports test helpers, benchmarks or build scripts",
      severity: "error",
      from: { path: "^(grammar|compiler|engine|sms|config|runtime|editor|sandbox|bin|lib)/" },
      to: { path: "^(test|bench|scripts)/" },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that resolves to nothing (a moved or deleted file)",
      severity: "error",
      from: { path: ours },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)node_modules/|^dist/|\\.test\\.ts$|(^|/)fixtures/" },
    // Packages are resolved as Node resolves ESM imports (their `exports` maps), so a typo in a package import fails too.
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "node", "default", "types"], mainFields: ["module", "main", "types"] },
  },
};
