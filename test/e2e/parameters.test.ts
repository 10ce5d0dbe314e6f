// The parameter table (server/src/model/parameters.ts) against the real nginx -t: at nginx 1.22.1
// every parameter it lists as accepted there must pass, and every one it lists as newer, removed or
// NGINX Plus only must be refused with "invalid parameter"; the engine must report exactly those.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { overlayFileSystem } from "../../server/src/analysis/files";
import { Severity } from "../../server/src/analysis/finding";
import { atOrAfter, parameterTable } from "../../server/src/model/parameters";
import { analyze } from "../../server/src/service";
import { nginxBinary, nginxVersion } from "../support/nginx";

const bin = nginxBinary();
const skip = !bin ? "nginx is not installed" : nginxVersion() !== "1.22.1" ? "nginx is not 1.22.1" : false;

/** A configuration using one parameter, and the argument text that carries it. */
const PLACES: readonly { key: string; table: [string, string]; write: (p: string) => string }[] = [
  {
    key: "listen",
    table: ["listen", "http:server"],
    write: (p) =>
      `server {\n    listen 127.0.0.1:8443 ${p};\n    ssl_certificate c.crt;\n    ssl_certificate_key c.key;\n}`,
  },
  {
    key: "upstream server",
    table: ["server", "http:upstream"],
    write: (p) =>
      `upstream u {\n    zone z 64k;\n    server 127.0.0.1:8081 ${p};\n    server 127.0.0.1:8082;\n}\nserver { listen 127.0.0.1:8080; location / { proxy_pass http://u; } }`,
  },
  { key: "resolver", table: ["resolver", "http:http"], write: (p) => `resolver 127.0.0.1 ${p};` },
];

/** A value nginx accepts for a `name=` parameter, to test the name and not the value. */
const VALUES: Readonly<Record<string, string>> = {
  "weight=": "2",
  "max_conns=": "10",
  "max_fails=": "2",
  "fail_timeout=": "5s",
  "service=": "http",
  "route=": "a",
  "slow_start=": "10s",
  "backlog=": "128",
  "rcvbuf=": "64k",
  "sndbuf=": "64k",
  "fastopen=": "16",
  "ipv6only=": "on",
  "so_keepalive=": "on",
  "valid=": "30s",
  "ipv6=": "off",
  "ipv4=": "on",
  "status_zone=": "z",
};

describe("listen, upstream server and resolver parameters against real nginx -t 1.22.1", { skip }, () => {
  it("nginx accepts exactly the parameters the table gives nginx 1.22.1, and the engine agrees", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parameters-"));
    const cert = path.resolve(__dirname, "../../../test/nginx-tests/cases/proxy_ssl");
    fs.copyFileSync(path.join(cert, "localhost.crt"), path.join(dir, "c.crt"));
    fs.copyFileSync(path.join(cert, "localhost.key"), path.join(dir, "c.key"));
    const wrong: string[] = [];
    let checked = 0;
    try {
      for (const place of PLACES) {
        const table = parameterTable(...place.table);
        assert.ok(table, place.key);
        for (const fact of table.params) {
          if (fact.platform) continue;
          const param = fact.name.endsWith("=") ? fact.name + (VALUES[fact.name] ?? "1") : fact.name;
          // `bind` and `deferred` need nothing else; `default` and `default_server` one per address.
          const accepted =
            !fact.commercial &&
            (fact.since === undefined || atOrAfter([1, 22, 1], fact.since)) &&
            (fact.until === undefined || !atOrAfter([1, 22, 1], fact.until) || fact.removal === "warning");
          const text = `pid nginx.pid;\nerror_log error.log;\nevents {}\nhttp {\n${place.write(param)}\n}\n`;
          fs.writeFileSync(path.join(dir, "nginx.conf"), text);
          const r = spawnSync(
            bin as string,
            ["-t", "-q", "-p", `${dir}/`, "-c", "nginx.conf", "-e", path.join(dir, "e.log")],
            {
              encoding: "utf8",
            },
          );
          const output = `${r.stderr}${r.stdout}`;
          const nginxAccepts = r.status === 0;
          checked++;
          if (nginxAccepts !== accepted)
            wrong.push(
              `${place.key} ${param}: nginx ${nginxAccepts ? "accepts" : `refuses (${output.trim()})`}`,
            );
          // resolver takes a word it does not know for a host name.
          else if (
            !nginxAccepts &&
            !output.includes(`invalid parameter "${param}"`) &&
            !output.includes(`host not found in resolver "${param}"`)
          )
            wrong.push(`${place.key} ${param}: nginx refuses for another reason: ${output.trim()}`);
          const file = path.join(dir, "nginx.conf");
          const analysis = analyze(file, {
            fs: overlayFileSystem(new Map([[file, text]])),
            prefix: dir,
            text,
          });
          const ours = analysis.findings.filter(
            (f) => f.code === "invalid-parameter" && f.severity === Severity.Error,
          );
          if ((ours.length === 0) !== accepted)
            wrong.push(`${place.key} ${param}: engine ${ours.length ? "reports" : "accepts"} it`);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.ok(checked >= 30, `only ${checked} parameters checked`);
    assert.deepEqual(wrong, [], wrong.join("\n"));
  });
});
