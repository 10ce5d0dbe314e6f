// Bundles the three entry points: the VS Code client, the language server and the command line.
// The server and the CLI are self-contained Node scripts (they are the package's `bin` entries).
// Also writes dist/README.md, the README of the extension's page.
import * as esbuild from "esbuild";
import { chmodSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { writePageReadme } from "./scripts/page-readme.mjs";

const watch = process.argv.includes("--watch");
// `--production` (npm run package) minifies: the .vsix people install is smaller and loads faster.
const production = process.argv.includes("--production");
const shebang = { js: "#!/usr/bin/env node" };

// Bundled JSON (the directive facts) becomes `JSON.parse("...")` rather than a JavaScript object
// literal: V8 reads JSON text several times faster than it compiles the same data as code, which
// takes milliseconds off the start of every nginx-lint and language-server process.
const jsonAsParse = {
  name: "json-as-parse",
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, async (args) => {
      const text = await readFile(args.path, "utf8");
      // Parsed here first, so a broken data file fails the build instead of the first run.
      const compact = JSON.stringify(JSON.parse(text));
      return { contents: `export default JSON.parse(${JSON.stringify(compact)});`, loader: "js" };
    });
  },
};
// The package's version, for `nginx-lint --version`, SARIF output and the language server's start line.
const { version } = JSON.parse(await readFile("package.json", "utf8"));
const common = {
  bundle: true,
  define: { NGINX_LINT_VERSION: JSON.stringify(version) },
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: false,
  minify: production,
  logLevel: "warning",
  plugins: [jsonAsParse],
};

const builds = [
  { ...common, entryPoints: ["client/src/extension.ts"], outfile: "dist/client.js", external: ["vscode"] },
  { ...common, entryPoints: ["server/src/server.ts"], outfile: "dist/server.js", banner: shebang },
  { ...common, entryPoints: ["server/src/cli.ts"], outfile: "dist/cli.js", banner: shebang },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  chmodSync("dist/server.js", 0o755);
  chmodSync("dist/cli.js", 0o755);
  // The README the .vsix carries for the extension's page (see scripts/page-readme.mjs).
  writePageReadme(".");
}
