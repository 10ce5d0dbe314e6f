// The built command line against hostile and broken input: includes of devices, FIFOs, huge files and
// graphs of files including each other, glob patterns nginx accepts but a regular expression refuses,
// regular expressions from settings, and --fix on links, shared files and files that change meanwhile.
// Every case ends, with findings or one line, and never touches what it must not.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";

const root = path.resolve(__dirname, "../../..");
const cli = path.join(root, "dist", "cli.js");
const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "nginx-lint-safety-")));
after(() => fs.rmSync(work, { recursive: true, force: true }));

function write(relative: string, text: string): string {
  const file = path.join(work, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function run(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    encoding: "utf8",
    cwd: work,
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonFile {
  file: string;
  diagnostics: { code: string; message: string; severity: number }[];
}

function lintJson(...args: string[]): { status: number | null; files: JsonFile[]; stderr: string } {
  const result = run(["--format", "json", ...args]);
  assert.equal(result.stderr, "", "no error line");
  return { status: result.status, files: JSON.parse(result.stdout) as JsonFile[], stderr: result.stderr };
}

function diagnosticsOf(files: JsonFile[], file: string): JsonFile["diagnostics"] {
  return files.find((f) => f.file === file)?.diagnostics ?? [];
}

describe("nginx-lint reads only what it may", () => {
  it("refuses to read a device named by an include, in a fragment whose context is guessed", () => {
    const file = write("zero/z.conf", "include /dev/zero;\n");
    const { status, files } = lintJson(file);
    assert.equal(status, 1);
    const [finding] = diagnosticsOf(files, file);
    assert.equal(finding?.code, "include-not-found");
    assert.match(finding?.message ?? "", /not a regular file/);
  });

  it("refuses to read a FIFO named by an include (it would wait for a writer for ever)", (t) => {
    const fifo = path.join(work, "fifo", "pipe");
    fs.mkdirSync(path.dirname(fifo), { recursive: true });
    const made = spawnSync("mkfifo", [fifo]);
    if (made.status !== 0) {
      t.skip("mkfifo is not available");
      return;
    }
    const file = write("fifo/site.conf", `include ${fifo};\nserver { listen 80; }\n`);
    const { status, files } = lintJson(file);
    assert.equal(status, 1);
    assert.deepEqual(
      diagnosticsOf(files, file).map((d) => d.code),
      ["include-not-found"],
    );
    // A glob that matches the FIFO skips it, as it skips anything but regular files.
    const globbed = write("fifo/glob.conf", `include ${path.dirname(fifo)}/pip*;\nserver { listen 80; }\n`);
    assert.equal(lintJson(globbed).status, 0);
  });

  it("applies maxFileSize to every included file", () => {
    write("size/big.conf", `# ${"x".repeat(4000)}\ngzip on;\n`);
    const file = write("size/nginx.conf", "events {}\nhttp {\n    include big.conf;\n}\n");
    assert.equal(lintJson(file).status, 0);
    const config = write("size/config.json", JSON.stringify({ maxFileSize: 1000 }));
    const { status, files } = lintJson("--config", config, file);
    assert.equal(status, 1);
    const [finding] = diagnosticsOf(files, file);
    assert.equal(finding?.code, "include-not-found");
    assert.match(finding?.message ?? "", /big\.conf" cannot be read \(larger than the size limit/);
  });

  it("honours includeRoots from --config: an include elsewhere is reported and not read", () => {
    const outside = write("roots/elsewhere/secret.conf", "worker_processes 1;\n");
    const file = write("roots/site/site.conf", `include ${outside};\nserver { listen 80; }\n`);
    // Without includeRoots the command line reads what the configuration names; the secret's
    // main-only directive makes the fragment a main file, where `server` is not allowed.
    const open = lintJson(file);
    assert.ok(diagnosticsOf(open.files, file).some((d) => d.code === "directive-not-allowed"));
    const config = write("roots/config.json", JSON.stringify({ includeRoots: [] }));
    const { files } = lintJson("--config", config, file);
    assert.deepEqual(
      diagnosticsOf(files, file).map((d) => d.code),
      ["include-outside-roots"],
    );
  });

  it("refuses mainConfig in --config with one line rather than ignoring it", () => {
    const file = write("mainconfig/site.conf", "server { listen 80; }\n");
    const config = write("mainconfig/config.json", JSON.stringify({ mainConfig: "/etc/nginx/nginx.conf" }));
    const result = run(["--config", config, file]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^nginx-lint: --config .*: mainConfig is an editor setting.*\n$/);
  });
});

describe("nginx-lint bounds its work", () => {
  it("ends on files that all include each other through a glob, with include findings", () => {
    for (let i = 0; i < 300; i++)
      write(`graph/many/s${i}.conf`, `server { listen ${1000 + i}; include many/*.conf; }\n`);
    const main = write("graph/nginx.conf", "events {}\nhttp {\n    include many/*.conf;\n}\n");
    const { status, files } = lintJson(path.join(work, "graph"));
    assert.equal(status, 1);
    const codes = new Set(files.flatMap((f) => f.diagnostics.map((d) => d.code)));
    assert.ok(codes.has("include-cycle"), [...codes].join(", "));
    assert.ok(
      diagnosticsOf(files, main).some((d) => d.code === "include-too-many"),
      "the main config says the include tree was cut",
    );
    for (const f of files) assert.ok(f.diagnostics.length <= 1001, `${f.file}: findings are capped`);
  });

  it("reads a glob character class nginx accepts but a regular expression refuses as matching nothing", () => {
    write("class/conf.d/a.conf", "gzip on;\n");
    const file = write(
      "class/nginx.conf",
      "events {}\nhttp {\n    include conf.d/[z-a].conf;\n    gzip yes;\n}\n",
    );
    const result = run(["--format", "json", file]);
    assert.equal(result.stderr, "");
    assert.equal(result.status, 1);
    const [entry] = JSON.parse(result.stdout) as JsonFile[];
    assert.deepEqual(
      entry?.diagnostics.map((d) => d.code),
      ["invalid-value"],
    );
  });
});
