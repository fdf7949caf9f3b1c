#!/usr/bin/env bash
# Fault injection for every command that writes (docs/cli.md, "Outputs"): each one runs against
# a full file system (`ulimit -f 0` with SIGXFSZ ignored, so every write fails with EFBIG) or a
# full standard output (/dev/full). Each must exit non-zero, name what it could not write, and
# leave the previous file byte for byte as it was, with no temporary file left beside it.
#
# Usage: write_faults.sh TAKT SOURCE_DIR
set -u
takt=$1
source_dir=$2
work=$(mktemp -d)
# The test's own files live apart, so they never count as left behind beside an output.
meta=$(mktemp -d)
trap 'rm -rf "$work" "$meta"' EXIT
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

cp -r "$source_dir/examples/porto" "$work/p"
cp "$source_dir/examples/porto/events.jsonl" "$work/ev.jsonl"
if ! "$takt" build "$work/p" -o "$work/v.so" 2>"$meta/build.err"; then
  # A takt without LLVM builds no executors: the .so cases are skipped, the rest still run.
  echo "note: no executor built ($(head -1 "$meta/build.err")); skipping the .so cases"
  rm -f "$work/v.so"
fi

# expect_kept FILE COMMAND...: FILE exists with known content; COMMAND, run on a full file
# system, must fail, name FILE on stderr, and leave FILE and its directory as they were.
expect_kept() {
  local file=$1
  shift
  local dir
  dir=$(dirname "$file")
  cp "$file" "$meta/before"
  ls -A "$dir" >"$meta/listing.before"
  # stderr goes through a pipe: a file would be cut off by the limit as well.
  local errors
  errors=$(
    trap '' XFSZ
    ulimit -f 0
    exec "$@" 2>&1 >/dev/null
  )
  local status=$?
  printf '%s\n' "$errors" >"$meta/err"
  if [ "$status" -eq 0 ]; then
    fail "exit 0 on a full file system: $*"
  fi
  if ! grep -qF "\`$file\`" "$meta/err"; then
    fail "stderr does not name \`$file\`: $*"
    sed 's/^/    /' "$meta/err"
  fi
  if ! cmp -s "$meta/before" "$file"; then
    fail "the previous \`$file\` changed: $*"
  fi
  if ! ls -A "$dir" | cmp -s "$meta/listing.before" -; then
    fail "files appeared or vanished beside \`$file\`: $*"
  fi
}

# expect_stdout_error COMMAND...: COMMAND with stdout on /dev/full must fail and say so.
expect_stdout_error() {
  "$@" >/dev/full 2>"$meta/err" <"$work/p/routing.takt"
  local status=$?
  if [ "$status" -eq 0 ]; then
    fail "exit 0 with stdout on /dev/full: $*"
  fi
  if ! grep -q "cannot write standard output" "$meta/err"; then
    fail "no error for the lost stdout: $*"
    sed 's/^/    /' "$meta/err"
  fi
}

printf '{"action":"previous"}\n' >"$work/prev.jsonl"
expect_kept "$work/prev.jsonl" "$takt" run --interp "$work/p" --events "$work/ev.jsonl" -o "$work/prev.jsonl"
if [ -f "$work/v.so" ]; then
  expect_kept "$work/prev.jsonl" "$takt" run "$work/v.so" --events "$work/ev.jsonl" -o "$work/prev.jsonl"
  printf 'previous executor\n' >"$work/prev.so"
  expect_kept "$work/prev.so" "$takt" build "$work/p" -o "$work/prev.so"
fi
printf 'digraph previous {}\n' >"$work/prev.dot"
expect_kept "$work/prev.dot" "$takt" graph "$work/p" -o "$work/prev.dot"
mkdir "$work/site"
printf '<!-- previous site -->\n' >"$work/site/index.html"
expect_kept "$work/site/index.html" "$takt" doc --graphs dot "$work/p" -o "$work/site"
printf '<previous/>\n' >"$work/prev.xml"
expect_kept "$work/prev.xml" "$takt" test --interp "$work/p" --junit "$work/prev.xml"
printf 'xir previous\n' >"$work/prev.xir"
expect_kept "$work/prev.xir" "$takt" build --emit=xir "$work/p" -o "$work/prev.xir"
# fmt rewrites a file in place: a non-canonical source (every line indented) must survive whole.
mkdir "$work/fmt"
sed 's/^/    /' "$work/p/downtime.takt" >"$work/fmt/downtime.takt"
expect_kept "$work/fmt/downtime.takt" "$takt" fmt "$work/fmt/downtime.takt"

# A device that cannot take the bytes is an error too, not "21 actions" and exit 0.
"$takt" run --interp "$work/p" --events "$work/ev.jsonl" -o /dev/full 2>"$meta/err"
if [ $? -eq 0 ] || ! grep -qF 'cannot write `/dev/full`' "$meta/err"; then
  fail "run -o /dev/full"
  sed 's/^/    /' "$meta/err"
fi

expect_stdout_error "$takt" run --interp "$work/p" --events "$work/ev.jsonl"
expect_stdout_error "$takt" graph "$work/p"
expect_stdout_error "$takt" test --interp "$work/p"
expect_stdout_error "$takt" build --emit=xir "$work/p"
expect_stdout_error "$takt" fmt -
expect_stdout_error "$takt" --help

# An unreadable subdirectory is an error, not zero tests. Root ignores permissions, so the
# directory is made unreadable inside a user namespace, where root's files are not ours.
mkdir -p "$work/unreadable/sub"
cp "$work/p"/*.takt "$work/unreadable/"
mv "$work/unreadable/tests.takt" "$work/unreadable/sub/"
chmod 000 "$work/unreadable/sub"
if [ "$(id -u)" -ne 0 ]; then
  runner=()
elif unshare -U true 2>/dev/null; then
  runner=(unshare -U)
else
  runner=(false)
  echo "note: running as root without user namespaces; the unreadable directory case is skipped"
fi
if [ "${runner[*]}" != false ]; then
  "${runner[@]}" "$takt" test --interp "$work/unreadable" >/dev/null 2>"$meta/err"
  status=$?
  if [ "$status" -ne 2 ] || ! grep -qF "cannot read \`$work/unreadable/sub\`" "$meta/err"; then
    fail "an unreadable subdirectory is not an error (exit $status)"
    sed 's/^/    /' "$meta/err"
  fi
fi
chmod 755 "$work/unreadable/sub"

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all writes safe"
