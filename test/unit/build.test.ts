// The build setting: which optional modules need `load_module`, by build, and `nginx -V` read as one.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { overlayFileSystem } from "../../server/src/analysis/files";
import { Severity } from "../../server/src/analysis/finding";
import { buildFromConfigureArguments } from "../../server/src/model/build";
import { analyze } from "../../server/src/service";
import { readSettings, SettingsError } from "../../server/src/settings";

function errors(text: string, build?: string) {
  const file = "/etc/nginx/nginx.conf";
  const settings = readSettings(build === undefined ? {} : { build });
  const analysis = analyze(file, {
    fs: overlayFileSystem(new Map([[file, text]])),
    prefix: "/etc/nginx",
    text,
    settings,
  });
  return analysis.findings
    .filter((f) => f.severity === Severity.Error)
    .map((f) => [f.code, text.slice(f.start, f.end)]);
}

const STREAM =
  "events {}\nstream {\n    server {\n        listen 12345;\n        proxy_pass 127.0.0.1:1;\n    }\n}\n";
const PERL = "events {}\nhttp {\n    perl_modules perl/lib;\n}\n";

describe("build setting", () => {
  it("Debian (the default) needs load_module for stream, reported once at stream; nginx.org builds it in", () => {
    assert.deepEqual(errors(STREAM), [["unknown-directive", "stream"]]);
    assert.deepEqual(errors(STREAM, "debian"), [["unknown-directive", "stream"]]);
    assert.deepEqual(errors(`load_module modules/ngx_stream_module.so;\n${STREAM}`), []);
    assert.deepEqual(errors(STREAM, "nginx.org"), []);
    assert.deepEqual(errors(STREAM, "all"), []);
  });

  it("perl needs load_module in nginx.org's and Debian's builds, not where everything is built in", () => {
    assert.deepEqual(errors(PERL), [["unknown-directive", "perl_modules"]]);
    assert.deepEqual(errors(PERL, "nginx.org"), [["unknown-directive", "perl_modules"]]);
    assert.deepEqual(errors(`load_module /usr/lib/nginx/modules/ngx_http_perl_module.so;\n${PERL}`), []);
    assert.deepEqual(errors(PERL, "all"), []);
  });

  it("a module no package has is unknown even with load_module elsewhere; a backported directive is known", () => {
    const kqueue = "load_module modules/ngx_stream_module.so;\nevents {\n    kqueue_events 64;\n}\n";
    assert.deepEqual(errors(kqueue), [["unknown-directive", "kqueue_events"]]);
    assert.deepEqual(errors(kqueue, "all"), []);
    const headers = "events {}\nhttp {\n    max_headers 100;\n}\n";
    assert.deepEqual(errors(headers), []);
    assert.deepEqual(errors(headers, "nginx.org"), [["unsupported-in-version", "max_headers"]]);
  });

  it("reads nginx -V: built in, dynamic, or absent (which needs a separately built module)", () => {
    const build = buildFromConfigureArguments(
      "configure arguments: --with-http_ssl_module --with-stream --with-mail=dynamic --with-http_perl_module=dynamic",
    );
    assert.equal(build.dynamic.has("ngx_stream_module"), false);
    assert.equal(build.dynamic.has("ngx_mail_module"), true);
    assert.equal(build.dynamic.has("ngx_http_perl_module"), true);
    assert.equal(build.dynamic.has("ngx_http_xslt_filter_module"), true);
    assert.equal(build.absent.has("ngx_http_degradation_module"), true);
    assert.equal(
      buildFromConfigureArguments("configure arguments:", "linux").absent.has("ngx_kqueue_module"),
      true,
    );
  });

  it("refuses an unknown build name", () => {
    assert.throws(() => readSettings({ build: "gentoo" }), SettingsError);
  });
});
