// The user's settings: one schema and one set of defaults for the command line's JSON config file
// (`--config`), the language server and the VS Code extension (`nginx.*`, contributed in
// package.json; a test checks that package.json and these defaults agree).

import { RE2JS } from "re2js";
import { Severity } from "./analysis/finding";
import { spawnSync } from "node:child_process";
import { BUILD_NAMES, BUILDS, buildFromConfigureArguments, type Build, type BuildName } from "./model/build";
import { DEFAULT_TARGET_VERSION, formatVersion, parseVersion, type Version } from "./model/version";

/** How a setting names a severity. */
export type SeverityName = "error" | "warning" | "information" | "hint" | "off";

/** `auto`: Warning when something says the location serves WebSockets (see rules/websocket/evidence.ts), else Hint. */
export type MissingSeverity = SeverityName | "auto";

export interface Settings {
  /** The nginx version the configuration is for. */
  readonly targetVersion: string;
  /**
   * How that nginx was built: which optional modules are compiled in and which need `load_module`
   * ("debian", "nginx.org", "all", or "auto": `nginx -V` of the nginx on PATH, where allowed).
   */
  readonly build: BuildName;
  /** Severity overrides by diagnostic code. */
  readonly severity: Readonly<Record<string, SeverityName>>;
  readonly websocket: {
    /** How a proxied location without any WebSocket setup is reported. */
    readonly missingSeverity: MissingSeverity;
    /** Regular expressions (case-insensitive) for location paths and upstreams that serve WebSockets. */
    readonly endpointPatterns: readonly string[];
  };
  /** The main nginx.conf (absolute, or relative to the workspace); empty: found in the workspace. */
  readonly mainConfig: string;
  /** Folders outside the workspace whose files includes may read (the editor reads nothing else). */
  readonly includeRoots: readonly string[];
  /** Files larger than this many bytes are not read (the open file in the editor, and every included file). */
  readonly maxFileSize: number;
}

/** Paths and upstream names that usually carry WebSockets (matched anywhere, case-insensitive). */
export const DEFAULT_ENDPOINT_PATTERNS: readonly string[] = [
  "(^|[/_.-])ws([/_.-]|$)",
  "websockets?",
  "socket\\.io",
  "sockjs",
  "(^|/)cable(/|$)",
  "(^|/)hubs?(/|$)",
  "(^|/)live(/|$)",
  "(^|/)realtime(/|$)",
  "notebooks",
  "api/kernels",
  "terminals/websocket",
  "graphql",
  "subscriptions",
  "xmpp-websocket",
];

export const DEFAULT_SETTINGS: Settings = {
  targetVersion: formatVersion(DEFAULT_TARGET_VERSION),
  // Debian 12's, like the default target version (and the nginx the tests compare against): stream,
  // mail, perl, xslt, image_filter and geoip are dynamic modules there.
  build: "debian",
  severity: {},
  websocket: { missingSeverity: "auto", endpointPatterns: DEFAULT_ENDPOINT_PATTERNS },
  mainConfig: "",
  includeRoots: ["/etc/nginx"],
  maxFileSize: 5 * 1024 * 1024,
};

const SEVERITY_NAMES: readonly string[] = ["error", "warning", "information", "hint", "off"];

/** The numeric severity of a name ("off" stays "off"). */
export function severityFromName(name: SeverityName): Severity | "off" {
  switch (name) {
    case "error":
      return Severity.Error;
    case "warning":
      return Severity.Warning;
    case "information":
      return Severity.Information;
    case "hint":
      return Severity.Hint;
    case "off":
      return "off";
  }
}

/** Thrown for a settings value that cannot be used; the message names the key. */
export class SettingsError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads settings from a plain object (a parsed JSON file, or VS Code's `nginx` section), filling in
 * defaults. Unknown keys are ignored; wrong types throw a SettingsError naming the key.
 */
export function readSettings(raw: unknown): Settings {
  if (raw === undefined || raw === null) return DEFAULT_SETTINGS;
  if (!isRecord(raw)) throw new SettingsError("settings must be a JSON object");
  const out = { ...DEFAULT_SETTINGS, websocket: { ...DEFAULT_SETTINGS.websocket } };
  if (raw.targetVersion !== undefined) {
    if (typeof raw.targetVersion !== "string" || !parseVersion(raw.targetVersion)) {
      throw new SettingsError(`targetVersion must look like "1.22.1"`);
    }
    out.targetVersion = raw.targetVersion;
  }
  if (raw.build !== undefined) {
    if (typeof raw.build !== "string" || !(BUILD_NAMES as readonly string[]).includes(raw.build)) {
      throw new SettingsError(`build must be one of ${BUILD_NAMES.map((b) => `"${b}"`).join(", ")}`);
    }
    out.build = raw.build as BuildName;
  }
  if (raw.severity !== undefined) {
    if (!isRecord(raw.severity)) throw new SettingsError("severity must map diagnostic codes to severities");
    for (const [code, value] of Object.entries(raw.severity)) {
      if (typeof value !== "string" || !SEVERITY_NAMES.includes(value)) {
        throw new SettingsError(`severity.${code} must be one of ${SEVERITY_NAMES.join(", ")}`);
      }
    }
    out.severity = raw.severity as Record<string, SeverityName>;
  }
  if (raw.websocket !== undefined) {
    if (!isRecord(raw.websocket)) throw new SettingsError("websocket must be an object");
    const ws = raw.websocket;
    if (ws.missingSeverity !== undefined) {
      if (
        typeof ws.missingSeverity !== "string" ||
        ![...SEVERITY_NAMES, "auto"].includes(ws.missingSeverity)
      ) {
        throw new SettingsError(
          `websocket.missingSeverity must be "auto" or one of ${SEVERITY_NAMES.join(", ")}`,
        );
      }
      out.websocket.missingSeverity = ws.missingSeverity as MissingSeverity;
    }
    if (ws.endpointPatterns !== undefined) {
      if (!Array.isArray(ws.endpointPatterns) || !ws.endpointPatterns.every((p) => typeof p === "string")) {
        throw new SettingsError("websocket.endpointPatterns must be a list of regular expressions");
      }
      for (const pattern of ws.endpointPatterns as string[]) compileEndpointPattern(pattern);
      out.websocket.endpointPatterns = ws.endpointPatterns as string[];
    }
  }
  if (raw.mainConfig !== undefined) {
    if (typeof raw.mainConfig !== "string") throw new SettingsError("mainConfig must be a path");
    out.mainConfig = raw.mainConfig;
  }
  if (raw.includeRoots !== undefined) {
    if (!Array.isArray(raw.includeRoots) || !raw.includeRoots.every((p) => typeof p === "string")) {
      throw new SettingsError("includeRoots must be a list of folders");
    }
    out.includeRoots = raw.includeRoots as string[];
  }
  if (raw.maxFileSize !== undefined) {
    if (typeof raw.maxFileSize !== "number" || !(raw.maxFileSize > 0)) {
      throw new SettingsError("maxFileSize must be a positive number of bytes");
    }
    out.maxFileSize = raw.maxFileSize;
  }
  return out;
}

/** The target version of a settings object. */
export function targetOf(settings: Settings): Version {
  return parseVersion(settings.targetVersion) ?? DEFAULT_TARGET_VERSION;
}

/** A compiled endpoint pattern: `test` says whether it matches anywhere in a subject. */
export interface EndpointPattern {
  test(subject: string): boolean;
}

/**
 * Compiles an endpoint pattern with RE2's engine, whose matching time is linear in the subject: the
 * patterns come from settings, which a workspace can set, and a backtracking engine would let one
 * (`^/(a+)+$`) stall the editor on one location path. RE2's syntax has no lookaround or backreferences.
 */
export function compileEndpointPattern(pattern: string): EndpointPattern {
  try {
    return RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
  } catch {
    throw new SettingsError(
      `websocket.endpointPatterns: "${pattern}" is not a valid regular expression (RE2 syntax: no lookaround or backreferences)`,
    );
  }
}

/** An endpoint pattern as written in the settings, and compiled. */
export interface NamedPattern {
  readonly source: string;
  readonly compiled: EndpointPattern;
}

const compiledPatterns = new WeakMap<readonly string[], readonly NamedPattern[]>();

/** The settings' endpoint patterns, compiled once per list. */
export function endpointPatternsOf(settings: Settings): readonly NamedPattern[] {
  const list = settings.websocket.endpointPatterns;
  let compiled = compiledPatterns.get(list);
  if (!compiled) {
    compiled = list.map((source) => ({ source, compiled: compileEndpointPattern(source) }));
    compiledPatterns.set(list, compiled);
  }
  return compiled;
}

let detected: Build | null | undefined;

/** The build of the nginx on PATH (`nginx -V`), asked once per process; undefined when there is none. */
function detectBuild(): Build | undefined {
  if (detected === undefined) {
    try {
      const r = spawnSync("nginx", ["-V"], { encoding: "utf8", timeout: 5000 });
      const text = `${r.stderr ?? ""}${r.stdout ?? ""}`;
      detected =
        r.status === 0 && text.includes("configure arguments") ? buildFromConfigureArguments(text) : null;
    } catch {
      detected = null;
    }
  }
  return detected ?? undefined;
}

/**
 * The build of a settings object. `auto` runs `nginx -V` only when `mayRunNginx` (the command line,
 * or an editor workspace the user trusts); otherwise, or without an nginx on PATH, the default build.
 */
export function buildOf(settings: Settings, mayRunNginx: boolean): Build {
  if (settings.build !== "auto") return BUILDS[settings.build];
  return (mayRunNginx ? detectBuild() : undefined) ?? BUILDS.debian;
}
