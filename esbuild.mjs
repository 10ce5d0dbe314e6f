// Bundles the three entry points: the VS Code client, the language server and the command line.
// The server and the CLI are self-contained Node scripts (they are the package's `bin` entries).
import * as esbuild from "esbuild";
import { chmodSync } from "node:fs";

const watch = process.argv.includes("--watch");
// `--production` (npm run package) minifies: the .vsix people install is smaller and loads faster.
const production = process.argv.includes("--production");
const shebang = { js: "#!/usr/bin/env node" };
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: false,
  minify: production,
  logLevel: "warning",
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
}
