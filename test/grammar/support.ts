// Shared by the grammar tests: repository paths, a tokenizer over the committed grammar, and the
// snapshot runner. scripts/update-grammar-snapshots.mjs stages files the same way to rewrite snapshots.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as oniguruma from "vscode-oniguruma";
import * as vsctm from "vscode-textmate";

/** Compiled tests live in out/test/grammar, three levels below the repository root. */
export const repoRoot = path.resolve(__dirname, "../../..");
export const grammarPath = path.join(repoRoot, "syntaxes", "nginx.tmLanguage.json");
export const directivesPath = path.join(repoRoot, "server", "src", "model", "data", "nginx-directives.json");
export const samplesDir = path.join(repoRoot, "test", "grammar", "samples");
/** The real-world configs belong to the corpus folder; their snapshots live with the grammar tests. */
export const corpusDir = path.join(repoRoot, "test", "corpus");
export const corpusSnapshotsDir = path.join(repoRoot, "test", "grammar", "corpus-snapshots");

// ---------------------------------------------------------------------------------------------------
// Tokenizing

export interface Token {
  line: number;
  start: number;
  end: number;
  text: string;
  scopes: string[];
}

/**
 * A stand-in for VS Code's Lua grammar. It colours a few keywords (so a test can see that the embedded
 * region hands text to `source.lua`) and, like a real Lua grammar, scopes braces on its own; the nginx
 * grammar must still find the `}` that closes the block.
 */
const luaStub = {
  scopeName: "source.lua",
  patterns: [
    { match: "\\b(?:local|function|end|return|if|then|else|nil)\\b", name: "keyword.control.lua" },
    { match: "[{}]", name: "punctuation.stub.brace.lua" },
  ],
};

let grammarPromise: Promise<vsctm.IGrammar> | undefined;

export function loadGrammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = readFileSync(
      path.join(repoRoot, "node_modules", "vscode-oniguruma", "release", "onig.wasm"),
    );
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName: string) => {
        if (scopeName === "source.nginx") {
          return vsctm.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath);
        }
        if (scopeName === "source.lua")
          return vsctm.parseRawGrammar(JSON.stringify(luaStub), "lua-stub.json");
        return null;
      },
    });
    const grammar = await registry.loadGrammar("source.nginx");
    if (!grammar) throw new Error("source.nginx did not load");
    return grammar;
  })();
  return grammarPromise;
}

export interface Tokenized {
  tokens: Token[];
  /** Rule stack depth after the last line: 1 means the text ended back at the top level. */
  finalDepth: number;
}

export async function tokenize(text: string): Promise<Tokenized> {
  const grammar = await loadGrammar();
  const tokens: Token[] = [];
  let state = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((lineText, line) => {
    const result = grammar.tokenizeLine(lineText, state);
    state = result.ruleStack;
    for (const t of result.tokens) {
      const end = Math.min(t.endIndex, lineText.length);
      tokens.push({
        line,
        start: t.startIndex,
        end,
        text: lineText.slice(t.startIndex, end),
        scopes: t.scopes,
      });
    }
  });
  return { tokens, finalDepth: state.depth };
}

// ---------------------------------------------------------------------------------------------------
// Snapshots

export interface SnapshotCase {
  /** Folder name inside the staging directory, so names from different sets cannot collide. */
  group: string;
  source: string;
  snapshot: string;
}

export function sampleCases(): SnapshotCase[] {
  return readdirSync(samplesDir)
    .filter((name) => name.endsWith(".conf"))
    .sort()
    .map((name) => ({
      group: "samples",
      source: path.join(samplesDir, name),
      snapshot: path.join(samplesDir, `${name}.snap`),
    }));
}

/** The corpus files are the ones MANIFEST.tsv lists (its first column, after the header). */
export function corpusCases(): SnapshotCase[] {
  const manifest = readFileSync(path.join(corpusDir, "MANIFEST.tsv"), "utf8");
  return manifest
    .split("\n")
    .slice(1)
    .map((row) => row.split("\t")[0] ?? "")
    .filter((name) => name !== "")
    .sort()
    .map((name) => ({
      group: "corpus",
      source: path.join(corpusDir, name),
      snapshot: path.join(corpusSnapshotsDir, `${name}.snap`),
    }));
}

export interface SnapshotRun {
  status: number | null;
  output: string;
}

/**
 * Runs vscode-tmgrammar-snap over the cases: compares each source's tokens with its snapshot, or, with
 * `update`, rewrites the snapshots (`npm run grammar:snapshots`). The tool keeps each snapshot next to
 * its source, and the corpus folder is not ours to write to, so sources and snapshots are copied to a
 * temporary folder (and new snapshots copied back).
 */
export function runSnapshots(cases: readonly SnapshotCase[], update = false): SnapshotRun {
  const stage = mkdtempSync(path.join(tmpdir(), "nginx-grammar-snap-"));
  try {
    const staged = cases.map((c) => {
      const dir = path.join(stage, c.group);
      mkdirSync(dir, { recursive: true });
      const target = path.join(dir, path.basename(c.source));
      copyFileSync(c.source, target);
      if (!update) copyFileSync(c.snapshot, `${target}.snap`);
      return target;
    });
    const tool = path.join(repoRoot, "node_modules", "vscode-tmgrammar-test", "dist", "snapshot.js");
    const result = spawnSync(
      process.execPath,
      [
        tool,
        ...(update ? ["--updateSnapshot"] : []),
        "--scope",
        "source.nginx",
        "--grammar",
        grammarPath,
        ...staged,
      ],
      { cwd: repoRoot, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } },
    );
    if (update && result.status === 0) {
      cases.forEach((c, i) => {
        mkdirSync(path.dirname(c.snapshot), { recursive: true });
        copyFileSync(`${staged[i] as string}.snap`, c.snapshot);
      });
    }
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Snapshot files with no source left (a renamed or deleted sample). */
export function staleSnapshots(dir: string, cases: readonly SnapshotCase[]): string[] {
  if (!existsSync(dir)) return [];
  const expected = new Set(cases.map((c) => c.snapshot));
  return readdirSync(dir)
    .filter((name) => name.endsWith(".snap"))
    .map((name) => path.join(dir, name))
    .filter((file) => !expected.has(file));
}
