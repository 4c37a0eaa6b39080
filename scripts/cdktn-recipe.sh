#!/usr/bin/env bash
# cdktn recipe: prove that this library runs under CDK Terrain (`cdktn`, the community fork of the archived cdktf)
# when a user aliases `cdktf` to `cdktn`, and that it produces exactly what it produces under cdktf 0.21.0.
#
#   scripts/cdktn-recipe.sh            (from anywhere; needs `npm ci` done in the repository, and network for npm)
#
# What it does, all inside one temporary directory that is removed on exit (KEEP_WORKDIR=1 keeps it):
#   1. "cdktf-app": a mirror of this repository's sources (package.json, tsconfig.json, lib/, examples/ ...) using
#      the repository's node_modules (so its cdktf is the repository's own 0.21.0). There it compiles the library
#      with jsii and packs it with jsii-pacmak (the `compile` and `package:js` tasks), so the tarball is built from
#      the very sources the cdktf side runs, and nothing in the repository (dist/, .jsii, examples/cdktf.out) is
#      written or read stale.
#   2. "cdktn-app": a user's project: the packed tarball, `"cdktf": "npm:cdktn@<version>"`, the providers, and npm
#      `overrides` so that every package's `cdktf` (the library's and the providers' peer dependencies) is cdktn.
#   3. Copies examples/ into it with `from '../lib'` rewritten to `from 'cdktf-hardened-docker'`, checks that the
#      `cdktf` every package resolves is cdktn, and synthesizes by running examples/cdktf.json's "app" (what
#      `cdktf synth` / `cdktn synth` run) in its examples/ directory.
#   4. Synthesizes the same examples the same way in the cdktf-app (cdktf 0.21.0, the library from source through
#      ts-node, like `npx projen example`) and compares every stack's hardening-report.{json,md,sarif} and
#      cdk.tf.json between the two (as follows).
#
# How the outputs are compared, and why:
#   * hardening-report.{json,md,sarif} (and the remote stack's host-files): byte for byte. The reports carry source
#     locations (SARIF physicalLocation / %SRCROOT%, the markdown's file:line) relative to a source root, which the
#     library takes as the nearest directory holding `.git` above the working directory (else the working
#     directory), and they name the synthesized cdk.tf.json relative to that root (only when it lies below it).
#     Rather than normalizing such paths afterwards, both apps get the same shape: `<app>/.git` (`git init`,
#     standing for the user's repository), `<app>/examples/*.ts` (the import rewrite only changes a module specifier
#     on an import line, so every line and column stays put), `<app>/examples/cdktf.out` as outdir, and
#     `<app>/examples` as working directory. Every root-relative path is then the same string in both runs and the
#     reports must be equal byte for byte. Only should a report contain an absolute path (which necessarily differs
#     between the two apps) is each side's app root replaced by `<ROOT>` and compared again; such files are counted
#     and listed as "equal after normalization", never silently.
#   * cdk.tf.json cannot be byte-identical, by design of the frameworks: it is stamped with the framework's version
#     ("//".metadata.version), the local backend's state paths are absolute (so contain the app root), and cdktn
#     0.24.0 serializes with safe-stable-stringify, which writes an empty object as `{}` where cdktf 0.21.0's
#     json-stable-stringify writes `{` and `}` on two lines. So it is compared as JSON: the version stamp must be
#     exactly each side's framework version and is then replaced, the app roots are replaced, and both are
#     re-serialized (sorted keys, 2 spaces) and compared byte for byte. Any other difference fails.
#     Consequence for the reports: a location *inside* cdk.tf.json (a line number) is framework-dependent, since
#     every empty object/array before it takes two lines under cdktf 0.21.0 and one under cdktn. Should the
#     examples ever produce such a location, the reports can only be byte-identical if the line is wrong under one
#     of the frameworks; a mismatch there is then a real finding, not noise.
# A mismatch prints a unified diff (of the normalized files) per file and the script exits 1.
#
# Needs bash >= 4, node, npm, git. Environment: CDKTN_VERSION (default 0.24.0), CONSTRUCTS_VERSION (default 10.7.2: cdktn 0.24.0 peer-depends on
# constructs >=10.6.0 <10.8.0, this library on ^10.4.2), KEEP_WORKDIR=1 to keep the temporary directory.
set -euo pipefail

CDKTN_VERSION="${CDKTN_VERSION:-0.24.0}"
CONSTRUCTS_VERSION="${CONSTRUCTS_VERSION:-10.7.2}"
REPORT_FILES=(hardening-report.json hardening-report.md hardening-report.sarif cdk.tf.json)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
START=$SECONDS
WORK="$(mktemp -d "${TMPDIR:-/tmp}/cdktn-recipe.XXXXXX")"
cleanup() {
  local rc=$?
  if [[ "${KEEP_WORKDIR:-}" == 1 ]]; then
    echo "cdktn-recipe: kept $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT

log() { echo "cdktn-recipe [$((SECONDS - START))s]: $*" >&2; }
die() { echo "cdktn-recipe: FAIL: $*" >&2; exit 1; }
# Runs a command with its output in a log file; on failure shows the log's tail and stops.
quiet() {
  local name=$1; shift
  if ! "$@" >"$WORK/$name.log" 2>&1; then
    tail -n 40 "$WORK/$name.log" >&2
    die "$name failed: $* (log above)"
  fi
}

# --- preconditions ----------------------------------------------------------------------------------------------
[[ -f "$ROOT/package.json" && -d "$ROOT/lib" && -f "$ROOT/examples/cdktf.json" ]] || die "$ROOT is not the repository root"
[[ -d "$ROOT/node_modules/cdktf" && -x "$ROOT/node_modules/.bin/jsii" && -x "$ROOT/node_modules/.bin/ts-node" ]] \
  || die "$ROOT/node_modules is incomplete: run 'npm ci' first"
command -v git >/dev/null || die "git is needed (git init marks each app's source root)"

# Everything this script takes from package.json, so that it follows version bumps.
pkg() { node -e "const p=require(process.argv[1]); const v=($1); if (v === undefined) process.exit(1); console.log(v)" "$ROOT/package.json"; }
LIB_NAME="$(pkg 'p.name')"
LIB_CDKTF="$(pkg 'p.peerDependencies.cdktf')"
PROVIDER_DOCKER="$(pkg "p.peerDependencies['@cdktf/provider-docker']")"
PROVIDER_TLS="$(pkg "p.peerDependencies['@cdktf/provider-tls']")"
TS_NODE="$(pkg "p.devDependencies['ts-node']")"
TYPESCRIPT="$(pkg 'p.devDependencies.typescript')"
TYPES_NODE="$(pkg "p.devDependencies['@types/node']")"
APP_CMD="$(node -p "require(process.argv[1]).app" "$ROOT/examples/cdktf.json")"

REPO_CDKTF="$(cd "$ROOT" && node -p "require('cdktf/package.json').name + '@' + require('cdktf/package.json').version")"
[[ "$REPO_CDKTF" == "cdktf@$LIB_CDKTF" ]] || die "the repository's node_modules has $REPO_CDKTF, package.json pins cdktf@$LIB_CDKTF: run 'npm ci'"

# --- 1. mirror of the sources; compile and pack there ------------------------------------------------------------
CDKTF_APP="$WORK/cdktf-app"
CDKTN_APP="$WORK/cdktn-app"
mkdir -p "$CDKTF_APP/examples" "$CDKTN_APP/examples" "$WORK/pack"
for f in package.json tsconfig.json .npmignore README.md LICENSE; do
  [[ -e "$ROOT/$f" ]] && cp "$ROOT/$f" "$CDKTF_APP/"
done
cp -R "$ROOT/lib" "$CDKTF_APP/lib"
# The examples' sources and configs, not their output (examples/cdktf.out).
find "$ROOT/examples" -maxdepth 1 -type f \( -name '*.ts' -o -name '*.json' \) -exec cp {} "$CDKTF_APP/examples/" \;
ln -s "$ROOT/node_modules" "$CDKTF_APP/node_modules"

log "compiling $LIB_NAME (jsii) in a mirror of the sources"
(cd "$CDKTF_APP" && quiet compile npx --no-install jsii --silence-warnings=reserved-word)
log "packing $LIB_NAME (jsii-pacmak --target js)"
(cd "$CDKTF_APP" && quiet pack npx --no-install jsii-pacmak --target js --outdir "$WORK/pack")
shopt -s nullglob
TARBALLS=("$WORK"/pack/js/*.tgz)
shopt -u nullglob
[[ ${#TARBALLS[@]} -eq 1 ]] || die "expected one tarball in $WORK/pack/js, found ${#TARBALLS[@]}"
TARBALL="${TARBALLS[0]}"
# The mirror compiled to dist/; its examples still import ../lib (TypeScript, through ts-node), as in the repository.

# --- 2. the user's project with cdktf aliased to cdktn -----------------------------------------------------------
# npm refuses an override for a direct dependency unless its spec equals the dependency's; "$cdktf" refers to the
# root's own spec (npm:cdktn@<version>), so the alias is written once. The override reaches the peer dependencies
# of the library and of @cdktf/provider-docker / @cdktf/provider-tls (cdktf@0.21.0, ^0.21.0), which npm would
# otherwise reject (ERESOLVE: cdktn@0.24.0 does not satisfy ^0.21.0).
TARBALL="$TARBALL" LIB_NAME="$LIB_NAME" CDKTN_VERSION="$CDKTN_VERSION" CONSTRUCTS_VERSION="$CONSTRUCTS_VERSION" \
PROVIDER_DOCKER="$PROVIDER_DOCKER" PROVIDER_TLS="$PROVIDER_TLS" TS_NODE="$TS_NODE" TYPESCRIPT="$TYPESCRIPT" \
TYPES_NODE="$TYPES_NODE" node -e '
  const e = process.env;
  const pkg = {
    name: "cdktn-recipe-app",
    version: "0.0.0",
    private: true,
    dependencies: {
      [e.LIB_NAME]: "file:" + e.TARBALL,
      "cdktf": "npm:cdktn@" + e.CDKTN_VERSION,
      "constructs": e.CONSTRUCTS_VERSION,
      "@cdktf/provider-docker": e.PROVIDER_DOCKER,
      "@cdktf/provider-tls": e.PROVIDER_TLS,
    },
    devDependencies: { "ts-node": e.TS_NODE, "typescript": e.TYPESCRIPT, "@types/node": e.TYPES_NODE },
    overrides: { "cdktf": "$cdktf" },
  };
  require("fs").writeFileSync(process.argv[1], JSON.stringify(pkg, null, 2) + "\n");
' "$CDKTN_APP/package.json"
log "npm install in the cdktn app (cdktf -> npm:cdktn@$CDKTN_VERSION)"
(cd "$CDKTN_APP" && quiet npm-install npm install --no-audit --no-fund --loglevel=error)

# --- 3. the examples against the package; check what `cdktf` is ---------------------------------------------------
find "$ROOT/examples" -maxdepth 1 -type f -name '*.ts' -exec cp {} "$CDKTN_APP/examples/" \;
cp "$ROOT/examples/cdktf.json" "$ROOT/examples/tsconfig.json" "$CDKTN_APP/examples/"
# The examples' imports of the library's sources become imports of the package (only the specifier changes, so
# every line and column of the examples stays where it is).
sed -i.orig -E "s#from '\.\./lib'#from '$LIB_NAME'#" "$CDKTN_APP"/examples/*.ts
rm -f "$CDKTN_APP"/examples/*.orig
if grep -nE "\.\./lib" "$CDKTN_APP"/examples/*.ts; then die "examples still reference ../lib (lines above): extend the rewrite"; fi
# examples/tsconfig.json extends ../tsconfig.json: the repository's compiler options, minus what only concerns
# compiling lib/ (rootDir, outDir, include, the dockerode typings).
node -e '
  const fs = require("fs");
  const base = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const o = { ...base.compilerOptions };
  delete o.rootDir; delete o.outDir; o.types = ["node"];
  fs.writeFileSync(process.argv[2], JSON.stringify({ compilerOptions: o }, null, 2) + "\n");
' "$ROOT/tsconfig.json" "$CDKTN_APP/tsconfig.json"

# The recipe must not silently test cdktf: from where the app runs, `cdktf` is cdktn at the expected version, and
# the library and both providers resolve the very same file (one copy of the framework).
(cd "$CDKTN_APP/examples" && LIB_NAME="$LIB_NAME" node -e '
  const path = require("path");
  const meta = require("cdktf/package.json");
  const want = "cdktn@" + process.argv[1];
  if (meta.name + "@" + meta.version !== want) { console.error(`cdktf resolves to ${meta.name}@${meta.version}, not ${want}`); process.exit(1); }
  const app = require.resolve("cdktf");
  for (const dep of [process.env.LIB_NAME, "@cdktf/provider-docker", "@cdktf/provider-tls"]) {
    const dir = path.dirname(require.resolve(dep + "/package.json"));
    const theirs = require.resolve("cdktf", { paths: [dir] });
    if (theirs !== app) { console.error(`${dep} loads ${theirs}, the app loads ${app}`); process.exit(1); }
  }
' "$CDKTN_VERSION") || die "the cdktn app does not load cdktn everywhere"
[[ -z "$(find "$CDKTN_APP/node_modules" -path '*/node_modules/cdktf/package.json' -exec grep -L '"name": "cdktn"' {} +)" ]] \
  || die "a real cdktf package is installed in the cdktn app"

# Both apps: a source root (.git) at the app's top, examples/cdktf.out as outdir, examples/ as working directory,
# the app command of examples/cdktf.json (what `cdktf synth` runs; it sets CDKTF_OUTDIR the same way).
synth() {
  local app=$1 name=$2
  (cd "$app" && git init -q .)
  (cd "$app/examples" && CDKTF_OUTDIR="$app/examples/cdktf.out" quiet "synth-$name" bash -c "$APP_CMD")
  [[ -d "$app/examples/cdktf.out/stacks" ]] || die "$name: no stacks in $app/examples/cdktf.out"
}
log "synthesizing the examples with cdktn $CDKTN_VERSION ($APP_CMD)"
synth "$CDKTN_APP" cdktn
# The manifest is written by the framework that actually ran.
MANIFEST_VERSION="$(node -p "require(process.argv[1]).version" "$CDKTN_APP/examples/cdktf.out/manifest.json")"
[[ "$MANIFEST_VERSION" == "$CDKTN_VERSION" ]] || die "the cdktn app's manifest.json says version $MANIFEST_VERSION, not $CDKTN_VERSION"

# --- 4. the same examples with the repository's cdktf, and the comparison -----------------------------------------
(cd "$CDKTF_APP/examples" && node -e '
  const m = require("cdktf/package.json");
  if (m.name + "@" + m.version !== "cdktf@" + process.argv[1]) { console.error(`cdktf-app loads ${m.name}@${m.version}`); process.exit(1); }
' "$LIB_CDKTF") || die "the cdktf app does not load cdktf@$LIB_CDKTF"
log "synthesizing the examples with cdktf $LIB_CDKTF (the repository's node_modules, library from source)"
synth "$CDKTF_APP" cdktf

A="$CDKTF_APP/examples/cdktf.out/stacks"
B="$CDKTN_APP/examples/cdktf.out/stacks"
STACKS_A="$(cd "$A" && ls -1)"
STACKS_B="$(cd "$B" && ls -1)"
if [[ "$STACKS_A" != "$STACKS_B" ]]; then
  diff <(echo "$STACKS_A") <(echo "$STACKS_B") >&2 || true
  die "the two runs synthesized different stacks (< cdktf, > cdktn)"
fi
mapfile -t STACKS <<<"$STACKS_A"
[[ ${#STACKS[@]} -gt 0 && -n "${STACKS[0]}" ]] || die "no stacks synthesized"

# The comparator for files that are not byte-identical (see "How the outputs are compared" at the top): writes a
# normalized copy of one side's file and prints what it found to normalize besides the cdk.tf.json version stamp.
cat >"$WORK/normalize.js" <<'JS'
const fs = require("fs");
const [kind, file, root, version, out] = process.argv.slice(2);
const raw = fs.readFileSync(file, "utf8");
const unroot = (s) => s.split(root).join("<ROOT>");
const notes = [];
if (raw.includes(root)) notes.push("absolute app root");
if (kind === "json") {
  const json = JSON.parse(raw);
  const meta = json["//"] && json["//"].metadata;
  if (!meta || meta.version !== version) {
    console.error(`${file}: "//".metadata.version is ${meta && meta.version}, expected ${version}`);
    process.exit(2);
  }
  meta.version = "<FRAMEWORK_VERSION>";
  const sorted = (v) => Array.isArray(v) ? v.map(sorted)
    : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v;
  fs.writeFileSync(out, unroot(JSON.stringify(sorted(json), null, 2)) + "\n");
} else {
  fs.writeFileSync(out, unroot(raw));
}
console.log(notes.join(","));
JS

compared=0 identical=0 normalized=0 mismatched=0
declare -A NOTES=()
compare() { # stack relative-file
  local stack=$1 f=$2 kind=text na nb
  local a="$A/$stack/$f" b="$B/$stack/$f"
  [[ -f "$a" ]] || die "the cdktf run wrote no $stack/$f"
  [[ -f "$b" ]] || die "the cdktn run wrote no $stack/$f"
  compared=$((compared + 1))
  if cmp -s "$a" "$b"; then identical=$((identical + 1)); return; fi
  [[ "$f" == cdk.tf.json ]] && kind=json
  mkdir -p "$WORK/norm/cdktf/$stack/$(dirname "$f")" "$WORK/norm/cdktn/$stack/$(dirname "$f")"
  na="$(node "$WORK/normalize.js" "$kind" "$a" "$CDKTF_APP" "$LIB_CDKTF" "$WORK/norm/cdktf/$stack/$f")" || die "normalizing $a"
  nb="$(node "$WORK/normalize.js" "$kind" "$b" "$CDKTN_APP" "$CDKTN_VERSION" "$WORK/norm/cdktn/$stack/$f")" || die "normalizing $b"
  if cmp -s "$WORK/norm/cdktf/$stack/$f" "$WORK/norm/cdktn/$stack/$f"; then
    normalized=$((normalized + 1))
    local what="$f:"
    [[ $kind == json ]] && what="$what framework version stamp, empty-object formatting"
    [[ -n "$na$nb" ]] && what="$what${na:+ ($na)}"
    NOTES["$what"]=$(( ${NOTES["$what"]:-0} + 1 ))
  else
    mismatched=$((mismatched + 1))
    echo "cdktn-recipe: MISMATCH $stack/$f (normalized; --- cdktf $LIB_CDKTF, +++ cdktn $CDKTN_VERSION):" >&2
    diff -u --label "cdktf/$stack/$f" --label "cdktn/$stack/$f" "$WORK/norm/cdktf/$stack/$f" "$WORK/norm/cdktn/$stack/$f" \
      | head -n 40 >&2 || true
  fi
}
for stack in "${STACKS[@]}"; do
  for f in "${REPORT_FILES[@]}"; do compare "$stack" "$f"; done
  # The remote daemon's host files (examples/main.ts writes them next to its stack): library output too.
  if [[ -d "$A/$stack/host-files" || -d "$B/$stack/host-files" ]]; then
    ha="$(cd "$A/$stack" && find host-files -type f 2>/dev/null | sort || true)"
    hb="$(cd "$B/$stack" && find host-files -type f 2>/dev/null | sort || true)"
    [[ "$ha" == "$hb" ]] || { diff <(echo "$ha") <(echo "$hb") >&2 || true; die "$stack/host-files: different files (< cdktf, > cdktn)"; }
    while IFS= read -r h; do compare "$stack" "$h"; done <<<"$ha"
  fi
done
for what in "${!NOTES[@]}"; do
  echo "cdktn-recipe: not byte-identical but equal after normalizing ${NOTES[$what]}x $what" >&2
done

# --- 5. summary ------------------------------------------------------------------------------------------------------
result=PASS
[[ $mismatched -eq 0 ]] || result=FAIL
detail="$identical byte-identical"
[[ $normalized -eq 0 ]] || detail="$detail, $normalized equal after normalization"
[[ $mismatched -eq 0 ]] || detail="$detail, $mismatched DIFFERENT"
echo "cdktn-recipe: cdktn $CDKTN_VERSION (as cdktf) vs cdktf $LIB_CDKTF: ${#STACKS[@]} stacks, $compared files compared ($detail): $result in $((SECONDS - START))s"
[[ $result == PASS ]]
