// Copies the pinned browser assets the server serves at /vendor into the package
// (agenttrace/web/vendor/), with a manifest naming each file's package and version.
// The server reads the manifest: a page whose assets are missing says so instead of
// loading them from a CDN. Run by `make ui` (npm ci, then npm run build).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "..", "agenttrace", "web", "vendor");

// name served under /vendor/ -> [package, file inside the package]
const FILES = {
  "react.production.min.js": ["react", "umd/react.production.min.js"],
  "react-dom.production.min.js": ["react-dom", "umd/react-dom.production.min.js"],
  "graphiql.min.js": ["graphiql", "graphiql.min.js"],
  "graphiql.min.css": ["graphiql", "graphiql.min.css"],
  "swagger-ui-bundle.js": ["swagger-ui-dist", "swagger-ui-bundle.js"],
  "swagger-ui.css": ["swagger-ui-dist", "swagger-ui.css"],
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const manifest = {};
for (const [name, [pkg, file]] of Object.entries(FILES)) {
  const root = join(here, "node_modules", pkg);
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  copyFileSync(join(root, file), join(out, name));
  manifest[name] = { package: pkg, version, file };
}
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`copied ${Object.keys(FILES).length} vendor assets to ${out}`);
