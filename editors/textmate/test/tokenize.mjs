// Tokenizes every .takt file of the repository with takt.tmLanguage.json through the engine VS
// Code uses (vscode-textmate + vscode-oniguruma) and checks:
//   - every file tokenizes, line by line, without the engine giving up on a line;
//   - a token scoped as a unit is a unit of compiler/model/units.def;
//   - a keyword of grammar/keywords.def is never left unscoped (soft keywords: it may be a
//     keyword or a name, but a word the grammar missed would show as plain text);
//   - in the plants people read (examples/, stdlib/, editors/) no text is left unscoped and no
//     string or block comment is still open at the end of the file;
//   - the token dumps of porto's files and of test/sample.takt equal the goldens in
//     tests/golden/textmate/ (`--update` rewrites them).
// Prints `N passed, N failed` and exits 1 on a failure.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const textmateDir = path.dirname(here);
const root = path.resolve(textmateDir, '..', '..');
const goldenDir = path.join(root, 'tests', 'golden', 'textmate');
const update = process.argv.includes('--update');

const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
const registry = new vsctm.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
    createOnigString: (text) => new oniguruma.OnigString(text),
  }),
  loadGrammar: async (scopeName) => {
    if (scopeName !== 'source.takt') return null;
    const file = path.join(textmateDir, 'takt.tmLanguage.json');
    return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
  },
});
const grammar = await registry.loadGrammar('source.takt');

const keywordDef = fs.readFileSync(path.join(root, 'grammar', 'keywords.def'), 'utf8');
const keywords = new Set([...keywordDef.matchAll(/^TAKT_KEYWORD\(\w+, "([^"]+)"/gm)].map((m) => m[1]));
const unitDef = fs.readFileSync(path.join(root, 'compiler', 'model', 'units.def'), 'utf8');
const units = new Set([...unitDef.matchAll(/^TAKT_(?:OFFSET_)?UNIT\("([^"]+)"/gm)].map((m) => m[1]));

function walk(dir, out) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith('.takt')) out.push(full);
  }
  return out;
}

// Tokens of one file: {line, column, text, scopes} with the root scope left out, blanks skipped.
function tokenize(text) {
  const tokens = [];
  let stack = vsctm.INITIAL;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const result = grammar.tokenizeLine(line, stack);
    if (result.stoppedEarly) throw new Error(`line ${index + 1}: the engine stopped early`);
    result.tokens.forEach((token, i) => {
      const end = i + 1 < result.tokens.length ? result.tokens[i + 1].startIndex : line.length;
      const piece = line.slice(token.startIndex, end);
      if (piece.trim() === '') return;
      tokens.push({
        line: index + 1,
        column: token.startIndex + 1,
        text: piece,
        scopes: token.scopes.filter((scope) => scope !== 'source.takt'),
      });
    });
    stack = result.ruleStack;
  });
  return { tokens, endsAtRoot: stack.depth === 1 };
}

function dump(tokens) {
  return tokens
    .map((t) => `${t.line}:${t.column}\t${JSON.stringify(t.text)}\t${t.scopes.join(' ') || '-'}`)
    .join('\n') + '\n';
}

const files = ['examples', 'stdlib', path.join('tests', 'golden'), 'editors']
  .flatMap((dir) => walk(path.join(root, dir), []))
  .sort();
const goldens = new Map();
for (const file of files) {
  const relative = path.relative(root, file);
  if (relative.startsWith(path.join('examples', 'porto') + path.sep)) {
    goldens.set(file, `porto-${path.basename(file, '.takt')}.txt`);
  }
}
goldens.set(path.join(here, 'sample.takt'), 'sample.txt');

let passed = 0;
let failed = 0;
const fail = (relative, message) => {
  console.log(`FAIL ${relative}: ${message}`);
  return false;
};

for (const file of files) {
  const relative = path.relative(root, file);
  const readable = !relative.startsWith('tests' + path.sep);
  let ok = true;
  let result;
  try {
    result = tokenize(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    ok = fail(relative, error.message);
  }
  if (result) {
    for (const t of result.tokens) {
      if (t.scopes.includes('keyword.other.unit.takt') && !units.has(t.text)) {
        ok = fail(relative, `${t.line}:${t.column}: ${JSON.stringify(t.text)} is scoped as a unit but is none`);
      } else if (keywords.has(t.text) && t.scopes.length === 0) {
        ok = fail(relative, `${t.line}:${t.column}: keyword ${t.text} has no scope`);
      } else if (readable && t.scopes.length === 0) {
        ok = fail(relative, `${t.line}:${t.column}: ${JSON.stringify(t.text)} has no scope`);
      }
    }
    if (readable && !result.endsAtRoot) ok = fail(relative, 'a string or comment is still open at the end');
    const golden = goldens.get(file);
    if (golden) {
      const goldenFile = path.join(goldenDir, golden);
      const actual = dump(result.tokens);
      if (update) {
        fs.mkdirSync(goldenDir, { recursive: true });
        fs.writeFileSync(goldenFile, actual);
      } else if (!fs.existsSync(goldenFile)) {
        ok = fail(relative, `no golden ${path.relative(root, goldenFile)} (run with --update)`);
      } else {
        const expected = fs.readFileSync(goldenFile, 'utf8').split('\n');
        const lines = actual.split('\n');
        const first = lines.findIndex((line, i) => line !== expected[i]);
        if (first !== -1 || expected.length !== lines.length) {
          const at = first === -1 ? lines.length : first;
          ok = fail(relative, `tokens differ from ${path.relative(root, goldenFile)} (review, then --update); ` +
            `first at dump line ${at + 1}: expected ${JSON.stringify(expected[at])}, got ${JSON.stringify(lines[at])}`);
        }
      }
    }
  }
  if (ok) passed += 1;
  else failed += 1;
}
if (files.length < 10) {
  console.log(`FAIL: found only ${files.length} .takt files under ${root}`);
  failed += 1;
}
console.log(`textmate: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
