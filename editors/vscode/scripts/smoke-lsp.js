// smoke-lsp.js TAKT PLANT_DIR: starts `takt lsp` the way the extension does (server.js) and talks
// to it with vscode-jsonrpc, the protocol library under vscode-languageclient (ctest
// vscode_client_smoke). Opens a file of the plant, expects an outline and no diagnostics,
// misspells an owner with an incremental change, expects a diagnostic, restores the text,
// expects none again, and shuts the server down cleanly.
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const rpc = require('vscode-jsonrpc/node');
const { serverOptions } = require('../server');

const [takt, plantArg] = process.argv.slice(2);
const plant = path.resolve(plantArg);
const file = path.join(plant, 'quality.takt');
const uri = pathToFileURL(file).href;
const text = fs.readFileSync(file, 'utf8');

const server = serverOptions({ path: takt, includeDirectories: [] }, plant);
const child = childProcess.spawn(server.command, server.args, {
  cwd: server.options.cwd,
  stdio: ['pipe', 'pipe', 'inherit'],
});
const connection = rpc.createMessageConnection(
  new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));

// Each publishDiagnostics for `uri` resolves the oldest waiter. The server publishes a file only
// when its diagnostics change, so a clean file on open gets none: `latest` tells.
const waiting = [];
let latest = [];
connection.onNotification('textDocument/publishDiagnostics', (params) => {
  if (params.uri !== uri) return;
  latest = params.diagnostics;
  if (waiting.length > 0) waiting.shift()(params.diagnostics);
});
const nextDiagnostics = (what) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`no diagnostics for ${what} within 10 s`)), 10000);
  waiting.push((diagnostics) => {
    clearTimeout(timer);
    resolve(diagnostics);
  });
});
connection.listen();

function expect(ok, message) {
  if (!ok) throw new Error(message);
}

async function main() {
  const folderUri = pathToFileURL(plant).href;
  const init = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: path.basename(plant) }],
    capabilities: {},
  });
  expect(init.capabilities && init.capabilities.hoverProvider, 'initialize announced no hover');
  connection.sendNotification('initialized', {});

  connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'takt', version: 1, text },
  });
  // The server answers in order, so the outline comes after any diagnostics of the open.
  const symbols = await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  expect(Array.isArray(symbols) && symbols.length > 0, 'documentSymbol gave no outline');
  expect(latest.length === 0, 'the plant has diagnostics when opened');

  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('owner quality_engineer'));
  const character = lines[line].indexOf('quality_engineer');
  const range = (length) => ({
    start: { line, character },
    end: { line, character: character + length },
  });
  let diagnostics = nextDiagnostics('the misspelt owner');
  connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: range('quality_engineer'.length), text: 'quality_enginer' }],
  });
  const broken = await diagnostics;
  expect(broken.length > 0 && broken.every((d) => d.code), 'a misspelt owner gave no coded diagnostic');

  diagnostics = nextDiagnostics('the restored owner');
  connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 3 },
    contentChanges: [{ range: range('quality_enginer'.length), text: 'quality_engineer' }],
  });
  expect((await diagnostics).length === 0, 'diagnostics remain after the owner was restored');

  shuttingDown = true;
  await connection.sendRequest('shutdown');
  const exited = new Promise((resolve) => child.on('exit', resolve));
  connection.sendNotification('exit');
  expect((await exited) === 0, 'takt lsp did not exit with status 0 after shutdown and exit');
  return broken[0];
}

// A server that dies, or never answers, must fail the test rather than let node exit quietly.
let shuttingDown = false;
const failEarly = (why) => {
  console.log(`FAIL ${why}`);
  console.log('vscode client smoke: 0 passed, 1 failed');
  process.exit(1);
};
child.on('error', (error) => failEarly(`could not start ${server.command}: ${error.message}`));
child.on('exit', (status) => {
  if (!shuttingDown) failEarly(`takt lsp exited (status ${status}) before shutdown`);
});
process.on('beforeExit', () => failEarly('the session ended before every answer came'));

main().then(
  (diagnostic) => {
    console.log(`misspelt owner: ${diagnostic.code} ${diagnostic.message}`);
    console.log('vscode client smoke: 1 passed, 0 failed');
    process.exit(0);
  },
  (error) => {
    console.log(`FAIL ${error.message}`);
    console.log('vscode client smoke: 0 passed, 1 failed');
    child.kill();
    process.exit(1);
  });
