// The settings have one source of truth, DEFAULT_SETTINGS in server/src/settings.ts; package.json's
// `contributes.configuration` must offer exactly those keys (with the `nginx.` prefix), with the same
// types and defaults, so what VS Code sends the server with nothing changed reads back as the defaults.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { it } from "node:test";
import { DEFAULT_SETTINGS, readSettings } from "../../server/src/settings";

interface Property {
  readonly type?: string | string[];
  readonly default?: unknown;
  readonly enum?: unknown[];
  readonly items?: { readonly type?: string };
  readonly additionalProperties?: { readonly enum?: unknown[] };
  readonly description?: string;
  readonly markdownDescription?: string;
}

interface Manifest {
  readonly contributes?: {
    readonly configuration?:
      | { readonly properties?: Record<string, Property> }
      | { readonly properties?: Record<string, Property> }[];
  };
}

function manifestProperties(): Record<string, Property> {
  const manifest = JSON.parse(
    fs.readFileSync(path.resolve(__dirname, "../../..", "package.json"), "utf8"),
  ) as Manifest;
  const configuration = manifest.contributes?.configuration;
  const sections = Array.isArray(configuration) ? configuration : configuration ? [configuration] : [];
  return Object.assign({}, ...sections.map((s) => s.properties ?? {})) as Record<string, Property>;
}

function isGroup(value: unknown): value is Record<string, unknown> {
  // A group of fixed keys (`websocket`) becomes dotted keys; an empty object is a map (`severity`).
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length > 0
  );
}

/** DEFAULT_SETTINGS as VS Code keys: `nginx.websocket.missingSeverity` -> "auto". */
function flatten(value: Record<string, unknown>, prefix: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, inner] of Object.entries(value)) {
    if (isGroup(inner)) for (const [k, v] of flatten(inner, `${prefix}${key}.`)) out.set(k, v);
    else out.set(`${prefix}${key}`, inner);
  }
  return out;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  return typeof value;
}

const defaults = flatten(DEFAULT_SETTINGS as unknown as Record<string, unknown>, "nginx.");

it("package.json contributes exactly the nginx.* settings of DEFAULT_SETTINGS", () => {
  const properties = manifestProperties();
  assert.deepEqual(Object.keys(properties).sort(), [...defaults.keys()].sort());
});

it("each setting's type and default in package.json match DEFAULT_SETTINGS", () => {
  const properties = manifestProperties();
  for (const [key, value] of defaults) {
    const property = properties[key];
    assert.ok(property, `${key} is missing from package.json`);
    const types = Array.isArray(property.type) ? property.type : [property.type];
    const expected = jsonType(value);
    assert.ok(
      types.includes(expected) || (expected === "number" && types.includes("integer")),
      `${key}: type ${JSON.stringify(property.type)}, but its default is a ${expected}`,
    );
    assert.deepEqual(property.default, value, `${key}: default`);
    if (Array.isArray(value)) {
      assert.ok(
        value.every((v) => typeof v === property.items?.type),
        `${key}: items type`,
      );
    }
    assert.ok(property.markdownDescription ?? property.description, `${key} has no description`);
  }
});

it("the enumerations in package.json are the values readSettings accepts", () => {
  const properties = manifestProperties();
  const names = ["error", "warning", "information", "hint", "off"];
  assert.deepEqual(properties["nginx.websocket.missingSeverity"]?.enum, ["auto", ...names]);
  assert.deepEqual(properties["nginx.severity"]?.additionalProperties?.enum, names);
  for (const value of ["auto", ...names]) readSettings({ websocket: { missingSeverity: value } });
  for (const value of names) readSettings({ severity: { "websocket-missing": value } });
});

it("the section VS Code sends with every default reads back as DEFAULT_SETTINGS", () => {
  // VS Code hands the server the `nginx` section as nested objects of the dotted keys.
  const section: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(manifestProperties())) {
    const parts = key.split(".").slice(1);
    let at = section;
    for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
    at[parts[parts.length - 1] as string] = property.default;
  }
  assert.deepEqual(readSettings(section), DEFAULT_SETTINGS);
});
