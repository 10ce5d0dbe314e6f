// Helpers that run the real nginx binary on loopback, confined to a throw-away prefix directory.
//
// What nginx touches outside the prefix, and how these helpers avoid it:
// - `-p PREFIX/` makes every relative path in the config (include, pid, logs, temp dirs) resolve
//   inside the prefix, and `-e PREFIX/error.log` (nginx >= 1.19.5, so fine on Debian's 1.22.1)
//   redirects the start-up error log, which would otherwise be the compiled-in path.
// - `nginx -t` is not read-only: it opens every log file and creates every `*_temp_path` directory.
//   Debian compiles those to /var/log/nginx/access.log and /var/lib/nginx/{body,proxy,fastcgi,uwsgi,scgi}.
//   As root that only creates empty directories (and succeeds); as non-root it fails with
//   "Permission denied". `nginxTest` deliberately adds nothing to the config (the result must describe the
//   config as written), so configs that must also pass as non-root should come from `wrapHttp`, which sets
//   `pid`, `error_log`, `access_log off` and every temp path inside the prefix.
// - Running (not just testing) additionally writes the pid file (default /run/nginx.pid, which would clobber
//   a system nginx's), so `startNginx` adds `pid nginx.pid;` when the main config sets none.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/** A config file set: path relative to the prefix -> file content. */
export type NginxFiles = Record<string, string>;

/** One `nginx: [level] text [in file:line]` line of nginx's output. */
export interface NginxMessage {
  level: "debug" | "info" | "notice" | "warn" | "error" | "crit" | "alert" | "emerg";
  text: string;
  /** Relative to the prefix when the file is inside it, absolute otherwise; absent when nginx printed none. */
  file?: string;
  line?: number;
}

/** Result of `nginx -t`; `output` is the raw stderr+stdout, kept for assertion messages. */
export interface NginxTestResult {
  ok: boolean;
  messages: NginxMessage[];
  output: string;
}

export interface NginxConfigOptions {
  files: NginxFiles;
  /** Relative path (inside `files`) of the main config passed with `-c`. */
  main: string;
}

export interface StartNginxOptions extends NginxConfigOptions {
  /**
   * Port nginx listens on, waited for before resolving. When omitted, a free port is chosen and every
   * `{{PORT}}` in the files is replaced by it (retrying with another port if it was taken meanwhile).
   */
  port?: number;
  /** How long to wait for the port to answer; default 10 s. */
  startTimeoutMs?: number;
}

export interface RunningNginx {
  port: number;
  /** The prefix directory (removed by `stop`). */
  prefix: string;
  /** Everything nginx printed plus its error log so far, for assertion messages. */
  logs(): string;
  /** Stops nginx (SIGTERM, then SIGKILL after 5 s), waits for it to exit and removes the prefix. */
  stop(): Promise<void>;
}

/** The placeholder `startNginx` replaces with the chosen port. */
export const PORT_PLACEHOLDER = "{{PORT}}";

const TEST_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const MAX_CAPTURE = 1 << 20;

let cachedBinary: string | null | undefined;

/** Path of the nginx binary: `$NGINX_BIN` if set, else /usr/sbin, /usr/local/sbin, then PATH; undefined if none. */
export function nginxBinary(): string | undefined {
  const fromEnv = process.env["NGINX_BIN"];
  // An explicit override is returned even if broken, so a typo fails loudly instead of skipping tests.
  if (fromEnv) return fromEnv;
  if (cachedBinary === undefined) {
    const dirs = ["/usr/sbin", "/usr/local/sbin", ...(process.env["PATH"] ?? "").split(path.delimiter)];
    cachedBinary = dirs.map((d) => path.join(d, "nginx")).find(isExecutable) ?? null;
  }
  return cachedBinary ?? undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The installed nginx version, e.g. "1.22.1"; undefined when nginx is missing or unparsable. */
export function nginxVersion(): string | undefined {
  const bin = nginxBinary();
  if (!bin) return undefined;
  const result = spawnSync(bin, ["-v"], { encoding: "utf8", timeout: TEST_TIMEOUT_MS });
  // nginx prints its version on stderr.
  return /nginx\/(\d+(?:\.\d+)*)/.exec(`${result.stderr ?? ""}${result.stdout ?? ""}`)?.[1];
}

/**
 * The text with every host name that `proxy_pass` or an upstream's `server` names (other than an
 * upstream the text defines) replaced by 127.0.0.1: nginx resolves such names while loading the
 * configuration, and the test machines have no DNS. The structure is unchanged.
 */
export function withLocalHosts(text: string): string {
  const upstreams = new Set([...text.matchAll(/\bupstream\s+([\w.-]+)/g)].map((m) => m[1]));
  const local = (whole: string, prefix: string, host: string) =>
    upstreams.has(host) || host === "localhost" ? whole : `${prefix}127.0.0.1`;
  return text
    .replace(/(\bproxy_pass\s+https?:\/\/)([A-Za-z][\w.-]*)/g, local)
    .replace(/^(\s*server\s+)(?!unix:)([A-Za-z][\w.-]*)(?=[:\s;])/gm, local);
}

/**
 * A minimal main config around an `http {}` body, with pid, logs and every temp path inside the prefix so
 * it passes `nginx -t` and runs as non-root too. The body starts on line `WRAP_HTTP_BODY_LINE`.
 */
export function wrapHttp(body: string): string {
  return [
    "pid nginx.pid;",
    "error_log error.log;",
    "events {}",
    "http {",
    "  access_log off;",
    "  client_body_temp_path client_body_temp;",
    "  proxy_temp_path proxy_temp;",
    "  fastcgi_temp_path fastcgi_temp;",
    "  uwsgi_temp_path uwsgi_temp;",
    "  scgi_temp_path scgi_temp;",
    body,
    "}",
    "",
  ].join("\n");
}

/** 1-based line of `wrapHttp`'s output on which the body's first line lands. */
export const WRAP_HTTP_BODY_LINE = 11;

/** A TCP port that was free on 127.0.0.1 a moment ago (the OS picks it; another process may still take it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("freePort: no port assigned"))));
    });
  });
}

/** Writes `files` into a fresh temp prefix and returns its real path (with symlinks such as macOS /tmp resolved). */
export function writePrefix(files: NginxFiles): string {
  const prefix = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "nginx-test-")));
  try {
    for (const [relative, content] of Object.entries(files)) {
      const target = path.resolve(prefix, relative);
      if (path.isAbsolute(relative) || !isInside(prefix, target)) {
        throw new Error(`nginx files must be relative paths inside the prefix: ${relative}`);
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
  } catch (error) {
    fs.rmSync(prefix, { recursive: true, force: true });
    throw error;
  }
  return prefix;
}

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

const LEVELS = new Set<string>(["debug", "info", "notice", "warn", "error", "crit", "alert", "emerg"]);

/** Parses nginx's `nginx: [level] text in /abs/file:line` lines; files inside `prefix` become relative. */
export function parseNginxOutput(output: string, prefix?: string): NginxMessage[] {
  const messages: NginxMessage[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const match = /^nginx: \[(\w+)\] (.*)$/.exec(raw);
    if (!match || !LEVELS.has(match[1] ?? "")) continue;
    const level = match[1] as NginxMessage["level"];
    const rest = match[2] ?? "";
    // Greedy text: the location is the last " in /path:line" (message texts may contain " in " themselves).
    const located = /^(.*) in (\/.*):(\d+)$/.exec(rest);
    if (!located) {
      messages.push({ level, text: rest });
      continue;
    }
    const absolute = located[2] ?? "";
    const file = prefix && isInside(prefix, absolute) ? path.relative(prefix, absolute) : absolute;
    messages.push({ level, text: located[1] ?? "", file, line: Number(located[3]) });
  }
  return messages;
}

/** Runs `nginx -t -p PREFIX -c MAIN -e PREFIX/error.log` on `files` in a temp prefix (removed afterwards). */
export async function nginxTest(options: NginxConfigOptions): Promise<NginxTestResult> {
  const bin = requireBinary();
  const prefix = writePrefix(options.files);
  try {
    const { code, output } = await runToExit(
      bin,
      ["-t", ...prefixArgs(prefix, options.main)],
      TEST_TIMEOUT_MS,
    );
    return { ok: code === 0, messages: parseNginxOutput(output, prefix), output };
  } finally {
    fs.rmSync(prefix, { recursive: true, force: true });
  }
}

function requireBinary(): string {
  const bin = nginxBinary();
  if (!bin) throw new Error("nginx binary not found (set NGINX_BIN)");
  return bin;
}

function prefixArgs(prefix: string, main: string): string[] {
  // A trailing slash: nginx concatenates the prefix and relative paths as strings.
  return ["-p", `${prefix}/`, "-c", main, "-e", path.join(prefix, "error.log")];
}

function runToExit(
  bin: string,
  args: string[],
  timeoutMs: number,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer): void => {
      if (output.length < MAX_CAPTURE) output += chunk.toString("utf8");
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`nginx ${args.join(" ")} timed out after ${timeoutMs} ms\n${output}`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

// Children still alive when the test process exits (a crashed test, a forgotten stop()) are killed so a
// foreground nginx never outlives the run and keeps its port.
const liveChildren = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of liveChildren) child.kill("SIGKILL");
});

/**
 * Starts nginx in the foreground (`daemon off; master_process off;`: one process, so killing it leaves no
 * workers behind) and resolves once it wrote its pid file and its port accepts connections.
 */
export async function startNginx(options: StartNginxOptions): Promise<RunningNginx> {
  if (options.port !== undefined) return startOnce(options, options.port);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const files = Object.fromEntries(
      Object.entries(options.files).map(([name, text]) => [
        name,
        text.split(PORT_PLACEHOLDER).join(String(port)),
      ]),
    );
    try {
      return await startOnce({ ...options, files }, port);
    } catch (error) {
      lastError = error;
      // Only a lost race for the port is worth another try; anything else is a real failure.
      if (!/Address already in use/.test(String(error))) throw error;
    }
  }
  throw lastError;
}

async function startOnce(options: StartNginxOptions, port: number): Promise<RunningNginx> {
  const bin = requireBinary();
  const prefix = writePrefix(options.files);
  const mainText = options.files[options.main] ?? "";
  const pidMatch = /^\s*pid\s+([^;\s]+)\s*;/m.exec(mainText);
  const pidFile = path.resolve(prefix, pidMatch?.[1] ?? "nginx.pid");
  const globals = `daemon off; master_process off;${pidMatch ? "" : " pid nginx.pid;"}`;
  const errorLog = path.join(prefix, "error.log");

  const child = spawn(bin, [...prefixArgs(prefix, options.main), "-g", globals], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  liveChildren.add(child);
  let output = "";
  const collect = (chunk: Buffer): void => {
    if (output.length < MAX_CAPTURE) output += chunk.toString("utf8");
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  let spawnError: Error | undefined;
  child.on("error", (error) => (spawnError = error));
  const exited = new Promise<void>((resolve) => {
    child.on("close", () => {
      liveChildren.delete(child);
      resolve();
    });
  });
  const hasExited = (): boolean => child.exitCode !== null || child.signalCode !== null || !!spawnError;
  const logs = (): string => {
    let log = "";
    try {
      log = fs.readFileSync(errorLog, "utf8");
    } catch {
      // No error log yet.
    }
    return `${output}${log ? `--- error.log ---\n${log}` : ""}`;
  };

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      if (!hasExited()) {
        child.kill("SIGTERM");
        const killTimer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(killTimer);
      }
      fs.rmSync(prefix, { recursive: true, force: true });
    })();
    return stopped;
  };

  try {
    await waitUntilReady(child, pidFile, port, options.startTimeoutMs ?? TEST_TIMEOUT_MS, hasExited);
  } catch (error) {
    const why = spawnError?.message ?? (error instanceof Error ? error.message : String(error));
    const details = logs();
    await stop();
    throw new Error(`nginx did not start on 127.0.0.1:${port}: ${why}\n${details}`);
  }
  return { port, prefix, logs, stop };
}

async function waitUntilReady(
  child: ChildProcess,
  pidFile: string,
  port: number,
  timeoutMs: number,
  hasExited: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // nginx writes the pid file only after binding every listen socket, so "pid file names our child" rules out
  // the port answering for some other process while nginx is still retrying a failed bind().
  for (;;) {
    if (hasExited()) throw new Error(`nginx exited (code ${child.exitCode}, signal ${child.signalCode})`);
    if (readPid(pidFile) === child.pid && (await portAnswers(port))) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function readPid(file: string): number | undefined {
  try {
    return Number(fs.readFileSync(file, "utf8").trim());
  } catch {
    return undefined;
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
