// Includes on a real disk, at their worst: cycles, a glob matching thousands of files, symbolic-link
// loops, a folder where a file was expected, unreadable files, links that lead outside the allowed
// roots. Each gives one clear finding and the analysis ends.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyze } from "../../server/src/service";
import { PARSE_OPTIONS } from "../../server/src/analysis/syntax";
import { DEFAULT_LIMITS, loadConfig } from "../../server/src/analysis/config";
import { collectFiles } from "../../server/src/workspace";
import { diskFileSystem, FileError, type FileSystem } from "../../server/src/analysis/files";
import { scratchFolder } from "../support/scratch";

const { dir: work, write } = scratchFolder("nginx-includes-");

const codes = (file: string, options: Parameters<typeof analyze>[1] = {}) =>
  analyze(file, { prefix: path.dirname(file), ...options }).findings.map(
    (f) => `${path.basename(f.file)}:${f.code}`,
  );

describe("includes", () => {
  it("reports a file that includes itself, once", () => {
    const file = write("self/nginx.conf", "events {}\nhttp {\n    include nginx.conf;\n}\n");
    assert.deepEqual(codes(file), ["nginx.conf:include-cycle"]);
  });

  it("bounds a glob that matches thousands of files", () => {
    for (let i = 0; i < 2500; i++)
      write(`many/conf.d/site${String(i).padStart(4, "0")}.conf`, `# site ${i}\n`);
    const file = write("many/nginx.conf", "events {}\nhttp {\n    include conf.d/*.conf;\n}\n");
    // The default bound is 20,000 matches; a lower one keeps the test's folder small.
    const result = analyze(file, { prefix: path.dirname(file), limits: { maxGlobMatches: 2000 } });
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ["include-too-many"],
    );
    assert.equal(result.config.files.size, 2001, "the first 2000 matches and the main file are read");
  });

  it("reports a symbolic link that points at itself", () => {
    fs.mkdirSync(path.join(work, "loop"), { recursive: true });
    fs.symlinkSync("loop.conf", path.join(work, "loop", "loop.conf"));
    const file = write("loop/nginx.conf", "events {}\nhttp {\n    include loop.conf;\n}\n");
    const result = analyze(file, { prefix: path.dirname(file) });
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ["include-not-found"],
    );
    assert.match(result.findings[0]?.message ?? "", /loop\.conf/);
  });

  it("walks a folder with a link back to itself without looping", () => {
    write("walk/a/site.conf", "server { listen 80; }\n");
    fs.symlinkSync("..", path.join(work, "walk", "a", "up"));
    assert.deepEqual(
      collectFiles([path.join(work, "walk")]).map((f) => path.relative(work, f)),
      ["walk/a/site.conf"],
    );
  });

  it("reports a folder where a file was expected", () => {
    fs.mkdirSync(path.join(work, "dir/snippets/ws.conf"), { recursive: true });
    const file = write("dir/nginx.conf", "events {}\nhttp {\n    include snippets/ws.conf;\n}\n");
    const result = analyze(file, { prefix: path.dirname(file) });
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ["include-not-found"],
    );
    assert.match(result.findings[0]?.message ?? "", /is a directory/);
  });

  it("reports a file that cannot be read", () => {
    const file = write("unreadable/nginx.conf", "events {}\nhttp {\n    include secret.conf;\n}\n");
    const secret = write("unreadable/secret.conf", "gzip on;\n");
    // Root reads any file, so the refusal comes from the file system seam, as EACCES would.
    const fsys: FileSystem = {
      ...diskFileSystem,
      readText: (f) => {
        if (f === secret) throw Object.assign(new Error("permission denied"), { code: "EACCES" });
        return diskFileSystem.readText(f);
      },
    };
    const result = analyze(file, { prefix: path.dirname(file), fs: fsys });
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ["include-not-found"],
    );
    assert.match(result.findings[0]?.message ?? "", /cannot be read \(EACCES\)/);
  });

  it("does not follow a link out of the allowed roots", () => {
    const outside = write("outside/evil.conf", "gzip on;\n");
    fs.mkdirSync(path.join(work, "root/conf.d"), { recursive: true });
    fs.symlinkSync(outside, path.join(work, "root", "conf.d", "evil.conf"));
    const file = write("root/nginx.conf", "events {}\nhttp {\n    include conf.d/*.conf;\n}\n");
    const result = analyze(file, { prefix: path.dirname(file), allowedRoots: [path.join(work, "root")] });
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ["include-outside-roots"],
    );
    assert.equal(result.config.files.size, 1);
  });

  it("judges a fragment's missing include as a warning, a main file's as an error", () => {
    const fragment = write("frag/site.conf", "server {\n    listen 80;\n    include missing.conf;\n}\n");
    assert.equal(analyze(fragment, { prefix: path.dirname(fragment) }).findings[0]?.severity, 2);
    const main = write("frag2/nginx.conf", "events {}\nhttp {\n    include missing.conf;\n}\n");
    assert.equal(analyze(main, { prefix: path.dirname(main) }).findings[0]?.severity, 1);
  });

  it("guessing a fragment's context reads no include outside the allowed roots", () => {
    // A main-only directive in the outside file would make the fragment a main file if it were read.
    const outside = write("guess/outside/secret.conf", "worker_processes 1;\n");
    const file = write("guess/ws/site.conf", `include ${outside};\nserver { listen 80; }\n`);
    const opened: string[] = [];
    const fsys: FileSystem = {
      ...diskFileSystem,
      readText: (f, limits) => {
        const text = diskFileSystem.readText(f, limits);
        opened.push(f);
        return text;
      },
    };
    const result = analyze(file, {
      prefix: path.dirname(file),
      fs: fsys,
      allowedRoots: [path.join(work, "guess", "ws")],
    });
    assert.deepEqual(opened, [file], "only the file itself was read");
    assert.equal(result.config.context, "http:http");
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ["include-outside-roots"],
    );
  });

  it("the read gate refuses devices, files over the limit, and files outside the roots", () => {
    assert.throws(
      () => diskFileSystem.readText("/dev/zero"),
      (e) => e instanceof FileError && e.code === "ENOTREG",
    );
    const file = write("gate/a.conf", "gzip on;\n");
    assert.equal(diskFileSystem.readText(file, { maxBytes: 9 }), "gzip on;\n");
    assert.throws(
      () => diskFileSystem.readText(file, { maxBytes: 8 }),
      (e) => e instanceof FileError && e.code === "EFBIG",
    );
    assert.throws(
      () => diskFileSystem.readText(file, { roots: [path.join(work, "elsewhere")] }),
      (e) => e instanceof FileError && e.code === "EOUTSIDE",
    );
    // A link inside the roots to a file outside them is judged by where it leads.
    const outside = write("gate-outside/b.conf", "gzip on;\n");
    fs.symlinkSync(outside, path.join(work, "gate", "link.conf"));
    assert.throws(
      () =>
        diskFileSystem.readText(path.join(work, "gate", "link.conf"), { roots: [path.join(work, "gate")] }),
      (e) => e instanceof FileError && e.code === "EOUTSIDE",
    );
  });

  it("a reversed range in a glob class matches nothing, as in nginx", () => {
    write("class/conf.d/a.conf", "gzip on;\n");
    const file = write("class/nginx.conf", "events {}\nhttp {\n    include conf.d/[z-a].conf;\n}\n");
    const result = analyze(file, { prefix: path.dirname(file) });
    assert.deepEqual(result.findings, []);
    assert.equal(result.config.files.size, 1);
  });

  it("the read gate refuses a file reached through a folder swapped for a link after the check", () => {
    const inside = path.join(work, "swap", "ws", "conf");
    write("swap/ws/conf/site.conf", "gzip on;\n");
    write("swap/outside/site.conf", "worker_processes 1;\n");
    const roots = [path.join(work, "swap", "ws")];
    // Right after the path is resolved (and found inside the roots), the folder becomes a link to
    // one outside them, as another process could do between the check and the open.
    const realpath = fs.realpathSync.native;
    let swapped = false;
    const patched = ((p: fs.PathLike, options?: fs.EncodingOption) => {
      const result = realpath(p, options);
      if (!swapped && String(p).startsWith(inside)) {
        swapped = true;
        fs.renameSync(inside, `${inside}.moved`);
        fs.symlinkSync(path.join(work, "swap", "outside"), inside);
      }
      return result;
    }) as typeof fs.realpathSync.native;
    // The module object itself: the namespace the import gives has only getters.
    const nodeFs = createRequire(__filename)("node:fs") as typeof fs;
    nodeFs.realpathSync.native = patched;
    try {
      assert.throws(
        () => diskFileSystem.readText(path.join(inside, "site.conf"), { roots }),
        (e) => e instanceof FileError && e.code === "EOUTSIDE",
      );
      assert.ok(swapped, "the folder was swapped between the check and the open");
    } finally {
      nodeFs.realpathSync.native = realpath;
    }
  });

  it("bounds the include directives met and the folder entries listed, not only the files read", () => {
    for (let i = 0; i < 50; i++) write(`budget/d/f${i}.conf`, "# nothing\n");
    const lines = (make: (i: number) => string) =>
      Array.from({ length: 30 }, (_, i) => make(i)).join("\n") + "\n";
    const load = (text: string, limits: Partial<typeof DEFAULT_LIMITS>) => {
      const file = write("budget/site.conf", text);
      let listed = 0;
      const fsys: FileSystem = {
        ...diskFileSystem,
        list: (dir) => {
          listed++;
          return diskFileSystem.list(dir);
        },
      };
      const config = loadConfig({
        fs: fsys,
        file,
        prefix: path.dirname(file),
        context: "http:server",
        parseOptions: PARSE_OPTIONS,
        limits: { ...DEFAULT_LIMITS, ...limits },
      });
      return { codes: config.findings.map((f) => f.code), listed };
    };
    // Globs that match nothing read no file, but each lists a folder of 50 entries.
    const globs = load(
      lines((i) => `include d/none${i}*.x;`),
      { maxListed: 100 },
    );
    assert.equal(globs.listed, 2, "listing stops once 100 entries were listed");
    assert.ok(globs.codes.length > 0 && globs.codes.every((c) => c === "include-too-many"));
    // Missing files read nothing either; each include is work all the same.
    const missing = load(
      lines((i) => `include none${i}.conf;`),
      { maxTargets: 10 },
    );
    assert.deepEqual(missing.codes, [
      ...Array<string>(10).fill("include-not-found"),
      ...Array<string>(20).fill("include-too-many"),
    ]);
  });
});
