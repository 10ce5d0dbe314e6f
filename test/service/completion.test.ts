// Completion, in process: what the language service offers at a marked cursor.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CompletionEntry } from "../../server/src/features/completion";
import { fixture } from "./fixture";
import { chatWorkspace, SITE } from "../support/chat-workspace";

const labels = (entries: readonly CompletionEntry[]): string[] => entries.map((e) => e.label);

describe("completion (language service)", () => {
  it("in a location: the directives a location allows, replacing the word typed so far", () => {
    const { service, uri, text, offset } = fixture({
      "sites-enabled/typing.conf": "server {\n    location / {\n        prox⟨|⟩\n    }\n}\n",
    });
    const entries = service.completion(uri, offset);
    const names = labels(entries);
    assert.ok(names.includes("proxy_pass"), `no proxy_pass in ${names.length} entries`);
    assert.ok(!names.includes("worker_processes"), "worker_processes is not allowed in a location");
    assert.ok(!names.includes("server_name"), "server_name is not allowed in a location");
    const proxyPass = entries.find((e) => e.label === "proxy_pass");
    assert.equal(proxyPass?.kind, "directive");
    assert.equal(proxyPass?.snippet, "proxy_pass ${1:URL};");
    assert.equal(text.slice(proxyPass?.start, proxyPass?.end), "prox");
  });

  it("after $: built-in variables, the main config's map and the site's set", () => {
    const site = SITE.replace('return 200 "${host} $tenant";', "return 200 $⟨|⟩;");
    const { service, uri, offset } = fixture(chatWorkspace(site));
    const names = labels(service.completion(uri, offset));
    assert.ok(names.includes("http_upgrade"));
    assert.ok(names.includes("connection_upgrade"), "the main's map defines it");
    assert.ok(names.includes("tenant"), "the site's set defines it");
    assert.ok(!names.includes("proxy_pass"), "no directives after $");
  });

  it("an argument: on and off for a flag, the main config's upstreams after proxy_pass http://", () => {
    const flag = fixture({ "sites-enabled/values.conf": "server {\n    gzip ⟨|⟩\n}\n" });
    assert.deepEqual(labels(flag.service.completion(flag.uri, flag.offset)), ["on", "off"]);
    const pass = fixture(
      chatWorkspace(SITE.replace("proxy_pass http://chat_backend;", "proxy_pass http://⟨|⟩")),
    );
    assert.deepEqual(labels(pass.service.completion(pass.uri, pass.offset)), ["chat_backend"]);
  });

  it("nothing inside a comment", () => {
    const { service, uri, offset } = fixture({ "site.conf": "server {\n    # prox⟨|⟩\n}\n" });
    assert.deepEqual(service.completion(uri, offset), []);
  });
});
