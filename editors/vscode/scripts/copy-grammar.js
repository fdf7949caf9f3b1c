// Copies the TextMate grammar into the extension (vsce packages only files below this folder).
// The grammar's source of truth is editors/textmate/takt.tmLanguage.json, generated from the
// compiler's keyword and unit lists; syntaxes/ is a build output and not committed.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const source = path.join(__dirname, '..', '..', 'textmate', 'takt.tmLanguage.json');
const target = path.join(__dirname, '..', 'syntaxes', 'takt.tmLanguage.json');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(source, target);
console.log(`copied ${path.relative(process.cwd(), source)} to ${path.relative(process.cwd(), target)}`);
