// The built-in variables of the data (server/src/model/variables.ts) against the real nginx -t
// 1.22.1: every http variable the engine counts as defined at 1.22.1 must be one nginx knows, and
// every one it dates later must be one nginx refuses (`unknown "x" variable`), so that
// undefined-variable's version check rests on facts the installed nginx confirms.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { BUILTIN_VARIABLES } from "../../server/src/model/variables";
import { isBuiltinVariable } from "../../server/src/rules/undefined-variable";
import { nginxBinary, nginxVersion } from "../support/nginx";

const bin = nginxBinary();
const skip = !bin ? "nginx is not installed" : nginxVersion() !== "1.22.1" ? "nginx is not 1.22.1" : false;

/** Modules Debian's nginx builds as dynamic ones (not loaded here): their variables are not asked. */
const DYNAMIC = /geoip|perl|xslt|image_filter/;

describe("built-in variables against real nginx -t 1.22.1", { skip }, () => {
  it("nginx 1.22.1 knows exactly the http variables the engine counts as defined there", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "variables-"));
    const accepts = (names: readonly string[]): { ok: boolean; output: string } => {
      const sets = names.map((n, i) => `            set $probe${i} "$${n}";`).join("\n");
      const text = `pid nginx.pid;\nerror_log error.log;\nevents {}\nhttp {\n    server {\n        listen 127.0.0.1:1;\n        location / {\n${sets}\n        }\n    }\n}\n`;
      fs.writeFileSync(path.join(dir, "nginx.conf"), text);
      const r = spawnSync(
        bin as string,
        ["-t", "-q", "-p", `${dir}/`, "-c", "nginx.conf", "-e", path.join(dir, "e.log")],
        {
          encoding: "utf8",
        },
      );
      return { ok: r.status === 0, output: `${r.stderr}${r.stdout}` };
    };
    const wrong: string[] = [];
    try {
      const names = BUILTIN_VARIABLES.filter((v) => v.subsystem === "http" && !DYNAMIC.test(v.module)).map(
        (v) =>
          // A family is asked with a suffix, as it is used.
          v.prefix ? `${v.name}x` : v.name,
      );
      const known = [...new Set(names.filter((n) => isBuiltinVariable(n, [1, 22, 1])))];
      const newer = [...new Set(names.filter((n) => !isBuiltinVariable(n, [1, 22, 1])))];
      if (!accepts(known).ok)
        for (const n of known) if (!accepts([n]).ok) wrong.push(`$${n}: nginx 1.22.1 does not know it`);
      for (const n of newer) {
        const r = accepts([n]);
        if (r.ok || !r.output.includes("unknown"))
          wrong.push(`$${n}: nginx 1.22.1 knows it (${r.output.trim()})`);
      }
      assert.ok(known.length >= 100, `only ${known.length} variables asked`);
      assert.ok(newer.length >= 3, `only ${newer.length} newer variables asked`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(wrong, [], wrong.join("\n"));
  });
});
