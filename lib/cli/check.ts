/**
 * `cdktf-hardened-docker check`: the hardening checks of `HardeningChecks` on existing Terraform — a cdktf stack's
 * `cdk.tf.json` or a module's `*.tf` / `*.tf.json` files — with no construct tree.
 *
 *   cdktf-hardened-docker check <path...> [--format text|json|sarif] [--fail-on error|warning]
 *                         [--out <dir>] [--no-reports] [--stack-name <name>] [--var-file <file>]...
 *                         [--source-root <dir>] [--no-accepted-risks-in-sarif]
 *
 * Paths:
 * - a `cdk.tf.json` (or a stack directory holding one): one stack, checked as written, named after its directory —
 *   unless its directory holds other files Terraform reads with it (`*.tf`, `*.tf.json`, override files): then they
 *   are one module, merged and checked together (a note says so);
 * - a cdktf output directory (`cdktf.out`, with `stacks/<name>/cdk.tf.json`): one stack per directory under `stacks/`;
 * - a directory of `*.tf` and `*.tf.json` files: one Terraform module (every file of it merged, as Terraform merges
 *   them), named after the directory or `--stack-name`; its `terraform.tfvars(.json)` and `*.auto.tfvars(.json)` are
 *   applied, as Terraform applies them;
 * - individual `*.tf` / `*.tf.json` files: the files of each directory are one module (no variable file is loaded
 *   automatically; give them with `--var-file`).
 * Files Terraform ignores (names starting with `.`, or `#` and ending with `#`, or ending with `~`) are not read in
 * a directory, and refused when given; subdirectories are not read.
 *
 * Output (stdout): `--format text` (default) prints one line per error and warning, `file:line: LEVEL HD-XNN message
 * (path)`, then one summary line per stack; `json` prints `{ failOn, exitCode, stacks: [{ name, kind, files,
 * reportDir, report }] }` with each stack's full report; `sarif` prints one SARIF 2.1.0 log with one run per stack.
 * Reports: `hardening-report.{json,sarif,md}` per stack, as the aspect writes them — next to a `cdk.tf.json`, in
 * `./hardening-reports/<stack>/` for a Terraform module, in `<out>/<stack>/` for every stack with `--out <dir>`;
 * none with `--no-reports`. Locations are relative to the source root (`--source-root`, else the nearest directory
 * at or above the working directory holding `.git`, else the working directory), or to the working directory for
 * files outside it.
 *
 * Exit codes: 0 no unsuppressed finding at or above `--fail-on` (default `error`; infos never fail); 1 at least one;
 * 2 a usage error, a file that cannot be read, parsed or converted, or a configuration Terraform would reject
 * (duplicate blocks, an override without a base, an unknown top-level block), or JSON that JSON.parse would not read
 * as Terraform does (a key repeated in one object; a `__proto__` key or name, in JSON or HCL): nothing is checked then.
 *
 * Fail closed, as the aspect: values are evaluated as Terraform would (lib/checks/values); an expression the checks
 * cannot evaluate — a variable without a value, `count.index`, `each.value`, a `for_each` of a `dynamic` block over an
 * unknown, a template directive, a function the evaluator does not know — is a "cannot verify" finding of the rule
 * that read it, never a pass; a variable's default or tfvars value is checked and still reported as changeable.
 *
 * HCL is converted with @cdktf/hcl2json (loaded only by this command), file by file, and merged here. What hcl2json
 * changes or loses, and how each is handled:
 * - it gives no positions: blocks are located by a scanner of the HCL text (lib/checks/hcl/locator.ts) that skips
 *   comments, strings and heredocs;
 * - `convertFiles` concatenates a directory's files (blocks lose their file; duplicates merge silently; override
 *   files are not merged): not used — each file is parsed alone; a duplicate resource, data source, module, variable,
 *   output, local or provider configuration (local name and alias) is an error (exit 2); override files are merged
 *   as Terraform merges them (arguments replaced; a nested block type replaced when the override has at least one
 *   block of it, `dynamic` included — so `"volumes": []` in a JSON override keeps the base's; `lifecycle` merged by
 *   argument, an empty `ignore_changes` keeping the base's and `all` staying all); an override without a base block,
 *   `depends_on` in one, and `import`/`moved`/`removed`/`check` blocks in one, are errors;
 * - expressions become `${…}` templates, which is what Terraform's JSON syntax reads; where the JSON syntax reads a
 *   name instead (a `dynamic` block's `iterator`, `provider`, `depends_on`, `lifecycle.ignore_changes`, a variable's
 *   `type`) the name is written back. Escapes (`$${`, `%%{`) are kept; heredocs are folded into strings (indented
 *   ones stripped); template directives stay directives (and are unverifiable); strip markers `~` are applied;
 * - comments inside an expression stay in its `${…}` text: if the evaluator cannot read it, the values it gives are
 *   "cannot verify" findings;
 * - several provisioners become one object per kind (their order across kinds is lost; each one is still HD-X01);
 * - numbers beyond 2^53 are rounded by JSON.parse (no rule's outcome depends on such a number);
 * - data sources scoped to `check` blocks are checked as top-level data sources;
 * - modules are not followed: each `module` block is HD-X01 (what it deploys is not seen).
 *
 * @internal
 */
import { existsSync, mkdirSync } from 'fs';
import * as path from 'path';
import { checkTerraformJson } from '../checks/hardening-checks';
import { ConfigurationError, loadConfigurations, LoadedConfiguration } from '../checks/hcl/load';
import { writeJsonFile, writeLinesFile } from '../checks/json-writer';
import { HardeningReport, ReportFinding } from '../checks/report';
import { renderMarkdownLines } from '../checks/report-markdown';
import { renderSarif } from '../checks/report-sarif';
import { ALL_RULES } from '../checks/rules';
import { sourceRootOf } from '../checks/source-location';

/** Exit codes of `check`. */
export const CHECK_EXIT = { OK: 0, FINDINGS: 1, ERROR: 2 } as const;

export interface CheckFlags {
  readonly format?: string;
  readonly failOn?: string;
  readonly out?: string;
  /** commander's `--no-reports` */
  readonly reports?: boolean;
  readonly stackName?: string;
  readonly varFile?: string[];
  readonly sourceRoot?: string;
  /** commander's `--no-accepted-risks-in-sarif` */
  readonly acceptedRisksInSarif?: boolean;
}

export interface CheckIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The working directory paths are relative to (default: process.cwd()). */
  readonly cwd?: string;
}

interface Checked {
  readonly config: LoadedConfiguration;
  readonly report: HardeningReport;
  readonly findings: ReportFinding[];
  readonly reportDir?: string;
}

/** Runs `check` and returns its exit code. */
export async function checkCommand(paths: string[], flags: CheckFlags, io: CheckIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr(`error: ${message}\n`);
    return CHECK_EXIT.ERROR;
  };
  const format = flags.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) return fail(`--format must be text, json or sarif, not ${JSON.stringify(format)}`);
  const failOn = flags.failOn ?? 'error';
  if (!['error', 'warning'].includes(failOn)) return fail(`--fail-on must be error or warning, not ${JSON.stringify(failOn)}`);
  if (paths.length === 0) return fail('give a cdk.tf.json, a cdktf output directory, a directory of *.tf files, or *.tf files');
  const cwd = io.cwd ?? process.cwd();

  let configs: LoadedConfiguration[];
  try {
    const sourceRoot = flags.sourceRoot !== undefined ? path.resolve(cwd, flags.sourceRoot) : io.cwd === undefined ? sourceRootOf() : gitRootOf(cwd);
    configs = await loadConfigurations(paths, { stackName: flags.stackName, varFiles: flags.varFile, sourceRoot, cwd });
  } catch (e) {
    if (e instanceof ConfigurationError) return fail(e.message);
    return fail(`${(e as Error).message}`);
  }
  for (const c of configs) for (const note of c.notes) io.stderr(`warning: ${note}\n`);

  const checked: Checked[] = [];
  const reportDirs = new Map<string, string>();
  for (const config of configs) {
    let result: { report: HardeningReport; findings: ReportFinding[] };
    try {
      result = checkTerraformJson(config.name, config.json, config.locate);
    } catch (e) {
      return fail(`${config.name}: the checks failed: ${(e as Error).message}`);
    }
    let reportDir: string | undefined;
    if (flags.reports !== false) {
      reportDir = flags.out !== undefined ? path.resolve(cwd, flags.out, config.name) : config.defaultReportDir;
      const other = reportDirs.get(reportDir);
      if (other !== undefined) return fail(`the stacks ${other} and ${config.name} would write their reports to the same directory ${reportDir}: check them separately or use --out`);
      reportDirs.set(reportDir, config.name);
      try {
        writeReports(reportDir, result.report, flags.acceptedRisksInSarif !== false);
      } catch (e) {
        return fail(`cannot write the reports to ${reportDir}: ${(e as Error).message}`);
      }
    }
    checked.push({ config, ...result, reportDir });
  }

  const failing = (r: HardeningReport) => r.summary.errors + (failOn === 'warning' ? r.summary.warnings : 0);
  const code = checked.some((c) => failing(c.report) > 0) ? CHECK_EXIT.FINDINGS : CHECK_EXIT.OK;
  if (format === 'text') io.stdout(formatText(checked, cwd));
  else if (format === 'json') io.stdout(`${JSON.stringify(formatJson(checked, failOn, code, cwd), null, 2)}\n`);
  else io.stdout(`${JSON.stringify(combinedSarif(checked, flags.acceptedRisksInSarif !== false), null, 2)}\n`);
  return code;
}

/** `sourceRootOf()` for another working directory: the nearest directory at or above it holding `.git`, else it. */
function gitRootOf(cwd: string): string {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return cwd;
  }
}

function writeReports(dir: string, report: HardeningReport, acceptedRisks: boolean): void {
  mkdirSync(dir, { recursive: true });
  writeJsonFile(path.join(dir, 'hardening-report.json'), report);
  writeJsonFile(path.join(dir, 'hardening-report.sarif'), renderSarif(report, ALL_RULES, { omitAcceptedRisks: !acceptedRisks }));
  writeLinesFile(path.join(dir, 'hardening-report.md'), renderMarkdownLines(report, ALL_RULES));
}

const shownDir = (dir: string | undefined, cwd: string) => (dir === undefined ? undefined : path.relative(cwd, dir) || '.');

/** One line per error and warning (`file:line: LEVEL HD-XNN message (path)`), then a summary line per stack. */
function formatText(checked: Checked[], cwd: string): string {
  const lines: string[] = [];
  for (const c of checked) {
    for (const f of c.report.findings) {
      if (f.suppressed || f.level === 'info') continue;
      const where = f.location ? `${f.location.file}:${f.location.line}` : c.config.name;
      lines.push(`${where}: ${f.level.toUpperCase()} ${f.ruleId} ${f.message}${f.findingId ? ` [${f.findingId}]` : ''} (${f.path})`);
    }
  }
  for (const c of checked) {
    const s = c.report.summary;
    const dir = shownDir(c.reportDir, cwd);
    lines.push(`${c.config.name}: ${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info(s), ${s.suppressed} suppressed; ` +
      `${s.resources} resource(s) checked${dir ? `; reports: ${dir}/hardening-report.{json,sarif,md}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

function formatJson(checked: Checked[], failOn: string, exitCode: number, cwd: string): object {
  return {
    failOn,
    exitCode,
    stacks: checked.map((c) => ({
      name: c.config.name,
      kind: c.config.kind,
      files: c.config.files.map((f) => path.relative(cwd, f).split(path.sep).join('/')),
      ...(c.reportDir ? { reportDir: shownDir(c.reportDir, cwd) } : {}),
      report: c.report,
    })),
  };
}

/** One SARIF log, one run per stack (each with its own category). */
function combinedSarif(checked: Checked[], acceptedRisks: boolean): object {
  const logs = checked.map((c) => renderSarif(c.report, ALL_RULES, { omitAcceptedRisks: !acceptedRisks }) as { runs: unknown[] });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: logs.flatMap((l) => l.runs),
  };
}
