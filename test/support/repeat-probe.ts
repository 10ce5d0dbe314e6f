// Asks a real nginx whether a directive may be written twice in one block: the directive is placed in
// a minimal configuration once with arguments nginx accepts (its documented default first, then common
// shapes), then twice. Used by the duplicate-directive test to confirm every directive of the data.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { factAtVersion, type DirectiveFact } from "../../server/src/model/directives";

/** Minimal main configurations with `@` where the directive goes, by the context it needs. */
const HOSTS: Readonly<Record<string, string>> = {
  main: "@\nevents {}\n",
  events: "events {\n@\n}\n",
  http: "events {}\nhttp {\n@\n}\n",
  server: "events {}\nhttp {\nserver {\nlisten 127.0.0.1:1;\n@\n}\n}\n",
  location: "events {}\nhttp {\nserver {\nlisten 127.0.0.1:1;\nlocation / {\n@\n}\n}\n}\n",
  upstream:
    "events {}\nhttp {\nupstream u {\nserver 127.0.0.1:1;\n@\n}\nserver { listen 127.0.0.1:1; location / { proxy_pass http://u; } }\n}\n",
};

/** Argument shapes tried after the documented default, for directives whose default is not usable. */
const FALLBACKS = [
  "on",
  "off",
  "1",
  "1k",
  "10s",
  "x",
  "/tmp",
  "any",
  "1 1k",
  "x x",
  "127.0.0.1",
  "127.0.0.1:1",
  "http://127.0.0.1:1",
  "404 /x",
  "$x 1",
  "z:1m",
  "expired",
  "epoll",
  "nobody",
  "x.pid",
  "/tmp keys_zone=z:1m",
];

/** The outcome of probing one directive: refused ("is duplicate"), accepted, or not placeable. */
export type RepeatVerdict = "refused" | "accepted" | "untested";

/** The candidate argument strings for a directive, best first. */
function candidates(fact: DirectiveFact): string[] {
  const out: string[] = [];
  for (const value of fact.default ?? []) {
    // Docs defaults can show alternatives ("4k|8k") or be empty ("—").
    const first = value
      .split(/\s+/)
      .map((w) => w.split("|")[0] ?? w)
      .join(" ")
      .trim();
    if (first !== "" && !first.includes("…")) out.push(first);
  }
  return [...out, ...FALLBACKS];
}

/** Runs `nginx -t` on a configuration text in a scratch prefix. */
function nginxAccepts(bin: string, dir: string, text: string): { ok: boolean; output: string } {
  fs.writeFileSync(path.join(dir, "nginx.conf"), `pid nginx.pid;\nerror_log error.log;\n${text}`);
  const r = spawnSync(
    bin,
    ["-t", "-q", "-p", `${dir}/`, "-c", "nginx.conf", "-e", path.join(dir, "error.log")],
    { encoding: "utf8", timeout: 10_000 },
  );
  return { ok: r.status === 0, output: `${r.stderr ?? ""}${r.stdout ?? ""}` };
}

/**
 * Probes one directive of the data (as it is at nginx 1.22.1) with the nginx binary given. `value` is
 * what nginx said about the same non-`off` statement written twice, `off` about `off` written twice
 * (custom handlers often refuse any repeat that involves `off` while accepting repeated values).
 */
export function probeRepeat(
  bin: string,
  record: DirectiveFact,
): { value: RepeatVerdict; off: RepeatVerdict; detail: string } {
  const none = (detail: string) => ({ value: "untested" as const, off: "untested" as const, detail });
  const fact = factAtVersion(record, [1, 22, 1]);
  if (!fact || fact.block || (fact.subsystem !== "http" && fact.subsystem !== "core"))
    return none("not a plain http or core directive of nginx 1.22.1");
  const place = fact.contexts.find((c) => HOSTS[c] !== undefined);
  const host = place === undefined ? undefined : HOSTS[place];
  if (!host) return none("no context to place it in");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "repeat-probe-"));
  try {
    let value: RepeatVerdict = "untested";
    let off: RepeatVerdict = "untested";
    const details: string[] = [];
    for (const args of candidates(fact)) {
      const isOff = args === "off";
      if (isOff ? off !== "untested" : value !== "untested") continue;
      const line = `${fact.name} ${args};`;
      if (!nginxAccepts(bin, dir, host.replace("@", line)).ok) continue;
      const twice = nginxAccepts(bin, dir, host.replace("@", `${line}\n${line}`));
      const verdict: RepeatVerdict = twice.ok
        ? "accepted"
        : twice.output.includes("is duplicate")
          ? "refused"
          : "untested";
      details.push(verdict === "untested" ? `twice: ${twice.output.trim()}` : line);
      if (isOff) off = verdict;
      else value = verdict;
      if (value !== "untested" && off !== "untested") break;
    }
    return { value, off, detail: details.join(" / ") || "no argument nginx accepts once" };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
