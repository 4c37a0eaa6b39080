import { mkdirSync } from 'fs';
import * as path from 'path';
import { AnnotationMetadataEntryType, App, Aspects, IAspect, TerraformStack } from 'cdktf';
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';
import { Construct, IConstruct } from 'constructs';
import { writeJsonFile, writeLinesFile } from './json-writer';
import { optOutAnswers } from './opt-out-map';
import { buildReport, HardeningReport, ReportFinding } from './report';
import { renderMarkdownLines } from './report-markdown';
import { renderSarif } from './report-sarif';
import { CheckedResource, HardeningRule, StackView } from './rule';
import { ALL_RULES } from './rules';
import { suppressionsFor } from './suppressions';
import { invalidProp } from '../core/errors';
import { OPT_OUT_METADATA_TYPE, OptOutRecord } from '../core/opt-out';
import { SecureDaemon } from '../daemon/secure-daemon';

/** The resource types the checks look at. */
const CHECKED_TYPES = ['docker_container', 'docker_network', 'docker_image', 'docker_service', 'docker_volume', 'docker_registry_image'];
const DATA_TYPES = ['docker_registry_image'];

/**
 * Options of `HardeningChecks`.
 */
export interface HardeningChecksOptions {
  /**
   * Write `hardening-report.{json,sarif,md}` next to each stack's synthesized JSON.
   * @default true
   */
  readonly reports?: boolean;
  /**
   * Directory the stack directories live in.
   * @default - the app's outdir (`<outdir>/stacks/<stack>/`)
   */
  readonly outdir?: string;
}

/**
 * The counts of one stack's checks.
 */
export interface HardeningChecksSummary {
  /** The stack's name. */
  readonly stack: string;
  /** Unsuppressed error findings (synth fails on these). */
  readonly errors: number;
  /** Unsuppressed warning findings. */
  readonly warnings: number;
  /** Unsuppressed info findings (reports only, no annotation). */
  readonly infos: number;
  /** Findings answered by a suppression or a justified opt-out. */
  readonly suppressed: number;
  /** Resources, provider blocks and daemons checked. */
  readonly resources: number;
  /** Rules run. */
  readonly rules: number;
}

/**
 * Checks the final configuration of every Docker resource and provider block
 * of a stack (after escape-hatch overrides, whoever created them) against CIS
 * Docker Benchmark v1.6.0 and the library's own rules.
 *
 * `HardeningChecks.applyTo(app)` or `Aspects.of(stack).add(new HardeningChecks())`
 * (added to any construct, it checks that construct's whole stack). The checks
 * run once per stack AFTER every aspect has run (so overrides other aspects add
 * are seen), at synthesis (`app.synth()`, `cdktf synth`, `Testing.fullSynth`) or,
 * with `Testing.synth`, when the stack's JSON is produced. Errors and warnings
 * become annotations (`[HD-C01] CIS 5.5: …`): errors fail synth. Infos are in
 * the reports only. Suppressions (`HardeningSuppressions`) need a reason and
 * stay visible in the reports, which are written also when synth fails on errors.
 */
export class HardeningChecks implements IAspect {
  /**
   * Adds one HardeningChecks aspect to every stack below `scope` (an app or a
   * stack). cdktf invokes aspects per stack, from the stack down, so an aspect
   * added with `Aspects.of(app)` would never run: use this, or
   * `Aspects.of(stack).add(new HardeningChecks())` per stack.
   */
  public static applyTo(scope: IConstruct, options: HardeningChecksOptions = {}): HardeningChecks {
    const checks = new HardeningChecks(options);
    const stacks = scope.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
    if (stacks.length === 0) {
      throw invalidProp(scope, 'applyTo(scope)', scope.node.path || '(app)', 'no TerraformStack below this scope: create the stacks first');
    }
    for (const stack of stacks) Aspects.of(stack).add(checks);
    return checks;
  }

  private readonly reports: boolean;
  private readonly outdir?: string;
  private readonly scheduled = new Set<TerraformStack>();
  private readonly results = new Map<string, HardeningReport>();

  public constructor(options: HardeningChecksOptions = {}) {
    this.reports = options.reports ?? true;
    this.outdir = options.outdir;
  }

  public visit(node: IConstruct): void {
    const stack = TerraformStack.of(node);
    if (this.scheduled.has(stack)) return;
    this.scheduled.add(stack);
    StackCheckRun.of(stack).add(this);
  }

  /**
   * The counts of a stack checked by this aspect, once it has been synthesized.
   * @param stackName the stack's id
   */
  public summaryOf(stackName: string): HardeningChecksSummary | undefined {
    const report = this.results.get(stackName);
    return report ? { stack: report.stack, ...report.summary } : undefined;
  }

  /** @internal the report of a stack checked by this aspect (by stack name) */
  public _reportOf(stackName: string): HardeningReport | undefined {
    return this.results.get(stackName);
  }

  /** @internal checks the stack's final JSON; called once per stack by its StackCheckRun */
  public _check(stack: TerraformStack, json: { [k: string]: any }, outdir: string): void {
    const resources = collectResources(json);
    // CIS section 2/3: the daemon is not a Terraform resource; its rendered settings and host files are checked instead
    const constructs = stack.node.findAll();
    for (const d of constructs.filter((c): c is SecureDaemon => c instanceof SecureDaemon)) {
      resources.push({
        type: 'secure-daemon',
        name: d.hostName,
        path: d.node.path,
        attributes: { settings: d.settings, files: d.files.map((f) => ({ path: f.path, mode: f.mode, owner: f.owner })) },
      });
    }
    const byPath = new Map<string, IConstruct>();
    for (const c of constructs) byPath.set(c.node.path, c);
    const byAddress = new Map(resources.map((r) => [`${r.type}.${r.name}`, r]));
    const memos = new Map<string, unknown>();
    const view: StackView = {
      stackName: stack.node.id,
      resources,
      referenced: (value) => {
        const m = /^\$\{([a-z_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(String(value ?? ''));
        return m ? byAddress.get(`${m[1]}.${m[2]}`) : undefined;
      },
      memo: <T>(key: string, compute: () => T): T => {
        if (!memos.has(key)) memos.set(key, compute());
        return memos.get(key) as T;
      },
    };

    const findings: ReportFinding[] = [];
    for (const resource of resources) {
      const construct = byPath.get(resource.path) ?? byPath.get(`${resource.path}/Resource`) ?? stack;
      for (const rule of ALL_RULES) {
        if (!rule.resourceTypes.includes(resource.type)) continue;
        let results;
        try {
          results = rule.check(resource, view);
        } catch (e) {
          results = [{ findingId: 'rule-failure', message: `the rule could not evaluate this resource: ${(e as Error).message}` }];
        }
        for (const f of results) {
          const suppression = rule.suppressible
            ? suppressionsFor(construct, stack, rule.id, f.findingId) ?? optOutFor(construct, rule.id, f.findingId)
            : undefined;
          const finding: ReportFinding = {
            ruleId: rule.id,
            findingId: f.findingId,
            level: rule.level,
            resourceType: resource.type,
            resourceName: resource.name,
            path: resource.path,
            message: f.message,
            suppressed: suppression ? { reason: suppression.reason } : undefined,
          };
          findings.push(finding);
          if (!suppression && rule.level !== 'info') annotate(construct, rule, finding);
        }
      }
    }

    const report = buildReport(stack, ALL_RULES, resources, findings, view);
    this.results.set(stack.node.id, report);
    if (this.reports) this.write(stack, report, outdir);
  }

  private write(stack: TerraformStack, report: HardeningReport, outdir: string): void {
    const dir = path.join(this.outdir ?? path.join(outdir, 'stacks'), stack.node.id);
    mkdirSync(dir, { recursive: true });
    // streamed: at 10k containers these are tens of megabytes (same bytes as JSON.stringify(value, null, 2))
    writeJsonFile(path.join(dir, 'hardening-report.json'), report);
    writeJsonFile(path.join(dir, 'hardening-report.sarif'), renderSarif(report, ALL_RULES));
    writeLinesFile(path.join(dir, 'hardening-report.md'), renderMarkdownLines(report, ALL_RULES));
  }
}

/**
 * Runs the checks of one stack once, after all aspects have run: aspects visit
 * the stack before its children, so checking in `visit(stack)` would miss what
 * another aspect changes further down.
 *
 * Two ways in, whichever comes first:
 * - at synthesis, a custom synthesis step (cdktf runs these after aspects and
 *   validations and before it collects annotations, so errors still fail synth);
 *   the stack JSON it resolves is handed to the synthesizer's own `toTerraform()`
 *   call right after, instead of resolving every token a second time;
 * - otherwise (`Testing.synth`) the first `toTerraform()` call of the stack.
 */
class StackCheckRun {
  public static of(stack: TerraformStack): StackCheckRun {
    let run = RUNS.get(stack);
    if (!run) {
      run = new StackCheckRun(stack);
      RUNS.set(stack, run);
    }
    return run;
  }

  private readonly aspects: HardeningChecks[] = [];
  private readonly original: () => any;
  private resolved?: { [k: string]: any };

  private constructor(private readonly stack: TerraformStack) {
    this.original = stack.toTerraform;
    Object.defineProperty(stack, 'toTerraform', { configurable: true, writable: true, value: () => this.toTerraform() });
    let id = 'HardeningChecks';
    for (let i = 2; stack.node.tryFindChild(id); i++) id = `HardeningChecks${i}`;
    addCustomSynthesis(new Construct(stack, id), { onSynthesize: (session) => this.onSynthesize(session.outdir) });
  }

  public add(aspect: HardeningChecks): void {
    this.aspects.push(aspect);
  }

  private onSynthesize(outdir: string): void {
    if (RUNS.get(this.stack) !== this) return;
    this.resolved = this.run(outdir);
    // the synthesizer's toTerraform() follows in the same synchronous call; if it never comes
    // (HCL output, or synth aborted on error annotations), forget the JSON afterwards
    queueMicrotask(() => this.finish());
  }

  private toTerraform(): any {
    const json = this.resolved ?? this.run(App.of(this.stack).outdir);
    this.finish();
    return json;
  }

  private run(outdir: string): { [k: string]: any } {
    const json = this.original.call(this.stack);
    for (const aspect of this.aspects) aspect._check(this.stack, json, outdir);
    return json;
  }

  private finish(): void {
    this.resolved = undefined;
    if (RUNS.get(this.stack) !== this) return;
    RUNS.delete(this.stack);
    delete (this.stack as { toTerraform?: unknown }).toTerraform;
  }
}

const RUNS = new WeakMap<TerraformStack, StackCheckRun>();

/** A HardenedContainer opt-out that answers this rule, as a suppression with its justification. */
function optOutFor(construct: IConstruct, ruleId: string, findingId: string | undefined): { reason: string } | undefined {
  // the L2's own opt-outs, which also cover its children (its Image child's docker_image, for one)
  const records = construct.node.scopes
    .flatMap((c) => c.node.metadata.filter((m) => m.type === OPT_OUT_METADATA_TYPE).map((m) => m.data as OptOutRecord));
  const hit = records.find((r) => optOutAnswers(r, ruleId, findingId));
  return hit ? { reason: `accepted risk, opt-out ${hit.prop}: ${hit.justification}` } : undefined;
}

function annotate(construct: IConstruct, rule: HardeningRule, f: ReportFinding): void {
  const cis = rule.cis.length > 0 ? ` ${rule.cis.join(', ')}:` : '';
  const text = `[${rule.id}]${cis} ${rule.title}: ${f.message}${f.findingId ? ` (finding ${f.findingId})` : ''}. Fix: ${rule.fix}`;
  // The same metadata Annotations.of(construct).addError/addWarning/addInfo write, without the stack trace they
  // capture for every entry: it would point into this aspect, and at 10k containers it dominated the checks' cost.
  const type = rule.level === 'error' ? AnnotationMetadataEntryType.ERROR
    : rule.level === 'warning' ? AnnotationMetadataEntryType.WARN : AnnotationMetadataEntryType.INFO;
  construct.node.addMetadata(type, text);
}

/** Resources and provider blocks of a stack's final JSON. */
function collectResources(json: { [k: string]: any }): CheckedResource[] {
  const out: CheckedResource[] = [];
  const add = (type: string, name: string, attributes: { [k: string]: any }) => {
    const p = String(attributes?.['//']?.metadata?.path ?? name).replace(/\/Resource$/, '');
    out.push({ type, name, path: p, attributes: attributes ?? {} });
  };
  for (const type of CHECKED_TYPES) {
    for (const [name, attributes] of Object.entries<any>(json.resource?.[type] ?? {})) add(type, name, attributes);
  }
  for (const type of DATA_TYPES) {
    for (const [name, attributes] of Object.entries<any>(json.data?.[type] ?? {})) add(`data.${type}`, name, attributes);
  }
  const providers = json.provider?.docker;
  for (const [i, p] of (Array.isArray(providers) ? providers : providers ? [providers] : []).entries()) {
    add('provider.docker', p.alias ?? (i === 0 ? 'default' : `docker-${i}`), p);
  }
  return out.sort((a, b) => (a.type + a.name < b.type + b.name ? -1 : 1));
}
