// Source of truth for syntaxes/nginx.tmLanguage.json. `node scripts/build-grammar.mjs` writes the JSON
// from buildGrammar(); test/grammar/generated.test.ts fails when the committed JSON differs.
//
// The grammar follows nginx's own tokenizer (ngx_conf_read_token) rather than a line-oriented guess:
// a statement is a word list ended by `;` or `{`; `#` opens a comment only where a token may start;
// quotes are only special at the start of a token; `{` always ends an unquoted word except right after
// `$`; `}` in the middle of a word is an ordinary character; a backslash makes the next character
// ordinary. Statements are begin/end rules, so arguments keep their colours across line breaks.

/** One directive record of server/src/model/data/nginx-directives.json (only the fields used here). */
export interface DirectiveRecord {
  readonly name: string;
  readonly block?: boolean;
}

export type Captures = Record<string, { name?: string; patterns?: Rule[] }>;

export interface Rule {
  name?: string;
  contentName?: string;
  match?: string;
  begin?: string;
  end?: string;
  captures?: Captures;
  beginCaptures?: Captures;
  endCaptures?: Captures;
  patterns?: Rule[];
  include?: string;
  comment?: string;
}

export interface Grammar {
  $schema: string;
  name: string;
  scopeName: string;
  fileTypes: string[];
  comment: string;
  patterns: Rule[];
  repository: Record<string, Rule>;
}

// ---------------------------------------------------------------------------------------------------
// Token boundaries. nginx separates words with whitespace, `;` and `{`; `}` ends a statement only when
// it stands where a token would start. Lookarounds keep every rule from starting or stopping mid-word.

/** Preceded by the start of the line, whitespace, `;`, `{` or `}`: where a new word may begin. */
const START = String.raw`(?<![^\s;{}])`;
/** Followed by the end of the line, whitespace, `;` or `{`: where a word ends. */
const END = String.raw`(?![^\s;{])`;
/** Inside `if (...)` the parentheses also delimit the first and last word. */
const COND_START = String.raw`(?<![^\s;{}(])`;
/** Start of a value: also after `=` (`max_fails=3`) and `:` (`keys_zone=one:10m`, `host:8080`). */
const VALUE_START = String.raw`(?<![^\s;{}(=:])`;
const VALUE_END = String.raw`(?![^\s;{):])`;
/** A `}` that closes a block: one that stands where a token could start. */
const BLOCK_CLOSE_AHEAD = String.raw`(?<![^\s;{}"'])(?=\})`;
/** One character of an unquoted word: a backslash pair, or anything that does not end the word. */
const WORD_CHAR = String.raw`(?:\\.|[^\s;{\\])`;
/** Statements end at `;` (consumed), before `{` (the block rule takes it) or before a closing `}`. */
const STATEMENT_END = String.raw`(;)|(?=\{)|${BLOCK_CLOSE_AHEAD}`;

const terminator: Captures = { "1": { name: "punctuation.terminator.statement.nginx" } };

/** Directives whose `{ }` body is key/value data rather than directives. */
const KEY_VALUE_BLOCKS = ["map", "geo", "types", "split_clients", "charset_map", "match", "num_map"];
/** Core block directives, kept even if the data file changes; its `block: true` records are added. */
const BASE_BLOCKS = [
  "http",
  "server",
  "location",
  "upstream",
  "map",
  "geo",
  "types",
  "if",
  "events",
  "stream",
  "mail",
  "limit_except",
  "split_clients",
  "match",
  "charset_map",
];
/** Directives whose first argument is a regex. */
const REGEX_FIRST_ARGUMENT = ["rewrite", "fastcgi_split_path_info"];
/** Literal words that mean a fixed value wherever they appear as an argument. */
const BOOLEAN_WORDS = ["on", "off"];
const LITERAL_WORDS = [
  "default",
  "default_server",
  "none",
  "any",
  "all",
  "auto",
  "always",
  "ssl",
  "http2",
  "http3",
  "quic",
  "proxy_protocol",
  "reuseport",
  "deferred",
  "bind",
  "last",
  "break",
  "redirect",
  "permanent",
  "debug",
  "info",
  "notice",
  "warn",
  "error",
  "crit",
  "alert",
  "emerg",
];
/** Words with a fixed meaning when they are the key of a `map`/`geo` entry. */
const MAP_PARAMETERS = ["hostnames", "volatile", "include", "ranges", "proxy_recursive", "proxy", "delete"];

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, (c) => `\\${c}`);
}

interface TrieNode {
  terminal: boolean;
  children: Map<string, TrieNode>;
}

/**
 * Builds one regex alternation for many words by sharing prefixes, so the engine does not retry
 * hundreds of alternatives at every position. Output is deterministic (children are sorted).
 */
export function wordsToRegex(words: readonly string[]): string {
  const root: TrieNode = { terminal: false, children: new Map() };
  for (const word of words) {
    let node = root;
    for (const ch of word) {
      let next = node.children.get(ch);
      if (!next) {
        next = { terminal: false, children: new Map() };
        node.children.set(ch, next);
      }
      node = next;
    }
    node.terminal = true;
  }
  const emit = (node: TrieNode): string => {
    const keys = [...node.children.keys()].sort();
    const branches = keys.map((k) => escapeRegex(k) + emit(node.children.get(k) as TrieNode));
    if (branches.length === 0) return "";
    const alternation = `(?:${branches.join("|")})`;
    // A word that ends here makes the rest optional; a single continuation needs no group.
    if (node.terminal) return `${alternation}?`;
    return branches.length === 1 ? branches.join("") : alternation;
  };
  return emit(root);
}

// ---------------------------------------------------------------------------------------------------
// Regular expressions (location, if, rewrite, map keys, `~`-prefixed server_name). Their inside gets a
// light structure so groups and anchors stand out; variables are not expanded inside nginx regexes.

const regexContent: Rule = {
  patterns: [
    { match: String.raw`\\.`, name: "constant.character.escape.backslash.regexp.nginx" },
    {
      match: String.raw`(\[)(\^)?(?:\\.|[^\]\\])*(\])`,
      name: "constant.other.character-class.set.regexp.nginx",
      captures: {
        "1": { name: "punctuation.definition.character-class.begin.regexp.nginx" },
        "2": { name: "keyword.operator.negation.regexp.nginx" },
        "3": { name: "punctuation.definition.character-class.end.regexp.nginx" },
      },
    },
    {
      match: String.raw`\((?:\?(?:P?<[A-Za-z_]\w*>|'[A-Za-z_]\w*'|[:=!>|]|<[=!]|[imsx-]+:?))?|\)`,
      name: "punctuation.definition.group.regexp.nginx",
    },
    { match: String.raw`[*+?]\??|\{\d+(?:,\d*)?\}\??`, name: "keyword.operator.quantifier.regexp.nginx" },
    { match: String.raw`[\^$]`, name: "keyword.control.anchor.regexp.nginx" },
    { match: String.raw`\|`, name: "keyword.operator.or.regexp.nginx" },
  ],
};

/**
 * A regex operator followed by its operand: a quoted regex (which may hold `{`, `}`, `;`, `#`, `$` and
 * spaces) or an unquoted word. `operandChar` is one character of an unquoted operand. Without an
 * `operatorName` the operator part (for example the blank after `rewrite`) gets no scope.
 */
function regexOperand(operator: string, operatorName: string | undefined, operandChar: string): Rule[] {
  const operatorCapture: Captures = operatorName ? { "1": { name: operatorName } } : {};
  const quoted = (quote: string, kind: "double" | "single"): Rule => ({
    begin: `(${operator})\\s*(${quote})`,
    beginCaptures: {
      ...operatorCapture,
      "2": { name: `string.regexp.quoted.${kind}.nginx punctuation.definition.string.begin.nginx` },
    },
    end: quote,
    endCaptures: {
      "0": { name: `string.regexp.quoted.${kind}.nginx punctuation.definition.string.end.nginx` },
    },
    contentName: `string.regexp.quoted.${kind}.nginx`,
    patterns: [{ include: "#regex-content" }],
  });
  return [
    quoted('"', "double"),
    quoted("'", "single"),
    {
      // A `#` after the operator starts a comment, not a regex.
      match: `(${operator})\\s*((?!#)(?:${operandChar})+)`,
      captures: {
        ...operatorCapture,
        "2": { name: "string.regexp.unquoted.nginx", patterns: [{ include: "#regex-content" }] },
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------------

export function buildGrammar(directives: readonly DirectiveRecord[]): Grammar {
  const names = [...new Set(directives.map((d) => d.name))].filter((n) => /^[A-Za-z0-9_]+$/.test(n)).sort();
  const blockNames = [
    ...new Set([...BASE_BLOCKS, ...directives.filter((d) => d.block).map((d) => d.name)]),
  ].sort();
  // Rules of their own handle these, so the generic block rule does not need them.
  const special = new Set([...KEY_VALUE_BLOCKS, "if", "location", "upstream", "server"]);
  const plainBlocks = blockNames.filter((n) => !special.has(n));

  const repository: Record<string, Rule> = {
    statements: {
      comment: "What may appear where a directive can start: the file's top level and any block body.",
      patterns: [
        { include: "#comment" },
        { include: "#lua-block-statement" },
        { include: "#key-value-block-statement" },
        { include: "#if-statement" },
        { include: "#location-statement" },
        { include: "#regex-argument-statement" },
        { include: "#upstream-statement" },
        { include: "#server-block-statement" },
        { include: "#block-statement" },
        { include: "#directive-statement" },
        { include: "#unknown-directive-statement" },
        { include: "#block" },
        {
          comment: "nginx rejects a `;` with no directive before it (for example `};`).",
          match: ";",
          name: "invalid.illegal.unexpected-terminator.nginx",
        },
        {
          comment: "A `}` with no open block.",
          match: String.raw`\}`,
          name: "invalid.illegal.unexpected-brace.nginx",
        },
      ],
    },

    comment: {
      match: `${START}(#).*$`,
      name: "comment.line.number-sign.nginx",
      captures: { "1": { name: "punctuation.definition.comment.nginx" } },
    },

    block: {
      begin: String.raw`\{`,
      beginCaptures: { "0": { name: "punctuation.section.block.begin.nginx" } },
      end: String.raw`\}`,
      endCaptures: { "0": { name: "punctuation.section.block.end.nginx" } },
      name: "meta.block.nginx",
      patterns: [{ include: "#statements" }],
    },

    "directive-statement": {
      begin: `${START}(${wordsToRegex(names)})${END}`,
      beginCaptures: { "1": { name: "support.function.directive.nginx" } },
      end: STATEMENT_END,
      endCaptures: terminator,
      name: "meta.statement.directive.nginx",
      patterns: [{ include: "#arguments" }],
    },

    "unknown-directive-statement": {
      comment: "Directives of third-party modules (or typos): coloured, but apart from known ones.",
      begin: String.raw`${START}((?:\\.|[^\s;{}#"'\\])${WORD_CHAR}*)`,
      beginCaptures: { "1": { name: "entity.name.function.directive.unknown.nginx" } },
      end: STATEMENT_END,
      endCaptures: terminator,
      name: "meta.statement.directive.nginx",
      patterns: [{ include: "#arguments" }],
    },

    "block-statement": {
      begin: `${START}(${wordsToRegex(plainBlocks)})${END}`,
      beginCaptures: { "1": { name: "keyword.control.block.nginx" } },
      end: STATEMENT_END,
      endCaptures: terminator,
      name: "meta.statement.block.nginx",
      patterns: [{ include: "#arguments" }],
    },

    "server-block-statement": {
      comment:
        "`server {` opens a virtual server; `server 10.0.0.1:80 weight=2;` inside `upstream` is a plain directive.",
      begin: String.raw`${START}(server)(?=\s*(?:\{|#|$))`,
      beginCaptures: { "1": { name: "keyword.control.block.nginx" } },
      end: STATEMENT_END,
      endCaptures: terminator,
      name: "meta.statement.block.nginx",
      patterns: [{ include: "#arguments" }],
    },

    "upstream-statement": {
      begin: `${START}(upstream)${END}`,
      beginCaptures: { "1": { name: "keyword.control.block.nginx" } },
      end: STATEMENT_END,
      endCaptures: terminator,
      name: "meta.statement.block.upstream.nginx",
      patterns: [
        {
          match: String.raw`\G\s+((?:\\.|[^\s;{}#"'\\])${WORD_CHAR}*)`,
          captures: { "1": { name: "entity.name.type.upstream.nginx" } },
        },
        { include: "#arguments" },
      ],
    },

    "location-statement": {
      begin: `${START}(location)${END}`,
      beginCaptures: { "1": { name: "keyword.control.block.nginx" } },
      end: STATEMENT_END,
      endCaptures: terminator,
      name: "meta.statement.location.nginx",
      patterns: [
        { include: "#comment" },
        ...regexOperand(String.raw`(?<=\s)~\*?`, "keyword.operator.location-modifier.nginx", WORD_CHAR),
        {
          comment: "`=` (exact) and `^~` (prefix, no regex check) stand alone; `=` may also touch the path.",
          match: String.raw`(?<=\s)(?:\^~(?=\s)|=)`,
          name: "keyword.operator.location-modifier.nginx",
        },
        {
          match: String.raw`(?<=\s)(@)(${WORD_CHAR}+)`,
          name: "entity.name.type.location.named.nginx",
          captures: { "1": { name: "punctuation.definition.location.named.nginx" } },
        },
        { include: "#escape" },
        { include: "#string" },
        {
          comment: "A prefix location: a literal path, no variables.",
          match: String.raw`(?<=[\s=])(?:\\.|[^\s;{}#"'\\])${WORD_CHAR}*`,
          name: "string.unquoted.path.location.nginx",
        },
      ],
    },

    "if-statement": {
      begin: `${START}(if)${END}`,
      beginCaptures: { "1": { name: "keyword.control.conditional.nginx" } },
      end: STATEMENT_END,
      endCaptures: terminator,
      name: "meta.statement.if.nginx",
      patterns: [{ include: "#comment" }, { include: "#condition" }, { include: "#arguments" }],
    },

    condition: {
      comment:
        "nginx strips the `(` from the first word and the `)` from the last word before `{`, so a regex may hold parentheses and only a `)` followed by `{` (or the line end) closes the condition.",
      begin: String.raw`${START}\(`,
      beginCaptures: { "0": { name: "punctuation.section.condition.begin.nginx" } },
      end: String.raw`(\))(?=\s*(?:\{|#|$))|(?=[;{])`,
      endCaptures: { "1": { name: "punctuation.section.condition.end.nginx" } },
      name: "meta.condition.nginx",
      patterns: [
        ...regexOperand(
          String.raw`${COND_START}!?~\*?`,
          "keyword.operator.regex.nginx",
          String.raw`\\.|[^\s;{)\\]|\)(?!\s*(?:\{|#|$))`,
        ),
        {
          match: String.raw`${COND_START}!?-[fdex](?=\s)`,
          name: "keyword.operator.file-test.nginx",
        },
        { match: String.raw`(?<=\s)!?=(?=\s)`, name: "keyword.operator.comparison.nginx" },
        { match: String.raw`(?<=\s)!?~\*?(?=\s|$)`, name: "keyword.operator.regex.nginx" },
        { include: "#escape" },
        { include: "#string" },
        { include: "#variable" },
        { include: "#number" },
        { include: "#mid-word-brace" },
      ],
    },

    "regex-argument-statement": {
      comment: "Directives whose first argument is always a regex.",
      begin: `${START}(${wordsToRegex(REGEX_FIRST_ARGUMENT)})${END}`,
      beginCaptures: { "1": { name: "support.function.directive.nginx" } },
      end: STATEMENT_END,
      endCaptures: terminator,
      name: "meta.statement.directive.nginx",
      patterns: [
        {
          comment: "Only the first argument is a regex (for rewrite, the rest is a replacement and a flag).",
          include: "#first-argument-regex",
        },
        { include: "#arguments" },
      ],
    },

    "first-argument-regex": {
      patterns: regexOperand(String.raw`\G\s+`, undefined, WORD_CHAR),
    },

    "key-value-block-statement": {
      comment:
        "map, geo, types, split_clients, charset_map, match: the body holds `key value;` entries, so its first words are data, not directive names.",
      begin: `${START}(${wordsToRegex(KEY_VALUE_BLOCKS)})${END}`,
      beginCaptures: { "1": { name: "keyword.control.block.nginx" } },
      end: String.raw`(\})|(;)`,
      endCaptures: {
        "1": { name: "punctuation.section.block.end.nginx" },
        "2": { name: "punctuation.terminator.statement.nginx" },
      },
      name: "meta.statement.block.key-value.nginx",
      patterns: [
        { include: "#comment" },
        {
          begin: String.raw`\{`,
          beginCaptures: { "0": { name: "punctuation.section.block.begin.nginx" } },
          end: String.raw`(?=\})`,
          name: "meta.block.key-value.nginx",
          patterns: [
            { include: "#comment" },
            { include: "#key-value-entry" },
            { match: ";", name: "invalid.illegal.unexpected-terminator.nginx" },
          ],
        },
        { include: "#arguments" },
      ],
    },

    "key-value-entry": {
      begin: String.raw`${START}(?=[^\s;{}#])`,
      end: STATEMENT_END,
      endCaptures: terminator,
      name: "meta.entry.key-value.nginx",
      patterns: [
        { include: "#entry-key" },
        ...regexOperand(String.raw`(?<=\s)!?~\*?`, "keyword.operator.regex.nginx", WORD_CHAR),
        { include: "#arguments" },
      ],
    },

    "entry-key": {
      comment: "Each alternative starts with \\G, so only the entry's first word is a key.",
      patterns: [
        ...regexOperand(String.raw`\G~\*?`, "keyword.operator.regex.nginx", WORD_CHAR),
        ...["double", "single"].map((kind): Rule => {
          const q = kind === "double" ? '"' : "'";
          return {
            comment: "A quoted key whose text starts with `~` is a regex once nginx drops the quotes.",
            match: `\\G(${q})(~\\*?)((?:[^${q}\\\\]|\\\\.)*)(${q})`,
            name: `string.regexp.quoted.${kind}.nginx`,
            captures: {
              "1": { name: "punctuation.definition.string.begin.nginx" },
              "2": { name: "keyword.operator.regex.nginx" },
              "3": { patterns: [{ include: "#regex-content" }] },
              "4": { name: "punctuation.definition.string.end.nginx" },
            },
          };
        }),
        {
          match: String.raw`\G(default)${END}`,
          captures: { "1": { name: "constant.language.default.nginx" } },
        },
        {
          match: `\\G(${wordsToRegex(MAP_PARAMETERS)})${END}`,
          captures: { "1": { name: "keyword.other.parameter.nginx" } },
        },
        {
          match: String.raw`\G(")((?:[^"\\]|\\.)*)(")`,
          name: "string.quoted.double.nginx",
          captures: {
            "1": { name: "punctuation.definition.string.begin.nginx" },
            "2": { name: "entity.name.tag.key.nginx", patterns: [{ include: "#escape" }] },
            "3": { name: "punctuation.definition.string.end.nginx" },
          },
        },
        {
          match: String.raw`\G(')((?:[^'\\]|\\.)*)(')`,
          name: "string.quoted.single.nginx",
          captures: {
            "1": { name: "punctuation.definition.string.begin.nginx" },
            "2": { name: "entity.name.tag.key.nginx", patterns: [{ include: "#escape" }] },
            "3": { name: "punctuation.definition.string.end.nginx" },
          },
        },
        {
          match: String.raw`\G(?:\\.|[^\s;{}#"'\\])${WORD_CHAR}*`,
          name: "entity.name.tag.key.nginx",
          captures: { "0": { patterns: [{ include: "#escape" }] } },
        },
      ],
    },

    "lua-block-statement": {
      comment:
        "OpenResty `*_by_lua_block` directives: the body is Lua, kept apart so Lua braces, strings and comments cannot close the nginx block early.",
      begin: String.raw`${START}([a-z0-9_]*_by_lua_block)${END}`,
      beginCaptures: { "1": { name: "keyword.control.block.lua.nginx" } },
      end: String.raw`(\})|(;)`,
      endCaptures: {
        "1": { name: "punctuation.section.block.end.nginx" },
        "2": { name: "punctuation.terminator.statement.nginx" },
      },
      name: "meta.statement.lua-block.nginx",
      patterns: [
        { include: "#comment" },
        {
          begin: String.raw`\{`,
          beginCaptures: { "0": { name: "punctuation.section.block.begin.nginx" } },
          end: String.raw`(?=\})`,
          contentName: "meta.embedded.block.lua",
          patterns: [{ include: "#lua-code" }],
        },
        { include: "#arguments" },
      ],
    },

    "lua-code": {
      comment:
        "Lua comments, strings and balanced table braces come before source.lua, so a `}` inside them never ends the block.",
      patterns: [
        {
          begin: String.raw`--\[(=*)\[`,
          end: String.raw`\]\1\]`,
          name: "comment.block.lua",
          beginCaptures: { "0": { name: "punctuation.definition.comment.begin.lua" } },
          endCaptures: { "0": { name: "punctuation.definition.comment.end.lua" } },
        },
        {
          match: "(--).*$",
          name: "comment.line.double-dash.lua",
          captures: { "1": { name: "punctuation.definition.comment.lua" } },
        },
        {
          begin: String.raw`\[(=*)\[`,
          end: String.raw`\]\1\]`,
          name: "string.quoted.other.multiline.lua",
          beginCaptures: { "0": { name: "punctuation.definition.string.begin.lua" } },
          endCaptures: { "0": { name: "punctuation.definition.string.end.lua" } },
        },
        ...(["double", "single"] as const).map((kind): Rule => {
          const q = kind === "double" ? '"' : "'";
          return {
            comment: "A short Lua string stops at its quote or at the end of the line.",
            begin: q,
            end: `(${q})|(?<!\\\\)$`,
            name: `string.quoted.${kind}.lua`,
            beginCaptures: { "0": { name: "punctuation.definition.string.begin.lua" } },
            endCaptures: { "1": { name: "punctuation.definition.string.end.lua" } },
            patterns: [{ match: String.raw`\\(?:z\s*|.)`, name: "constant.character.escape.lua" }],
          };
        }),
        {
          begin: String.raw`\{`,
          end: String.raw`\}`,
          beginCaptures: { "0": { name: "punctuation.section.table.begin.lua" } },
          endCaptures: { "0": { name: "punctuation.section.table.end.lua" } },
          patterns: [{ include: "#lua-code" }],
        },
        { include: "source.lua" },
      ],
    },

    arguments: {
      comment: "The words after a directive name, in any statement.",
      patterns: [
        { include: "#comment" },
        { include: "#escape" },
        { include: "#tilde-regex" },
        { include: "#string" },
        { include: "#url" },
        { include: "#unix-socket" },
        { include: "#address" },
        { include: "#named-location-reference" },
        { include: "#parameter" },
        { include: "#number" },
        { include: "#literal" },
        { include: "#variable" },
        { include: "#mid-word-brace" },
      ],
    },

    escape: {
      match: String.raw`\\.`,
      name: "constant.character.escape.nginx",
    },

    string: {
      patterns: (["double", "single"] as const).map((kind): Rule => {
        const q = kind === "double" ? '"' : "'";
        return {
          comment: "nginx expands variables in both quote kinds.",
          begin: `${COND_START}${q}`,
          end: q,
          name: `string.quoted.${kind}.nginx`,
          beginCaptures: { "0": { name: "punctuation.definition.string.begin.nginx" } },
          endCaptures: { "0": { name: "punctuation.definition.string.end.nginx" } },
          patterns: [{ include: "#escape" }, { include: "#variable" }],
        };
      }),
    },

    "tilde-regex": {
      comment: "A word starting with `~` (server_name, valid_referers, proxy_redirect...) is a regex.",
      patterns: [
        ...(["double", "single"] as const).map((kind): Rule => {
          const q = kind === "double" ? '"' : "'";
          return {
            begin: `${START}(${q})(~\\*?)`,
            beginCaptures: {
              "1": { name: "punctuation.definition.string.begin.nginx" },
              "2": { name: "keyword.operator.regex.nginx" },
            },
            end: q,
            endCaptures: { "0": { name: "punctuation.definition.string.end.nginx" } },
            name: `string.regexp.quoted.${kind}.nginx`,
            patterns: [{ include: "#regex-content" }],
          };
        }),
        {
          match: `${START}(~\\*?)(${WORD_CHAR}+)`,
          captures: {
            "1": { name: "keyword.operator.regex.nginx" },
            "2": { name: "string.regexp.unquoted.nginx", patterns: [{ include: "#regex-content" }] },
          },
        },
      ],
    },

    "regex-content": regexContent,

    variable: {
      patterns: [
        {
          match: String.raw`(\$)(\{)([A-Za-z0-9_]+)(\})`,
          name: "variable.other.nginx",
          captures: {
            "1": { name: "punctuation.definition.variable.nginx" },
            "2": { name: "punctuation.definition.variable.begin.nginx" },
            "4": { name: "punctuation.definition.variable.end.nginx" },
          },
        },
        {
          match: String.raw`(\$)[A-Za-z0-9_]+`,
          name: "variable.other.nginx",
          captures: { "1": { name: "punctuation.definition.variable.nginx" } },
        },
      ],
    },

    url: {
      comment: "scheme://... up to the end of the word; variables inside stay visible.",
      begin: String.raw`${START}[A-Za-z][A-Za-z0-9+.-]*://`,
      end: String.raw`(?=[\s;{]|$)`,
      name: "markup.underline.link.nginx",
      patterns: [{ include: "#escape" }, { include: "#variable" }],
    },

    "unix-socket": {
      match: String.raw`${START}(unix)(:)(${WORD_CHAR}*)`,
      captures: {
        "1": { name: "constant.language.unix-socket.nginx" },
        "2": { name: "punctuation.separator.nginx" },
        "3": { name: "string.unquoted.path.nginx", patterns: [{ include: "#variable" }] },
      },
    },

    address: {
      patterns: [
        {
          comment: "IPv4 with an optional CIDR length or port.",
          match: String.raw`${VALUE_START}(\d{1,3}(?:\.\d{1,3}){3})(?:(/)(\d{1,2})|(:)(\d{1,5}))?${VALUE_END}`,
          captures: {
            "1": { name: "constant.numeric.ip-address.v4.nginx" },
            "2": { name: "punctuation.separator.cidr.nginx" },
            "3": { name: "constant.numeric.cidr.nginx" },
            "4": { name: "punctuation.separator.port.nginx" },
            "5": { name: "constant.numeric.port.nginx" },
          },
        },
        {
          comment: "Bracketed IPv6, as in `listen [::]:443` or `[2001:db8::1]:8080`.",
          match: String.raw`${START}(\[)([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)(\])(?:(:)(\d{1,5}))?${VALUE_END}`,
          captures: {
            "1": { name: "punctuation.definition.ip-address.begin.nginx" },
            "2": { name: "constant.numeric.ip-address.v6.nginx" },
            "3": { name: "punctuation.definition.ip-address.end.nginx" },
            "4": { name: "punctuation.separator.port.nginx" },
            "5": { name: "constant.numeric.port.nginx" },
          },
        },
        {
          comment: "Bare IPv6 (allow, deny, set_real_ip_from, geo): needs `::` or all eight groups.",
          match: String.raw`${START}((?=[0-9A-Fa-f:.]*::|(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?)(?:(/)(\d{1,3}))?${VALUE_END}`,
          captures: {
            "1": { name: "constant.numeric.ip-address.v6.nginx" },
            "2": { name: "punctuation.separator.cidr.nginx" },
            "3": { name: "constant.numeric.cidr.nginx" },
          },
        },
        {
          comment: "`listen *:80`: every address, one port.",
          match: String.raw`${START}(\*)(:)(\d{1,5})${VALUE_END}`,
          captures: {
            "1": { name: "constant.language.any-address.nginx" },
            "2": { name: "punctuation.separator.port.nginx" },
            "3": { name: "constant.numeric.port.nginx" },
          },
        },
      ],
    },

    "named-location-reference": {
      match: String.raw`${VALUE_START}(@)(${WORD_CHAR}+)`,
      name: "entity.name.type.location.named.nginx",
      captures: { "1": { name: "punctuation.definition.location.named.nginx" } },
    },

    parameter: {
      comment: "`name=value` options such as weight=5, keys_zone=one:10m, max_fails=3.",
      match: String.raw`${START}([A-Za-z_][A-Za-z0-9_-]*)(=)`,
      captures: {
        "1": { name: "variable.parameter.nginx" },
        "2": { name: "keyword.operator.assignment.nginx" },
      },
    },

    number: {
      comment:
        "Sizes (k, m, g), times (ms, s, m, h, d, w, M, y; combinable as 1h30m) and percentages (split_clients).",
      match: String.raw`${VALUE_START}(-?\d+(?:\.\d+)?(?:ms|[kKmMgGshdwy%])?(?:\d+(?:ms|[smhdwMy]))*)${VALUE_END}`,
      captures: {
        "1": {
          name: "constant.numeric.nginx",
          patterns: [{ match: "ms|[A-Za-z%]", name: "keyword.other.unit.nginx" }],
        },
      },
    },

    literal: {
      patterns: [
        {
          match: `${VALUE_START}(${wordsToRegex(BOOLEAN_WORDS)})${VALUE_END}`,
          captures: { "1": { name: "constant.language.boolean.nginx" } },
        },
        {
          match: `${VALUE_START}(${wordsToRegex(LITERAL_WORDS)})${VALUE_END}`,
          captures: { "1": { name: "constant.language.nginx" } },
        },
      ],
    },

    "mid-word-brace": {
      comment: "In `a}b` the brace is part of the word (nginx only treats `}` as special at a word start).",
      match: String.raw`(?<=[^\s;{}"'])\}`,
    },
  };

  return {
    $schema: "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
    name: "nginx",
    scopeName: "source.nginx",
    fileTypes: ["nginx", "nginxconf"],
    comment:
      "Generated by scripts/build-grammar.mjs from syntaxes/src/nginx.grammar.ts; edit the source, not this file.",
    patterns: [{ include: "#statements" }],
    repository,
  };
}

/** The exact text written to syntaxes/nginx.tmLanguage.json. */
export function serializeGrammar(grammar: Grammar): string {
  return `${JSON.stringify(grammar, null, 2)}\n`;
}
