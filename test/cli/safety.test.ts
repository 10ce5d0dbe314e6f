// The built command line against hostile and broken input: includes of devices, FIFOs, huge files and
// graphs of files including each other, glob patterns nginx accepts but a regular expression refuses,
// regular expressions from settings, and --fix on links, shared files and files that change meanwhile.
// Every case ends, with findings or one line, and never touches what it must not.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { scratchFolder } from "../support/scratch";

const root = path.resolve(__dirname, "../../..");
const cli = path.join(root, "dist", "cli.js");
const { dir: work, write } = scratchFolder("nginx-lint-safety-");

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

  it("refuses a device given as a path with one line", () => {
    const result = run(["/dev/zero"]);
    assert.equal(result.status, 2);
    assert.equal(result.stderr, "nginx-lint: /dev/zero: not a regular file or folder\n");
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
  it("matches endpoint patterns from --config in linear time", () => {
    const config = write(
      "redos/config.json",
      JSON.stringify({ websocket: { endpointPatterns: ["^/(a+)+$"] } }),
    );
    const file = write(
      "redos/site.conf",
      `server {\n    location /${"a".repeat(60)}! {\n        proxy_pass http://127.0.0.1:1;\n    }\n` +
        "    location /aaa {\n        proxy_pass http://127.0.0.1:1;\n    }\n}\n",
    );
    // A backtracking engine takes 2^60 steps on the first location; the second one matches.
    const { status, files } = lintJson("--hints", "--config", config, file);
    assert.equal(status, 1);
    assert.deepEqual(
      diagnosticsOf(files, file).map((d) => d.severity),
      [4, 2],
    );
    const lookahead = write(
      "redos/lookahead.json",
      JSON.stringify({ websocket: { endpointPatterns: ["(?=a)"] } }),
    );
    const refused = run(["--config", lookahead, file]);
    assert.equal(refused.status, 2);
    assert.match(
      refused.stderr,
      /^nginx-lint: --config .*: websocket\.endpointPatterns: "\(\?=a\)" is not a valid regular expression/,
    );
  });

  it("caps the findings of one file at 1,000, then says how many more", () => {
    const file = write("semicolons/site.conf", ";".repeat(100_000));
    const { status, files } = lintJson(file);
    assert.equal(status, 1);
    const diagnostics = diagnosticsOf(files, file);
    assert.equal(diagnostics.length, 1001);
    assert.equal(diagnostics[1000]?.code, "too-many-findings");
    assert.match(diagnostics[1000]?.message ?? "", /^99000 more findings/);
  });

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

/** Runs the command line with a module loaded first (to act, at an exact moment, as another process would). */
function runWithPreload(preload: string, args: readonly string[]) {
  const script = path.join(work, `preload-${Math.random().toString(36).slice(2)}.js`);
  fs.writeFileSync(script, preload);
  const result = spawnSync(process.execPath, ["--require", script, cli, ...args], {
    encoding: "utf8",
    cwd: work,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const BROKEN = "server {\n    listen 80;\n    root /srv\n}\n";
const FIXED = "server {\n    listen 80;\n    root /srv;\n}\n";

describe("nginx-lint --fix writes only what it means to", () => {
  it("writes through a link to the file it leads to, and keeps the link", () => {
    const real = write("link/sites-available/ws.conf", BROKEN);
    const link = path.join(work, "link", "sites-enabled", "ws.conf");
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync("../sites-available/ws.conf", link);
    const result = run(["--fix", link]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.ok(fs.lstatSync(link).isSymbolicLink(), "the link is still a link");
    assert.equal(fs.readFileSync(real, "utf8"), FIXED);
    assert.deepEqual(fs.readdirSync(path.dirname(real)), ["ws.conf"], "no temporary file is left");
  });

  it("keeps owner, group and mode (set-group bit included)", (t) => {
    if (process.getuid?.() !== 0) {
      t.skip("only root can give a file to another user");
      return;
    }
    const file = write("owner/site.conf", BROKEN);
    const nobody = spawnSync("id", ["-u", "nobody"], { encoding: "utf8" });
    const nogroup = spawnSync("id", ["-g", "nobody"], { encoding: "utf8" });
    if (nobody.status !== 0 || nogroup.status !== 0) {
      t.skip("there is no user nobody");
      return;
    }
    const uid = Number(nobody.stdout.trim());
    const gid = Number(nogroup.stdout.trim());
    fs.chownSync(file, uid, gid);
    fs.chmodSync(file, 0o2666);
    const result = run(["--fix", file]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const stat = fs.statSync(file);
    assert.equal(fs.readFileSync(file, "utf8"), FIXED);
    assert.deepEqual([stat.uid, stat.gid, stat.mode & 0o7777], [uid, gid, 0o2666]);
  });

  it("rewrites in place a file whose owner it cannot give to a new file", (t) => {
    // As the unprivileged user "nobody", in a folder nobody may write, a file of root's that anyone
    // may write: a new file renamed over it would belong to nobody.
    const runuser = ["/usr/sbin/runuser", "/sbin/runuser"].find((p) => fs.existsSync(p));
    if (process.getuid?.() !== 0 || !runuser) {
      t.skip("needs root and runuser to run as another user");
      return;
    }
    const dir = path.join(work, "foreign");
    const file = write("foreign/site.conf", BROKEN);
    const copy = path.join(work, "nginx-lint-foreign.js");
    fs.copyFileSync(cli, copy);
    fs.chmodSync(copy, 0o755);
    fs.chmodSync(work, 0o755);
    fs.chmodSync(file, 0o666);
    const nobody = Number(spawnSync("id", ["-u", "nobody"], { encoding: "utf8" }).stdout.trim());
    fs.chownSync(dir, nobody, fs.statSync(dir).gid);
    const result = spawnSync(runuser, ["-u", "nobody", "--", process.execPath, copy, "--fix", file], {
      encoding: "utf8",
    });
    if (result.status !== 0 && /node/.test(result.stderr) && !/nginx-lint/.test(result.stderr)) {
      t.skip(`"nobody" cannot run node here: ${result.stderr.trim()}`);
      return;
    }
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(fs.readFileSync(file, "utf8"), FIXED);
    const stat = fs.statSync(file);
    assert.deepEqual([stat.uid, stat.mode & 0o7777], [0, 0o666]);
    assert.deepEqual(fs.readdirSync(dir), ["site.conf"]);
  });

  it("keeps hard links together, writing the shared file in place", () => {
    const file = write("hard/site.conf", BROKEN);
    const other = path.join(work, "hard", "other-name.conf.bak");
    fs.linkSync(file, other);
    const inode = fs.statSync(file).ino;
    const result = run(["--fix", file]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(fs.readFileSync(other, "utf8"), FIXED);
    assert.equal(fs.statSync(file).ino, inode);
    assert.equal(fs.statSync(file).nlink, 2);
  });

  it("never writes through a link planted under the temporary file's name", () => {
    const victim = write("planted/victim.txt", "precious\n");
    const file = write("planted/site.conf", BROKEN);
    // As an attacker who guessed the name exactly: the first temporary file the run creates in that
    // folder is, at that moment, a link to the victim.
    const preload = `
      const fs = require("node:fs");
      const path = require("node:path");
      const open = fs.openSync;
      let planted = false;
      fs.openSync = function (target, flags, ...rest) {
        if (!planted && typeof target === "string" && path.dirname(target) === ${JSON.stringify(path.dirname(file))} && target !== ${JSON.stringify(file)} && typeof flags === "string" && flags.includes("w")) {
          planted = true;
          fs.symlinkSync(${JSON.stringify(victim)}, target);
        }
        return open.call(this, target, flags, ...rest);
      };`;
    const result = runWithPreload(preload, ["--fix", file]);
    assert.equal(fs.readFileSync(victim, "utf8"), "precious\n");
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(fs.readFileSync(file, "utf8"), FIXED);
    const links = fs
      .readdirSync(path.dirname(file))
      .filter((n) => fs.lstatSync(path.join(path.dirname(file), n)).isSymbolicLink());
    assert.equal(links.length, 1, "the planted link is the only extra entry, and it was not followed");
  });

  it("leaves a file that changed while it was being fixed, with one line and exit status 2", () => {
    const file = write("changed/site.conf", BROKEN);
    // Another writer appends a line after the run read the file and before it replaces it.
    const preload = `
      const fs = require("node:fs");
      const open = fs.openSync;
      let appended = false;
      fs.openSync = function (target, flags, ...rest) {
        if (!appended && typeof flags === "string" && flags.includes("x")) {
          appended = true;
          fs.appendFileSync(${JSON.stringify(file)}, "# added meanwhile\\n");
        }
        return open.call(this, target, flags, ...rest);
      };`;
    const result = runWithPreload(preload, ["--fix", file]);
    assert.equal(result.status, 2, result.stdout + result.stderr);
    assert.match(
      result.stderr,
      /^nginx-lint: .*site\.conf: changed while it was being fixed, so it is left as it is\n$/,
    );
    assert.equal(fs.readFileSync(file, "utf8"), BROKEN + "# added meanwhile\n");
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ["site.conf"]);
  });

  it("does not rewrite a file that is not valid UTF-8 (its other bytes would change)", () => {
    const bytes = Buffer.concat([Buffer.from("# caf"), Buffer.from([0xe9]), Buffer.from("\n" + BROKEN)]);
    const file = path.join(work, "latin1", "site.conf");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    const result = run(["--fix", file]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^nginx-lint: .*site\.conf: not valid UTF-8, so it is not fixed .*\n$/);
    assert.ok(fs.readFileSync(file).equals(bytes));
  });

  it("inserts lines with the file's own line ending", () => {
    const crlf =
      "server {\r\n    listen 80;\r\n    location /ws/ {\r\n        proxy_pass http://127.0.0.1:3000;\r\n    }\r\n}\r\n";
    const file = write("crlf/site.conf", crlf);
    const result = run(["--fix", file]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const fixed = fs.readFileSync(file, "utf8");
    assert.match(fixed, /proxy_set_header Upgrade/);
    assert.equal(fixed.replace(/\r\n/g, "").includes("\n"), false, "no bare LF");
    // The same fix over the JSON output carries CRLF too.
    const again = write("crlf/again.conf", crlf);
    const json = JSON.parse(run(["--format", "json", again]).stdout) as {
      diagnostics: { data?: { fixes: { edits: { newText: string }[] }[] } }[];
    }[];
    const texts =
      json[0]?.diagnostics.flatMap(
        (d) => d.data?.fixes.flatMap((f) => f.edits.map((e) => e.newText)) ?? [],
      ) ?? [];
    assert.ok(texts.some((t) => t.includes("\r\n")));
    assert.ok(texts.every((t) => t.replace(/\r\n/g, "").includes("\n") === false));
  });
});
