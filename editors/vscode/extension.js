// The Takt extension's client: starts `takt lsp` (the binary named by the `takt.path` setting)
// over stdio for `.takt` documents, and restarts it when its settings change. Highlighting comes
// from the TextMate grammar (syntaxes/, copied from editors/textmate/ by `npm run build`); the
// server adds semantic tokens on top of it.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const { serverOptions } = require('./server');

let client;

function currentServerOptions() {
  const config = vscode.workspace.getConfiguration('takt');
  const settings = { path: config.get('path'), includeDirectories: config.get('includeDirectories') };
  return serverOptions(settings, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
}

async function start() {
  const server = currentServerOptions();
  client = new LanguageClient('takt', 'Takt', server, {
    documentSelector: [{ scheme: 'file', language: 'takt' }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.takt') },
  });
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    vscode.window.showErrorMessage(
      `Takt: could not start "${server.command} lsp" (${error.message}). ` +
        'Set takt.path to the takt binary.');
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

async function restart() {
  await stop();
  await start();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('takt.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('takt')) restart();
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
