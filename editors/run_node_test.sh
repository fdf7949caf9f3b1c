#!/usr/bin/env bash
# run_node_test.sh PACKAGE_DIR SCRIPT [--needs-modules]: runs a Node test of the editor support
# files, or skips it (exit 77, ctest's SKIP_RETURN_CODE) saying why when node is missing or, with
# --needs-modules, PACKAGE_DIR/node_modules is. The test never installs anything itself (a test
# must not depend on the network): scripts/bootstrap runs `npm ci` there.
set -euo pipefail
package_dir=$1
script=$2
if ! command -v node >/dev/null 2>&1; then
  echo "skipped: node is not installed"
  exit 77
fi
if [ "${3:-}" = --needs-modules ] && [ ! -d "$package_dir/node_modules" ]; then
  echo "skipped: $package_dir/node_modules is missing (run \`npm ci\` there; scripts/bootstrap does)"
  exit 77
fi
cd "$package_dir"
exec node "$script"
