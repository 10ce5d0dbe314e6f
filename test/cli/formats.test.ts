// The command line as linters' users expect it, run as built (dist/cli.js): SARIF checked against the
// SARIF 2.1.0 JSON schema, GitHub workflow commands, standard input, --quiet, --fix's count,
// colours on a real terminal only, suppression comments, and --config refusing what it does not know.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { need } from "../support/requirements";

const root = path.resolve(__dirname, "../../..");
const cli = path.join(root, "dist", "cli.js");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-lint-formats-"));
after(() => fs.rmSync(work, { recursive: true, force: true }));

function write(relative: string, text: string): string {
  const file = path.join(work, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function run(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const env = { ...process.env, ...options.env };
  // The tests decide about colours themselves.
  if (!options.env || !("FORCE_COLOR" in options.env)) delete env.FORCE_COLOR;
  if (!options.env || !("NO_COLOR" in options.env)) delete env.NO_COLOR;
  const result = spawnSync(process.execPath, [cli, ...args], {
    encoding: "utf8",
    cwd: work,
    input: options.input ?? "",
    env,
    maxBuffer: 1 << 28,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** One error (line 3), one warning (line 4), one information finding (line 7), in that order. */
const MIXED =
  "server {\n" +
  "    listen 80;\n" +
  "    proxy_passs http://127.0.0.1:1;\n" +
  "    location /ws/ {\n" +
  "        proxy_pass http://127.0.0.1:1;\n" +
  "    }\n" +
  "    location /app/ {\n" +
  "        proxy_pass http://127.0.0.1:2;\n" +
  "    }\n" +
  "}\n";

const SCHEMA_FILE = path.join(root, "test", "support", "sarif", "sarif-2.1.0-rtm.5.json");

interface SarifLog {
  version: string;
  $schema: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; helpUri: string }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string; uriBaseId?: string };
          region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
        };
      }[];
    }[];
  }[];
}

function validator() {
  // Non-Unicode regular expressions: one pattern of the 2.1.0 schema (`language`) has a stray `]`, which
  // only the Unicode mode refuses.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as object);
}

describe("nginx-lint --format sarif", () => {
  it("uses the vendored schema unchanged (the hash its README records)", () => {
    const hash = crypto.createHash("sha256").update(fs.readFileSync(SCHEMA_FILE)).digest("hex");
    const readme = fs.readFileSync(path.join(path.dirname(SCHEMA_FILE), "README.md"), "utf8");
    assert.ok(readme.includes(hash), `the schema's SHA-256 ${hash} is not the one recorded`);
  });

  it("writes a SARIF 2.1.0 log that the schema accepts, with rules, levels and 1-based regions", () => {
    const file = write("sarif/sites-enabled/site.conf", MIXED);
    const result = run(["--hints", "--format", "sarif", file]);
    assert.equal(result.status, 1, result.stderr);
    const log = JSON.parse(result.stdout) as SarifLog;
    const validate = validator();
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5)));
    // The validator does refuse what SARIF 2.1.0 does not allow.
    assert.equal(validate({ ...log, version: "2.0.0" }), false);
    assert.equal(log.version, "2.1.0");
    assert.match(log.$schema, /sarif-2\.1\.0/);
    const run0 = log.runs[0];
    assert.ok(run0);
    assert.equal(run0.tool.driver.name, "nginx-lint");
    const ids = run0.tool.driver.rules.map((r) => r.id);
    assert.ok(ids.includes("unknown-directive") && ids.includes("websocket-missing"));
    assert.ok(run0.tool.driver.rules.every((r) => r.helpUri.startsWith("https://")));
    assert.deepEqual(
      run0.results.map((r) => [r.ruleId, r.level]),
      [
        ["unknown-directive", "error"],
        ["websocket-missing", "warning"],
        ["websocket-missing", "note"],
      ],
    );
    const first = run0.results[0];
    assert.ok(first);
    assert.equal(run0.tool.driver.rules[first.ruleIndex]?.id, "unknown-directive");
    assert.match(first.message.text, /Unknown directive "proxy_passs"/);
    const location = first.locations[0]?.physicalLocation;
    assert.deepEqual(location?.artifactLocation, {
      uri: "sarif/sites-enabled/site.conf",
      uriBaseId: "%SRCROOT%",
    });
    assert.deepEqual(location?.region, { startLine: 3, startColumn: 5, endLine: 3, endColumn: 16 });
  });

  it("is valid for a clean file, a file outside the working directory and a name that needs escaping", () => {
    const validate = validator();
    const clean = write("sarif/clean.conf", "events {}\nhttp {}\n");
    const log = JSON.parse(run(["--format", "sarif", clean]).stdout) as SarifLog;
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5)));
    assert.deepEqual(log.runs[0]?.results, []);
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-lint-outside-"));
    try {
      const odd = path.join(outside, "my site#1.conf");
      fs.writeFileSync(odd, MIXED);
      const other = JSON.parse(run(["--format", "sarif", odd]).stdout) as SarifLog;
      assert.ok(validate(other), JSON.stringify(validate.errors?.slice(0, 5)));
      const uri = other.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri;
      assert.equal(uri, new URL(`file://${outside}/my%20site%231.conf`).href);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it("gives the places a message refers to as related locations", () => {
    const file = write(
      "sarif/unclosed.conf",
      "server {\n    listen 80;\n    location / {\n        return 204;\n}\n",
    );
    const log = JSON.parse(run(["--format", "sarif", file]).stdout) as {
      runs: {
        results: {
          ruleId: string;
          relatedLocations?: {
            message: { text: string };
            physicalLocation: { region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    const validate = validator();
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5)));
    const unclosed = log.runs[0]?.results.find((r) => r.ruleId === "unclosed-block");
    assert.ok(unclosed, JSON.stringify(log.runs[0]?.results));
    const related = unclosed.relatedLocations?.[0];
    assert.ok(related, "no related location");
    assert.ok(related.message.text.length > 0);
    assert.ok([1, 3].includes(related.physicalLocation.region.startLine), JSON.stringify(related));
  });

  it("holds a large report, written in pieces, as one valid log", () => {
    const site = Array.from(
      { length: 900 },
      (_, n) =>
        `server {\n    listen ${10000 + n};\n    location /ws/ {\n        proxy_pass http://127.0.0.1:9;\n    }\n}\n`,
    ).join("");
    const files = [0, 1, 2, 3].map((n) => write(`sarif-large/s${n}.conf`, site));
    const result = run(["--format", "sarif", ...files]);
    assert.ok(result.stdout.length > 1 << 20, `only ${result.stdout.length} bytes`);
    const log = JSON.parse(result.stdout) as SarifLog;
    assert.equal(log.runs[0]?.results.length, 3600);
    const validate = validator();
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5)));
  });
});

describe("nginx-lint --format github", () => {
  it("writes one workflow command per finding: error, warning, notice", () => {
    const file = write("github/site.conf", MIXED);
    const result = run(["--hints", "--format", "github", file]);
    assert.equal(result.status, 1);
    const lines = result.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 3);
    assert.equal(
      lines[0],
      '::error file=github/site.conf,line=3,col=5,endLine=3,endColumn=15,title=unknown-directive::Unknown directive "proxy_passs". Did you mean "proxy_pass"?',
    );
    assert.match(
      lines[1] ?? "",
      /^::warning file=github\/site\.conf,line=4,col=5,endLine=4,endColumn=\d+,title=websocket-missing::/,
    );
    assert.match(
      lines[2] ?? "",
      /^::notice file=github\/site\.conf,line=7,col=5,.*title=websocket-missing::/,
    );
  });

  it("escapes what would end a property or the message", () => {
    const file = write("github/a,b:c.conf", "server {\n    listen 80;\n    proxy_passs x;\n}\n");
    const line = run(["--format", "github", file]).stdout.trimEnd();
    assert.match(line, /^::error file=github\/a%2Cb%3Ac\.conf,line=3,/);
  });
});

describe("nginx-lint - (standard input)", () => {
  it("reads the text from stdin and reports it under --stdin-filename", () => {
    const result = run(["--stdin-filename", "conf.d/site.conf", "-"], { input: MIXED });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^conf\.d\/site\.conf:3:5 {2}error {2}Unknown directive/m);
    const json = JSON.parse(
      run(["--format", "json", "--stdin-filename", "conf.d/site.conf", "-"], { input: MIXED }).stdout,
    ) as {
      file: string;
    }[];
    assert.deepEqual(
      json.map((f) => f.file),
      [path.join(work, "conf.d", "site.conf")],
    );
  });

  it("without --stdin-filename, reports the text as <stdin>", () => {
    const result = run(["-"], { input: "server {\n    gzipp on;\n}\n" });
    assert.equal(result.status, 1);
    assert.match(result.stdout, /^<stdin>:2:5 {2}error {2}Unknown directive "gzipp"/);
  });

  it("resolves the text's includes from the path it is reported as", () => {
    write("stdin-inc/snippets/ws.conf", "proxy_set_header Upgrade $http_upgrade;\n");
    const text = "location / {\n    include snippets/ws.conf;\n    include snippets/missing.conf;\n}\n";
    const result = run(
      ["--prefix", path.join(work, "stdin-inc"), "--stdin-filename", "stdin-inc/conf.d/x.conf", "-"],
      {
        input: text,
      },
    );
    assert.doesNotMatch(result.stdout, /ws\.conf/);
    assert.match(result.stdout, /snippets\/missing\.conf/);
  });

  it("refuses - with other paths, --stdin-filename without -, and --fix with -", () => {
    for (const [args, pattern] of [
      [["-", "x.conf"], /^nginx-lint: "-" \(standard input\) must be the only PATH\n$/],
      [["--stdin-filename", "a.conf", "x.conf"], /^nginx-lint: --stdin-filename names standard input/],
      [["--fix", "-"], /^nginx-lint: --fix cannot write back to standard input\n$/],
    ] as const) {
      const result = run([...args]);
      assert.equal(result.status, 2);
      assert.match(result.stderr, pattern);
    }
  });
});

describe("nginx-lint --quiet", () => {
  it("reports errors only", () => {
    const file = write("quiet/site.conf", MIXED);
    const result = run(["--quiet", file]);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /unknown-directive/);
    assert.doesNotMatch(result.stdout, /websocket-missing/);
  });

  it("exits 0 when there are warnings but no errors", () => {
    const file = write("quiet/warn.conf", MIXED.replace("proxy_passs http://127.0.0.1:1;\n", ""));
    assert.equal(run([file]).status, 1);
    const result = run(["--quiet", file]);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, "");
  });
});

describe("nginx-lint --fix", () => {
  it("says on stderr how many fixes it applied in how many files; stdout keeps only the report", () => {
    const a = write("fixcount/a.conf", "server {\n    listen 80;\n    gzipp on;\n    root /srv\n}\n");
    const b = write("fixcount/b.conf", "server {\n    listen 81;\n    root /srv\n}\n");
    const clean = write("fixcount/c.conf", "server {\n    listen 82;\n}\n");
    const result = run(["--fix", "--format", "json", a, b, clean]);
    assert.equal(result.status, 0, result.stdout);
    assert.equal(result.stderr, "nginx-lint: applied 3 fixes in 2 files\n");
    assert.ok(Array.isArray(JSON.parse(result.stdout)));
    const again = run(["--fix", a, b, clean]);
    assert.equal(again.stderr, "nginx-lint: applied 0 fixes in 0 files\n");
  });
});

describe("nginx-lint colours", () => {
  const file = () => write("colour/site.conf", MIXED);
  const ESC = "\u001b[";

  it("are off when the output is piped", () => {
    assert.ok(!run([file()]).stdout.includes(ESC));
  });

  it("are on for a real terminal, and off there with NO_COLOR", (t) => {
    const script = ["/usr/bin/script", "/bin/script"].find((p) => fs.existsSync(p));
    if (!need(t, script !== undefined, "needs script(1) (util-linux) for a terminal") || !script) return;
    // script(1) gives the command a pseudo-terminal as its standard output.
    const onTerminal = (env: NodeJS.ProcessEnv) => {
      const command = [process.execPath, cli, file()].map((a) => `'${a}'`).join(" ");
      const environment = { ...process.env, ...env };
      delete environment.FORCE_COLOR;
      if (!("NO_COLOR" in env)) delete environment.NO_COLOR;
      return spawnSync(script, ["-qec", command, "/dev/null"], {
        encoding: "utf8",
        env: environment,
        cwd: work,
      }).stdout;
    };
    const coloured = onTerminal({ TERM: "xterm" });
    assert.ok(coloured.includes(`${ESC}31merror${ESC}39m`), JSON.stringify(coloured.slice(0, 200)));
    assert.ok(coloured.includes("unknown-directive"));
    const plain = onTerminal({ TERM: "xterm", NO_COLOR: "1" });
    assert.ok(plain.includes("unknown-directive"));
    assert.ok(!plain.includes(ESC), JSON.stringify(plain.slice(0, 200)));
  });

  it("FORCE_COLOR turns them on in a pipe, and NO_COLOR wins over it", () => {
    assert.ok(run([file()], { env: { FORCE_COLOR: "1" } }).stdout.includes(`${ESC}33mwarning${ESC}39m`));
    assert.ok(!run([file()], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } }).stdout.includes(ESC));
  });
});

describe("nginx-lint suppression comments", () => {
  it("disable-next-line silences the listed codes on the next statement only", () => {
    const file = write(
      "suppress/site.conf",
      "server {\n" +
        "    listen 80;\n" +
        "    # nginx-lint: disable-next-line unknown-directive\n" +
        "    proxy_passs http://127.0.0.1:1;\n" +
        "    proxy_passs http://127.0.0.1:2;\n" +
        "    # nginx-lint: disable-next-line undefined-variable, websocket-missing\n" +
        "    location /ws/ {\n" +
        "        proxy_pass http://127.0.0.1:1;\n" +
        "        return 200 $nope;\n" +
        "    }\n" +
        "}\n",
    );
    const result = run(["--format", "json", file]);
    const diagnostics = (
      JSON.parse(result.stdout) as { diagnostics: { code: string; range: { start: { line: number } } }[] }[]
    )[0]?.diagnostics;
    // Line 4's typo and line 7's WebSocket warning are silenced; line 5's typo is not, nor line 9's
    // variable (inside the block, not in the statement the comment is above).
    assert.deepEqual(
      diagnostics?.map((d) => [d.code, d.range.start.line + 1]),
      [
        ["unknown-directive", 5],
        ["undefined-variable", 9],
      ],
    );
  });

  it("the README's example silences what it says, and only with its comments", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### Suppression comments"));
    const example = /```nginx\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(example, "no nginx example under Suppression comments");
    const file = write("suppress/readme.conf", example);
    const result = run([file]);
    assert.equal(result.status, 0, result.stdout);
    assert.equal(result.stdout, "");
    const without = write("suppress/readme-without.conf", example.replace(/^\s*# nginx-lint:.*\n/gm, ""));
    assert.match(run([without]).stdout, /unknown-directive/);
  });

  it("disable-file silences the listed codes in the whole file", () => {
    const file = write(
      "suppress/file.conf",
      "# nginx-lint: disable-file websocket-missing,unknown-directive\n" + MIXED,
    );
    const result = run([file]);
    assert.equal(result.status, 0, result.stdout);
    assert.equal(result.stdout, "");
  });
});

describe("nginx-lint --config refuses what it does not know", () => {
  for (const [name, settings, message] of [
    ["an unknown key", { targetVersion: "1.22.1", severtiy: {} }, 'unknown setting "severtiy"'],
    ["an unknown WebSocket key", { websocket: { patterns: [] } }, 'unknown setting "websocket.patterns"'],
    [
      "an unknown code in severity",
      { severity: { "websocket-mising": "off" } },
      'severity names an unknown diagnostic code "websocket-mising"',
    ],
  ] as const) {
    it(`exits 2 with one line for ${name}`, () => {
      const config = write(`config-unknown/${name.replace(/ /g, "-")}.json`, JSON.stringify(settings));
      const site = write("config-unknown/site.conf", "server {\n    listen 80;\n}\n");
      const result = run(["--config", config, site]);
      assert.equal(result.status, 2);
      assert.equal(result.stderr, `nginx-lint: --config ${config}: ${message}\n`);
      assert.equal(result.stdout, "");
    });
  }

  it("accepts every code the README documents in severity", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Diagnostic codes"));
    const codes = [...section.matchAll(/^\| `([a-z0-9-]+)`\s+\|/gm)].map((m) => m[1] as string);
    assert.ok(codes.length > 20);
    const config = write(
      "config-unknown/all.json",
      JSON.stringify({ severity: Object.fromEntries(codes.map((c) => [c, "hint"])) }),
    );
    const site = write("config-unknown/all.conf", "server {\n    listen 80;\n}\n");
    const result = run(["--config", config, site]);
    assert.equal(result.status, 0, result.stderr);
  });
});
