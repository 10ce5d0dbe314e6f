// Packaging never rots: `vsce package` (version 3, which runs on Node 20), with the flags of the
// `npm run package` script, builds the .vsix from a production bundle without asking anything, even
// on a terminal; the .vsix ships only what runs and what the extension page shows: the three
// bundles, the grammar, the language configuration, the manifest with its icon, README with its
// images inlined and the documents it links to, CHANGELOG and LICENSE.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { it } from "node:test";
import { makeWorkspace, TestClient } from "../lsp/client";
import { need } from "../support/requirements";
import { packageFlags, vsce } from "../support/vsce";

const root = path.resolve(__dirname, "../../..");

function listing(vsix: string): string[] {
  const result = spawnSync("unzip", ["-Z1", vsix], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim().split("\n");
}

function entry(vsix: string, name: string): Buffer {
  const result = spawnSync("unzip", ["-p", vsix, name], { maxBuffer: 1 << 26 });
  assert.equal(result.status, 0, `${name}: ${String(result.stderr)}`);
  return result.stdout;
}

it("vsce packages the extension with only the files that run and that its page shows", async (t) => {
  const script = ["/usr/bin/script", "/bin/script"].find((p) => fs.existsSync(p));
  if (!need(t, script !== undefined, "needs script(1) (util-linux) for a terminal") || !script) return;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "nginx-vsix-"));
  try {
    const vsix = path.join(out, "extension.vsix");
    // On a terminal, as `npm run package` is run by a person: vsce asks its questions only there
    // (without one it answers yes by itself). Any question would get "n" and stop the packaging.
    const command = [process.execPath, vsce, "package", ...packageFlags(), "--out", vsix]
      .map((a) => `'${a}'`)
      .join(" ");
    const result = spawnSync(script, ["-qec", command, "/dev/null"], {
      cwd: root,
      encoding: "utf8",
      input: "n\n",
    });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.doesNotMatch(result.stdout, /Do you want to continue/);
    const files = listing(vsix)
      .filter((f) => f.startsWith("extension/"))
      .sort();
    assert.deepEqual(files, [
      "extension/ARCHITECTURE.md",
      "extension/CONTRIBUTING.md",
      "extension/LICENSE.txt",
      "extension/SECURITY.md",
      "extension/changelog.md",
      "extension/dist/cli.js",
      "extension/dist/client.js",
      "extension/dist/server.js",
      "extension/docs/images/extension-page.png",
      "extension/docs/images/highlighting.png",
      "extension/docs/images/icon.png",
      "extension/docs/images/websocket-quickfix.png",
      "extension/language-configuration.json",
      "extension/package.json",
      "extension/readme.md",
      "extension/syntaxes/nginx.tmLanguage.json",
    ]);
    const size = fs.statSync(vsix).size;
    console.log(`vsix: ${(size / 1024).toFixed(0)} KiB, ${files.length} files`);
    assert.ok(size < 2 * 1024 * 1024, `the .vsix is ${size} bytes`);

    // Every relative link of the README the page shows leads to a file in the .vsix. Its images are
    // inlined (scripts/page-readme.mjs): the page's webview has no base URL and allows images only from
    // https: and data:, so a relative image breaks there however the .vsix is made. Each inlined image
    // is the repository's file, byte for byte, and the images are those of README.md, in its order.
    const readme = entry(vsix, "extension/readme.md").toString("utf8");
    const isRelative = (target: string) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith("#");
    const links = [...readme.matchAll(/(!?)\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => ({
      image: m[1] === "!",
      target: m[2] as string,
    }));
    for (const { image, target } of links.filter((link) => isRelative(link.target))) {
      assert.ok(!image, `a relative image on the page, which VS Code cannot show: ${target}`);
      const file = `extension/${path.posix.normalize(target.split("#")[0] as string)}`;
      assert.ok(files.includes(file), `the README links to ${target}, which is not in the .vsix`);
    }
    const source = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const sourceImages = [...source.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
    const pageImages = [...readme.matchAll(/!\[[^\]]*\]\(data:image\/png;base64,([^)\s]+)\)/g)].map(
      (m) => m[1] as string,
    );
    assert.ok(sourceImages.length > 0, "the README shows its images");
    assert.equal(pageImages.length, sourceImages.length, "every README image is inlined on the page");
    sourceImages.forEach((image, i) => {
      const bytes = fs.readFileSync(path.join(root, image));
      assert.ok(Buffer.from(pageImages[i] as string, "base64").equals(bytes), `${image} is inlined as it is`);
    });

    // The icon: named by the manifest, shipped, a PNG of at least 128x128 pixels.
    const manifest = JSON.parse(entry(vsix, "extension/package.json").toString("utf8")) as { icon?: string };
    assert.ok(manifest.icon, "package.json names no icon");
    const icon = entry(vsix, `extension/${manifest.icon}`);
    assert.equal(icon.subarray(1, 4).toString("ascii"), "PNG");
    assert.ok(icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128, "the icon is at least 128x128");
    assert.match(
      entry(vsix, "extension.vsixmanifest").toString("utf8"),
      /<Icon>extension\/docs\/images\/icon\.png<\/Icon>/,
    );

    // The bundled server is the standalone language server for other editors: taken out of the
    // .vsix alone, `node server.js --stdio` serves an editor.
    const alone = path.join(out, "alone", "server.js");
    fs.mkdirSync(path.dirname(alone));
    fs.writeFileSync(alone, entry(vsix, "extension/dist/server.js"));
    const workspace = makeWorkspace({});
    const client = await TestClient.start({ server: alone, folders: [workspace.dir], cwd: out });
    try {
      const uri = workspace.uri("site.conf");
      const since = await client.open(
        uri,
        "server {\n    listen 80;\n    proxy_passs http://127.0.0.1:1;\n}\n",
      );
      const published = await client.waitForDiagnostics(uri, (d) => d.diagnostics.length > 0, { since });
      assert.deepEqual(
        published.diagnostics.map((d) => d.code),
        ["unknown-directive"],
      );
    } finally {
      await client.stop();
      fs.rmSync(workspace.dir, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
