// Checks the extension without VS Code or node_modules (ctest's vscode_extension_manifest): the
// manifest contributes the `takt` language for `.takt` with the grammar the repository generates,
// the language configuration parses and names the comment tokens the grammar scopes, the client
// parses as JavaScript, and the settings the client reads are declared.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const here = path.join(__dirname, '..');
const read = (file) => fs.readFileSync(path.join(here, file), 'utf8');
const failures = [];
const expect = (ok, message) => {
  if (!ok) failures.push(message);
};

const manifest = JSON.parse(read('package.json'));
const language = manifest.contributes.languages.find((l) => l.id === 'takt');
expect(language && language.extensions.includes('.takt'), 'no `takt` language for .takt files');
const grammar = manifest.contributes.grammars.find((g) => g.language === 'takt');
const source = JSON.parse(fs.readFileSync(path.join(here, '..', 'textmate', 'takt.tmLanguage.json'), 'utf8'));
expect(grammar && grammar.scopeName === source.scopeName,
  `the grammar contribution's scope is not ${source.scopeName}`);
expect(grammar && grammar.path === './syntaxes/takt.tmLanguage.json',
  'the grammar contribution does not point at syntaxes/ (where `npm run build` copies it)');

const configuration = JSON.parse(read(language.configuration));
expect(configuration.comments.lineComment === '//', 'line comments are not `//`');
expect(JSON.stringify(configuration.comments.blockComment) === '["/*","*/"]', 'block comments are not `/* */`');

const client = read(manifest.main);
try {
  new vm.Script(client, { filename: manifest.main });
} catch (error) {
  failures.push(`${manifest.main} does not parse: ${error.message}`);
}
const settings = manifest.contributes.configuration.properties;
for (const key of client.matchAll(/config\.get\('(\w+)'/g)) {
  expect(`takt.${key[1]}` in settings, `${manifest.main} reads takt.${key[1]}, which the manifest does not declare`);
}
expect(manifest.dependencies['vscode-languageclient'], 'vscode-languageclient is not a dependency');

for (const failure of failures) console.log(`FAIL ${failure}`);
console.log(`vscode manifest: ${failures.length === 0 ? 1 : 0} passed, ${failures.length === 0 ? 0 : 1} failed`);
process.exit(failures.length === 0 ? 0 : 1);
