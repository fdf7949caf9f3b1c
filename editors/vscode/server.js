// How the extension starts `takt lsp`, apart from the `vscode` module so that
// scripts/smoke-lsp.js (ctest vscode_client_smoke) starts the server exactly as the extension does.
'use strict';

// settings: the `takt` configuration section ({path, includeDirectories}); folder: the first
// workspace folder's path, or undefined. No `transport` on purpose: with TransportKind.stdio
// vscode-languageclient would append `--stdio`, which `takt lsp` does not take.
function serverOptions(settings, folder) {
  const args = ['lsp'];
  for (const dir of settings.includeDirectories || []) {
    args.push('-I', dir);
  }
  // `takt lsp` makes relative `-I` directories absolute against its working directory.
  const options = folder ? { cwd: folder } : {};
  return { command: settings.path || 'takt', args, options };
}

module.exports = { serverOptions };
