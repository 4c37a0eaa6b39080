/**
 * Validates SARIF files as GitHub code scanning ingests them, with the SARIF Multitool of
 * `@microsoft/sarif-multitool` (devDependency): the SARIF 2.1.0 schema and rules (`--rule-kind Sarif`) and GitHub's
 * ingestion rules (`--rule-kind Ghas`: GH1001–GH1007 and GH1011–GH2012). test/checks/sarif-github.test.ts runs it on
 * every report shape the checks produce.
 *
 *   npx ts-node --transpile-only scripts/validate-sarif.ts <file.sarif>...   # exit 1 on any error-level result
 *
 * Two things the plain `Sarif.Multitool validate --rule-kind "Sarif;Ghas"` gets wrong (multitool 5.7.0):
 * - GH1001–GH1007 (locations, regions, relative URIs, checkout path, array limits, flattened messages) are
 *   `EnabledByDefault => false`: they run only when a policy file enables them (`--config`, the settings of
 *   microsoft/sarif-sdk policies/github.config.xml, not shipped in the npm package). The Ghas rules that are enabled by
 *   default (GH1011–GH1018, GH2012) only check that required properties exist, and GH1016 never runs at all
 *   (SarifValidationSkimmerBase.Visit(Location) never calls Analyze(Location)).
 * - Once GH1001 reports, the console logger throws a FormatException on its message (ERR999.UnhandledEngineException)
 *   and the output log holds no results: `--quiet true` turns the console logger off.
 * The npm `bin.js` wrapper spawns with `shell: true`, so the `;` of a list would end the command: the executable is
 * spawned directly (`require('@microsoft/sarif-multitool')` is its path for this platform).
 */
import { spawnSync } from 'child_process';
import { accessSync, chmodSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

/** The multitool package version these settings were checked against. */
export const MULTITOOL_VERSION = '5.7.0';

/**
 * microsoft/sarif-sdk policies/github.config.xml (MIT, at v5.6.0): turns GH1001–GH1007 on as errors, SARIF2007 (paths
 * relative to the repository root) from warning to error, SARIF2016 off (SARIF2007 is stricter). Added here:
 * SARIF2006 off, which GETs every URI in the file (each rule's helpUri: 80 requests per file, ~30 s without network,
 * and a page not yet on main would fail it).
 */
export const GITHUB_POLICY_XML = `<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key='SARIF2007.ExpressPathsRelativeToRepoRoot.Options'>
    <Property Key='RuleEnabled' Value='Error' />
  </Properties>
  <Properties Key='SARIF2016.FileUrisShouldBeRelative.Options'>
    <Property Key='RuleEnabled' Value='Disabled' />
  </Properties>
  <Properties Key='SARIF2006.UrisShouldBeReachable.Options'>
    <Property Key='RuleEnabled' Value='Disabled' />
  </Properties>
${['GH1001.ProvideRequiredLocationProperties', 'GH1002.InlineThreadFlowLocations', 'GH1003.ProvideRequiredRegionProperties',
  'GH1004.ReviewArraysThatExceedConfigurableDefaults', 'GH1005.LocationsMustBeRelativeUrisOrFilePaths', 'GH1006.ProvideCheckoutPath',
  'GH1007.ProvideFullyFormattedMessageStrings'].map((rule) => `  <Properties Key='${rule}.Options'>
    <Property Key='RuleEnabled' Value='Error' />
  </Properties>
`).join('')}</Properties>
`;

/** One result of the validator on a file. */
export interface SarifValidationResult {
  /** `GH1001`, `SARIF2012`, `JSON1008` (schema), `ERR999` (the validator failed). */
  readonly ruleId: string;
  readonly level: 'error' | 'warning' | 'note';
  /** The JSON path in the validated file (`runs[0].results[3].locations[0]`) and the message. */
  readonly message: string;
}

/** What the validator said about one file. */
export interface SarifValidation {
  readonly file: string;
  readonly results: SarifValidationResult[];
  /** Errors of the validator itself (an exception in a rule, a file it could not read): the file was not validated. */
  readonly toolErrors: string[];
}

/**
 * The Sarif.Multitool executable of `@microsoft/sarif-multitool`, or an Error that says how to install it.
 */
export function multitoolPath(): string {
  let exe: string;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the package exports the executable's path (CommonJS)
    exe = require('@microsoft/sarif-multitool');
  } catch (e) {
    throw new Error(`@microsoft/sarif-multitool is not installed (a devDependency; its platform package @microsoft/sarif-multitool-${process.platform} holds the executable): `
      + `run npm install, or npm install --no-save @microsoft/sarif-multitool@${MULTITOOL_VERSION}. ${(e as Error).message}`);
  }
  try {
    accessSync(exe, constants.X_OK);
  } catch {
    // the package's postinstall (`chmod u+x Sarif.Multitool`) did not run (npm --ignore-scripts): the tarball's mode is 644
    try {
      chmodSync(exe, 0o755);
    } catch (e) {
      throw new Error(`${exe} is not executable (its package's postinstall script did not run) and cannot be made so: ${(e as Error).message}`);
    }
  }
  return exe;
}

/** Runs the multitool's validator with the SARIF and GitHub rules on each file (one process per file). */
export function validateSarif(files: string[], exe: string = multitoolPath()): SarifValidation[] {
  const work = mkdtempSync(path.join(tmpdir(), 'validate-sarif-'));
  try {
    const policy = path.join(work, 'github.config.xml');
    writeFileSync(policy, GITHUB_POLICY_XML);
    return files.map((file, i) => {
      const output = path.join(work, `out-${i}.sarif`);
      const args = ['validate', '--quiet', 'true', '--rule-kind', 'Sarif;Ghas', '--config', policy,
        '--level', 'Error;Warning;Note', '--log', 'ForceOverwrite', '--output', output, path.resolve(file)];
      const run = spawnSync(exe, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
      if (run.error) throw new Error(`${exe} ${args.join(' ')}: ${run.error.message}`);
      let log: any;
      try {
        log = JSON.parse(readFileSync(output, 'utf8').replace(/^\uFEFF/, ''));
      } catch (e) {
        throw new Error(`${exe} ${args.join(' ')} wrote no log (exit ${run.status}): ${(e as Error).message}\n${run.stdout}${run.stderr}`);
      }
      const validatorRun = log.runs[0];
      const rules: any[] = validatorRun.tool?.driver?.rules ?? [];
      const results: SarifValidationResult[] = (validatorRun.results ?? []).map((r: any) => ({
        ruleId: r.ruleId,
        level: r.level ?? 'warning',
        message: messageOf(r, rules[r.ruleIndex] ?? rules.find((d) => d.id === r.ruleId)),
      }));
      const toolErrors = (validatorRun.invocations ?? []).flatMap((inv: any) => [
        ...(inv.toolExecutionNotifications ?? []), ...(inv.toolConfigurationNotifications ?? []),
      ]).filter((n: any) => (n.level ?? 'warning') === 'error').map((n: any) => String(n.message?.text ?? JSON.stringify(n)).split('\n')[0]);
      if (run.status !== 0 && toolErrors.length === 0 && !results.some((r) => r.level === 'error')) {
        toolErrors.push(`exit ${run.status}: ${run.stdout}${run.stderr}`.trim());
      }
      return { file, results, toolErrors };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A validator result's text: its own, or the rule's message template filled with its arguments. */
function messageOf(result: any, rule: any): string {
  if (result.message?.text) return result.message.text;
  const args: string[] = result.message?.arguments ?? [];
  const template: string | undefined = rule?.messageStrings?.[result.message?.id]?.text;
  if (!template) return `${result.message?.id ?? ''} ${JSON.stringify(args)}`;
  const text = template.replace(/\{(\d+)\}/g, (m, n) => (args[Number(n)] ?? m));
  // GH1001's templates name one argument more than it passes (the multitool's console logger throws on them)
  return /\{\d+\}/.test(text) ? `${text} (arguments: ${args.join(', ')})` : text;
}

/** `GH1001 error runs[0].results[0]…: message`, one line per result. */
export function formatResults(results: readonly SarifValidationResult[]): string {
  return results.map((r) => `${r.ruleId} ${r.level}: ${r.message}`).join('\n');
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    process.stderr.write('usage: ts-node scripts/validate-sarif.ts <file.sarif>...\n');
    process.exit(2);
  }
  let failed = false;
  for (const v of validateSarif(files)) {
    const errors = v.results.filter((r) => r.level === 'error');
    failed ||= errors.length > 0 || v.toolErrors.length > 0;
    process.stdout.write(`${v.file}: ${errors.length} error(s), ${v.results.length - errors.length} warning(s)/note(s)${v.toolErrors.length ? `, validator failed: ${v.toolErrors.join('; ')}` : ''}\n`);
    if (v.results.length > 0) process.stdout.write(`${formatResults(v.results).replace(/^/gm, '  ')}\n`);
  }
  process.exit(failed ? 1 : 0);
}
