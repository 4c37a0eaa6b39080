#!/usr/bin/env bash
# The documented CLI flow, as a user and a pipeline run it (CI runs this after the tests):
#   1. `cdktf synth` (cdktf-cli 0.21.0) in examples/ passes, prints one HardeningChecks line per stack and writes the
#      three reports of every stack;
#   2. `cdktf synth` of a stack with an error finding (scripts/fixtures/failing-app) fails, and its output carries the
#      finding's text with the rule id, the CIS id and the user's file and line.
# cdktf-cli is installed into a cache directory on first use (it is not a dependency of the package).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

prefix=${CDKTF_CLI_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/cdktf-hardened-docker/cdktf-cli-0.21.0}
if [ ! -x "$prefix/node_modules/.bin/cdktf" ]; then
  echo "== installing cdktf-cli 0.21.0 into $prefix"
  mkdir -p "$prefix"
  (cd "$prefix" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund --loglevel=error cdktf-cli@0.21.0 >/dev/null)
fi
cdktf="$prefix/node_modules/.bin/cdktf"
# no telemetry, no update check; an empty Terraform CLI configuration (the machine's may name a missing file)
tfrc=$(mktemp)
trap 'rm -f "$tfrc"' EXIT
export CHECKPOINT_DISABLE=1 TF_CLI_CONFIG_FILE="$tfrc" FORCE_COLOR=0 CI=1
strip() { sed 's/\x1b\[[0-9;]*[A-Za-z]//g'; }

echo "== cdktf synth in examples/ ($("$cdktf" --version))"
rm -rf examples/cdktf.out
out=$(cd examples && "$cdktf" synth 2>&1 | strip) || { echo "$out" | tail -40; echo "cdktf synth failed in examples/" >&2; exit 1; }
for stack in webapp opt-outs three-tier pki remote-workload; do
  echo "$out" | grep -q "HardeningChecks $stack: 0 error(s), 0 warning(s)" \
    || { echo "$out" | tail -40; echo "no passing HardeningChecks line for $stack in the cdktf synth output" >&2; exit 1; }
  for f in cdk.tf.json hardening-report.json hardening-report.sarif hardening-report.md; do
    [ -s "examples/cdktf.out/stacks/$stack/$f" ] || { echo "examples/cdktf.out/stacks/$stack/$f missing" >&2; exit 1; }
  done
done
echo "   5 stacks synthesized, 0 errors, reports written"

echo "== cdktf synth of a stack with an error finding (scripts/fixtures/failing-app)"
rm -rf scripts/fixtures/failing-app/cdktf.out
code=0
raw=$(cd scripts/fixtures/failing-app && "$cdktf" synth 2>&1) || code=$?
out=$(echo "$raw" | strip)
[ "$code" -ne 0 ] || { echo "$out" | tail -20; echo "cdktf synth passed although the stack has an error finding" >&2; exit 1; }
expected='ERROR [failing/web]: [HD-C01] CIS 5.5: Container runs privileged: privileged = true [scripts/fixtures/failing-app/main.ts:11]. Fix: '
echo "$out" | grep -qF "$expected" || { echo "$out" | tail -20; echo "the finding's text is not in the output: $expected" >&2; exit 1; }
echo "$out" | grep -qF 'HardeningChecks failing: 1 error(s)' || { echo "$out" | tail -20; echo "no HardeningChecks summary line" >&2; exit 1; }
[ -s scripts/fixtures/failing-app/cdktf.out/stacks/failing/hardening-report.sarif ] || { echo "no reports after a failing synth" >&2; exit 1; }
echo "   failed as it should (exit $code) with: $expected…"
rm -rf scripts/fixtures/failing-app/cdktf.out
cd "$root"
