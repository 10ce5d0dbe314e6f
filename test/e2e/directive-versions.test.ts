// The directive data's versions against the real nginx -t 1.22.1: every http or core directive the
// data says 1.22.1 has must not be an unknown directive there, and every open-source one it says came
// later must be (`unknown directive`), so that unsupported-in-version rests on facts nginx confirms.
// Asked as Debian's build has them: dynamic modules (not loaded here) and modules it lacks are left out,
// and a directive its security updates brought (max_headers) counts as there.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { BUILDS, sharedObjectOf } from "../../server/src/model/build";
import { ALL_DIRECTIVES, factAtVersion } from "../../server/src/model/directives";
import { nginxBinary, nginxVersion } from "../support/nginx";

const bin = nginxBinary();
const skip = !bin ? "nginx is not installed" : nginxVersion() !== "1.22.1" ? "nginx is not 1.22.1" : false;
const BUILD = BUILDS.debian;

/** Where a directive of a context is written; nginx reads the name before it checks anything else. */
const HOSTS: Readonly<Record<string, string>> = {
  main: "@\nevents {}\n",
  events: "events {\n@\n}\n",
  http: "events {}\nhttp {\n@\n}\n",
  server: "events {}\nhttp {\nserver {\n@\n}\n}\n",
  location: "events {}\nhttp {\nserver {\nlocation / {\n@\n}\n}\n}\n",
  upstream: "events {}\nhttp {\nupstream u {\n@\n}\n}\n",
};

describe("directive versions against real nginx -t 1.22.1", { skip }, () => {
  it("nginx 1.22.1 knows the directives the data gives it, and no later open-source one", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "directive-versions-"));
    const wrong: string[] = [];
    let asked = 0;
    try {
      for (const fact of ALL_DIRECTIVES) {
        if (fact.origin !== "nginx" || (fact.subsystem !== "http" && fact.subsystem !== "core")) continue;
        // Modules of the build that are not loaded here, or not there at all, are the build's business.
        const object = sharedObjectOf(fact);
        if ((object && BUILD.dynamic.has(object)) || BUILD.absent.has(fact.module)) continue;
        // A name another module defines at 1.22.1 is known to nginx whatever this record says.
        const elsewhere = ALL_DIRECTIVES.some(
          (f) => f !== fact && f.name === fact.name && factAtVersion(f, [1, 22, 1]),
        );
        const place = fact.contexts.find((c) => HOSTS[c] !== undefined);
        const host = place === undefined ? undefined : HOSTS[place];
        if (!host) continue;
        const has = factAtVersion(fact, [1, 22, 1]) !== undefined || BUILD.backported.has(fact.name);
        if (!has && elsewhere) continue;
        const text = `pid nginx.pid;\nerror_log error.log;\n${host.replace("@", `${fact.name} x${fact.block ? " {}" : ";"}`)}`;
        fs.writeFileSync(path.join(dir, "nginx.conf"), text);
        const r = spawnSync(
          bin as string,
          ["-t", "-q", "-p", `${dir}/`, "-c", "nginx.conf", "-e", path.join(dir, "e.log")],
          {
            encoding: "utf8",
          },
        );
        const unknown = `${r.stderr}${r.stdout}`.includes(`unknown directive "${fact.name}"`);
        asked++;
        if (has === unknown)
          wrong.push(
            `${fact.name} (${fact.module}): data ${has ? "has" : "lacks"} it at 1.22.1, nginx ${unknown ? "does not know it" : "knows it"}`,
          );
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.ok(asked >= 500, `only ${asked} directives asked`);
    assert.deepEqual(wrong, [], wrong.join("\n"));
  });
});
