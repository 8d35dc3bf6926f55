// Which room may import which (STYLE.md "Which room may import which", README
// "Architecture"). Checked by `npm run lint`; test/unit/layers.test.ts runs this same file
// against a deliberately bad tree (test/fixtures/layers) to show that it fails.
//
// LAYERS, bottom first. A domain may import `core`/`shared`, its own folder and domains
// in LOWER layers only: never one in its own layer or above. `index.ts` (the group
// exports) sits on top of everything. Derived from the imports as they are, with the
// payment provider layer (`paymentProviders/`) below orders and checkout/webhook
// (`payments/`) above them. `privacy` reads every domain's data, and `ops` (key rotation) reads privacy's registry.
const LAYERS = [
  ["core", "shared"],
  ["listings", "presence", "jobs", "paymentProviders"],
  // users sits above jobs: its suspension and demotion cascade (users/cascade.ts) withdraws
  // an engineer's held job and redispatches it (SPEC section 2).
  ["users", "vendors", "engineers", "orders", "api"],
  ["payments"],
  ["privacy"],
  // ops sits on top: ops-rotatePiiKey finds every ciphertext through privacy's registry.
  ["ops"],
];

const ALL = LAYERS.flat();
const alt = (names) => `^src/(${names.join("|")})/`;

/** One rule per room: the rooms it may not import (its own layer and everything above). */
const layerRules = LAYERS.flatMap((layer, index) =>
  layer.map((room) => {
    const forbidden = LAYERS.slice(index).flat().filter((other) => other !== room);
    return {
      name: `layer-${room}`,
      comment: `${room} (layer ${index}) imports only ${index === 0 ? "nothing of a domain" : LAYERS.slice(0, index).flat().join(", ")} and itself`,
      severity: "error",
      from: { path: `^src/${room}/` },
      to: { path: alt(forbidden) },
    };
  }),
);

module.exports = {

  forbidden: [
    {
      name: "no-circular",
      comment: "No module reaches itself back through its imports.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-test-or-tools-in-src",
      comment: "Product code never imports tests, test support or tools (demo data, the fake payer, the bench).",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(test|tools)/" },
    },
    {
      name: "rooms-are-known",
      comment: "Every folder under src/ is a room in LAYERS: a new room gets its place in the order first.",
      severity: "error",
      from: { path: "^src/", pathNot: [alt(ALL), "^src/index\\.ts$"] },
      to: {},
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(lib|node_modules)/" },
    // Type-only imports are dependencies of the design too.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
