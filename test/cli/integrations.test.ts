// The pre-commit hook definition stays in step with the command line: pre-commit itself accepts it,
// its entry is a program the package installs, and its `files` pattern picks the same files
// nginx-lint picks when it walks a folder. pre-commit passes the matching staged files as PATHs; a
// run on them is a plain nginx-lint run.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { it } from "node:test";
import { looksLikeNginxFile } from "../../server/src/workspace";
import { need } from "../support/requirements";

const root = path.resolve(__dirname, "../../..");

/** The `key: value` lines of the hook definition (the file is one flat list item, written by hand). */
function hookFields(): Record<string, string> {
  const text = fs.readFileSync(path.join(root, ".pre-commit-hooks.yaml"), "utf8");
  const fields: Record<string, string> = {};
  for (const match of text.matchAll(/^(?:- | {2})([a-z_]+): (.*)$/gm))
    fields[match[1] as string] = match[2] as string;
  return fields;
}

it(".pre-commit-hooks.yaml runs the package's nginx-lint, serially, on nginx files", () => {
  const hook = hookFields();
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    bin: Record<string, string>;
  };
  assert.equal(hook.id, "nginx-lint");
  assert.equal(hook.language, "node");
  assert.ok(
    hook.entry && hook.entry in pkg.bin,
    `entry ${hook.entry} is not one of ${Object.keys(pkg.bin).join(", ")}`,
  );
  assert.equal(hook.require_serial, "true");
});

it("the hook's files pattern picks what nginx-lint picks in a folder", () => {
  const files = new RegExp(hookFields().files ?? "(?!)");
  const samples = [
    "nginx.conf",
    "etc/nginx/nginx.conf",
    "etc/nginx/proxy_params",
    "etc/nginx/fastcgi.conf",
    "etc/nginx/mime.types",
    "etc/nginx/conf.d/default.conf",
    "etc/nginx/sites-available/example.com",
    "etc/nginx/sites-enabled/default",
    "etc/nginx/snippets/ssl",
    "deploy/site.nginx",
    "deploy/site.nginxconf",
    "templates/default.conf.template",
    "docker/nginx.conf.sample",
    "README.md",
    "src/main.ts",
    "etc/nginx/sites-available/nested/x",
    "etc/nginx/nginx.conf.bak",
    "my-nginx.conf.txt",
    "snippets.conf.d/readme.txt",
  ];
  for (const sample of samples)
    assert.equal(
      files.test(sample),
      looksLikeNginxFile(sample),
      `${sample}: the hook and nginx-lint disagree`,
    );
});

it("pre-commit accepts .pre-commit-hooks.yaml", (t) => {
  const version = spawnSync("pre-commit", ["--version"], { encoding: "utf8" });
  const missing = "pre-commit is not installed (apt-get install -y --no-install-recommends pre-commit)";
  if (!need(t, version.status === 0, missing)) return;
  const result = spawnSync("pre-commit", ["validate-manifest", ".pre-commit-hooks.yaml"], {
    cwd: root,
    encoding: "utf8",
  });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});

it("npm pack prints only the tarball's name, which pre-commit reads to install the hook", () => {
  // pre-commit installs a node hook with `npm pack` and takes its whole standard output as the
  // tarball's name; npm prints a banner there for the prepare script unless .npmrc says
  // foreground-scripts=false. Checked in a copy holding the manifest and .npmrc, whose prepare
  // script does nothing (the real one would rebuild dist/ under the other tests' feet).
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-npm-pack-"));
  try {
    fs.copyFileSync(path.join(root, "package.json"), path.join(copy, "package.json"));
    fs.copyFileSync(path.join(root, ".npmrc"), path.join(copy, ".npmrc"));
    fs.writeFileSync(path.join(copy, "esbuild.mjs"), "");
    const result = spawnSync("npm", ["pack", "--dry-run"], { cwd: copy, encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
    const { name, version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
      name: string;
      version: string;
    };
    assert.equal(result.stdout, `${name}-${version}.tgz\n`);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
