#!/usr/bin/env bash
# run_node_test.sh [--needs-modules] PACKAGE_DIR SCRIPT [ARG]...: runs a Node test of the editor
# support files in PACKAGE_DIR, or skips it (exit 77, ctest's SKIP_RETURN_CODE) saying why when
# node is missing or, with --needs-modules, PACKAGE_DIR/node_modules is. The test never installs
# anything itself (a test must not depend on the network): scripts/bootstrap runs `npm ci`.
set -euo pipefail
needs_modules=false
if [ "$1" = --needs-modules ]; then
  needs_modules=true
  shift
fi
package_dir=$1
shift
if ! command -v node >/dev/null 2>&1; then
  echo "skipped: node is not installed"
  exit 77
fi
if $needs_modules && [ ! -d "$package_dir/node_modules" ]; then
  echo "skipped: $package_dir/node_modules is missing (run \`npm ci\` there; scripts/bootstrap does)"
  exit 77
fi
cd "$package_dir"
exec node "$@"
