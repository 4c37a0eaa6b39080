import { mkdirSync, readFileSync } from 'fs';
import * as path from 'path';
import {
  AnnotationMetadataEntryType, App, Aspects, IAspect, TerraformDataSource, TerraformElement, TerraformProvider, TerraformResource, TerraformStack,
} from 'cdktf';
import { resolve as resolveTokens } from 'cdktf/lib/_tokens';
import { addCustomSynthesis, invokeAspects, StackSynthesizer } from 'cdktf/lib/synthesize/synthesizer';
import { Construct, IConstruct } from 'constructs';
import { writeJsonFile, writeLinesFile } from './json-writer';
import { optOutAnswers } from './opt-out-map';
import { buildReport, HardeningReport, ReportFinding } from './report';
import { renderMarkdownLines } from './report-markdown';
import { renderSarif } from './report-sarif';
import { CheckedResource, HardeningRule, RuleLevel, StackView } from './rule';
import { ALL_RULES } from './rules';
import { projectService } from './service-projection';
import { creationSite, jsonLineOf, overrideSite, relativeTo, SourceLocation, sourceRootOf } from './source-location';
import { suppressionsFor } from './suppressions';
import { entriesOf, isDockerSource, isDockerTypeSource, mark, META_ARGUMENTS, mergeBodies, StackValues } from './values/evaluate';
import { isOpaque, Opaque } from './values/opaque';
import { BlockSchema, PROVIDER_SCHEMA } from './values/provider-schema';
import { OpaqueRead, ReadTracker } from './values/tracking';
import { HardenedContainer } from '../container/hardened-container';
import { sharedImageUsers } from '../container/shared-image';
import { OPT_OUT_METADATA_TYPE, OptOutRecord } from '../core/opt-out';
import { SecureDaemon } from '../daemon/secure-daemon';

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
  /**
   * The directory the reports' source locations are relative to (SARIF `%SRCROOT%`): every finding is located at
   * the line of the user's TypeScript that created the resource (or the L2 that created it); a block no construct
   * wrote, at the line of the stack-level `addOverride` that wrote it; else at the block's line in the stack's
   * `cdk.tf.json`. GitHub code scanning resolves these paths against the repository root.
   * @default - the nearest directory at or above the working directory that holds `.git`, else the working directory
   */
  readonly sourceRoot?: string;
  /**
   * Include the findings answered by a suppression or an opt-out (accepted risks) in `hardening-report.sarif`, as
   * results with a SARIF suppression. GitHub code scanning ignores SARIF suppressions and would show them as open
   * alerts: set `false` for a file uploaded to code scanning. The JSON and Markdown reports always list them.
   * @default true
   */
  readonly sarifAcceptedRisks?: boolean;
  /**
   * Print one line per stack and synthesis to stdout — its counts and where its reports are — when the stack is
   * synthesized by `app.synth()` (which `cdktf synth`, `diff` and `deploy` run). Never for apps made by
   * `Testing.app()`.
   * @default true
   */
  readonly printSummary?: boolean;
}

/**
 * How bad a finding is.
 */
export enum FindingLevel {
  /** Fails synthesis (unless suppressed). */
  ERROR = 'error',
  /** Printed by synthesis, does not fail it. */
  WARNING = 'warning',
  /** In the reports only. */
  INFO = 'info',
}

/**
 * One finding of the hardening checks on one resource of a stack.
 */
export interface HardeningFinding {
  /** The rule, e.g. `HD-C01` (docs/rules/HD-C01.md). */
  readonly ruleId: string;
  /** The rule's title. */
  readonly title: string;
  /** The CIS Docker Benchmark v1.6.0 ids of the rule, e.g. `CIS 5.5`. */
  readonly cis: string[];
  /**
   * Narrows the finding (the capability, path or attribute concerned): what a suppression can name.
   * @default - the finding concerns the resource as a whole
   */
  readonly findingId?: string;
  /** How bad it is. */
  readonly level: FindingLevel;
  /** `docker_container`, `docker_network`, `provider.docker`, `secure-daemon`, … */
  readonly resourceType: string;
  /** The resource's logical id in the stack. */
  readonly resourceName: string;
  /** The construct path of what wrote the resource (an L2's path for its resources), else its Terraform address. */
  readonly path: string;
  /** What is wrong, with the values concerned. */
  readonly message: string;
  /** Whether a suppression or a justified opt-out answers it (an accepted risk). */
  readonly suppressed: boolean;
  /**
   * The reason of the suppression or opt-out.
   * @default - not suppressed
   */
  readonly suppressionReason?: string;
  /**
   * The file that created the resource, relative to the source root.
   * @default - not known
   */
  readonly file?: string;
  /**
   * The line in `file`.
   * @default - not known
   */
  readonly line?: number;
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
 * Checks the final configuration of every Docker resource, data source and
 * provider block of a stack (after escape-hatch overrides, whoever created
 * them) against CIS Docker Benchmark v1.6.0 and the library's own rules.
 *
 * Attach it however suits: `HardeningChecks.applyTo(app)`, `Aspects.of(app)`,
 * `Aspects.of(stack)` or any construct below a stack. It checks every stack at
 * or below the construct it is attached to — stacks added later included — on
 * every synthesis (`app.synth()`, `cdktf synth`, `Testing.fullSynth`,
 * `Testing.synth`, `Testing.synthHcl`), AFTER every aspect has run, on the very
 * JSON the synthesizer writes. Values are evaluated as Terraform, the provider
 * and the engine will (lib/checks/values); a value the checks cannot know
 * (an expression known only at apply time, a variable that can change at plan
 * time) is a finding of its own, never passed as safe.
 *
 * Errors and warnings become annotations (`[HD-C01] CIS 5.5: …`): errors fail
 * synth. Infos are in the reports only. Suppressions (`HardeningSuppressions`)
 * need a reason and stay visible in the reports, which are written also when
 * synth fails on errors.
 */
export class HardeningChecks implements IAspect {
  /**
   * Attaches one HardeningChecks to `scope` (an app or a stack): every stack at
   * or below it is checked, including stacks created after this call.
   */
  public static applyTo(scope: IConstruct, options: HardeningChecksOptions = {}): HardeningChecks {
    assertSameFramework(scope);
    const checks = new HardeningChecks(options);
    Aspects.of(scope).add(checks);
    return checks;
  }

  /**
   * Runs the checks on a stack now, without writing reports, and returns every finding (suppressed ones included) in
   * path order: the aspects of the stack are invoked and its JSON rendered as `Testing.synth` does. For tests (see
   * the matchers in `cdktf-hardened-docker/lib/testing`) and tools.
   * @param stack the stack to check
   */
  public static check(stack: TerraformStack): HardeningFinding[] {
    invokeAspects(stack);
    prepareCrossStackReferences(stack);
    const json = (ORIGINAL_TO_TERRAFORM ?? stack.toTerraform).call(stack);
    return checkStack(stack, json, App.of(stack).outdir, sourceRootOf()).findings.map(publicFinding);
  }

  private readonly reports: boolean;
  private readonly outdir?: string;
  private readonly sourceRoot: string;
  private readonly sarifAcceptedRisks: boolean;
  private readonly printSummary: boolean;
  private readonly results = new Map<string, HardeningReport>();
  private readonly allFindings = new Map<string, ReportFinding[]>();

  public constructor(options: HardeningChecksOptions = {}) {
    assertNoOtherFrameworkLoaded();
    this.reports = options.reports ?? true;
    this.outdir = options.outdir;
    this.sourceRoot = sourceRootOf(options.sourceRoot);
    this.sarifAcceptedRisks = options.sarifAcceptedRisks ?? true;
    this.printSummary = options.printSummary ?? true;
  }

  public visit(node: IConstruct): void {
    assertSameFramework(node);
    // attached below a stack (or added by another aspect): remember it for that stack's next check run
    const stack = TerraformStack.of(node);
    const set = VISITED.get(stack) ?? new Set<HardeningChecks>();
    set.add(this);
    VISITED.set(stack, set);
  }

  /**
   * The counts of a stack checked by this aspect, once it has been synthesized.
   * @param stackName the stack's id
   */
  public summaryOf(stackName: string): HardeningChecksSummary | undefined {
    const report = this.results.get(stackName);
    return report ? { stack: report.stack, ...report.summary } : undefined;
  }

  /**
   * Every finding of a stack checked by this aspect (suppressed ones included), once it has been synthesized, in path
   * order.
   * @param stackName the stack's id
   */
  public findingsOf(stackName: string): HardeningFinding[] | undefined {
    return this.allFindings.get(stackName)?.map(publicFinding);
  }

  /** @internal the report of a stack checked by this aspect (by stack name) */
  public _reportOf(stackName: string): HardeningReport | undefined {
    return this.results.get(stackName);
  }

  /** @internal every finding of a stack checked by this aspect, one per resource (infos not grouped), in path order */
  public _findingsOf(stackName: string): ReportFinding[] | undefined {
    return this.allFindings.get(stackName);
  }

  /** @internal checks the stack's final JSON; called once per synthesis of the stack */
  public _check(stack: TerraformStack, json: { [k: string]: any }, outdir: string, announce = false): void {
    const { report, findings } = checkStack(stack, json, outdir, this.sourceRoot);
    this.results.set(stack.node.id, report);
    this.allFindings.set(stack.node.id, findings);
    const dir = this.reports ? this.write(stack, report, outdir) : undefined;
    if (announce && this.printSummary && stack.node.tryGetContext('cdktfVersion') !== 'stubbed') {
      const r = report.summary;
      const where = dir ? `; reports: ${path.relative(process.cwd(), dir) || '.'}/hardening-report.{json,sarif,md}` : '';
      process.stdout.write(`HardeningChecks ${stack.node.id}: ${r.errors} error(s), ${r.warnings} warning(s), ${r.infos} info(s), ${r.suppressed} accepted/suppressed${where}\n`);
    }
  }

  private write(stack: TerraformStack, report: HardeningReport, outdir: string): string {
    const dir = path.join(this.outdir ?? path.join(outdir, 'stacks'), stack.node.id);
    mkdirSync(dir, { recursive: true });
    // streamed: at 10k containers these are tens of megabytes (same bytes as JSON.stringify(value, null, 2))
    writeJsonFile(path.join(dir, 'hardening-report.json'), report);
    writeJsonFile(path.join(dir, 'hardening-report.sarif'), renderSarif(report, ALL_RULES, { omitAcceptedRisks: !this.sarifAcceptedRisks }));
    writeLinesFile(path.join(dir, 'hardening-report.md'), renderMarkdownLines(report, ALL_RULES));
    return dir;
  }
}

/**
 * The preparing resolve `app.synth()` runs on every stack before it synthesizes one (TerraformStack.prepareStack,
 * node_modules/cdktf/lib/terraform-stack.js), without its backend step: it turns references to other stacks of the
 * app into their remote-state data sources and outputs, as the synthesized JSON will have them. Without it a stack
 * checked on its own refers to resources it does not declare.
 */
function prepareCrossStackReferences(stack: TerraformStack): void {
  const elements = (c: IConstruct, into: TerraformElement[] = []): TerraformElement[] => {
    if (TerraformElement.isTerraformElement(c)) into.push(c);
    for (const child of c.node.children) if (!TerraformStack.isStack(child)) elements(child, into);
    return into;
  };
  for (const s of stack.node.root.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c))) {
    for (const e of elements(s)) resolveTokens(s, e.toTerraform(), true);
  }
}

const RULES_BY_ID = new Map(ALL_RULES.map((r) => [r.id, r]));

/** A finding as the public API shows it. */
function publicFinding(f: ReportFinding): HardeningFinding {
  const rule = RULES_BY_ID.get(f.ruleId);
  return {
    ruleId: f.ruleId,
    title: rule?.title ?? f.ruleId,
    cis: [...rule?.cis ?? []],
    ...(f.findingId !== undefined ? { findingId: f.findingId } : {}),
    level: f.level as FindingLevel,
    resourceType: f.resourceType,
    resourceName: f.resourceName,
    path: f.path,
    message: f.message,
    suppressed: f.suppressed !== undefined,
    ...(f.suppressed ? { suppressionReason: f.suppressed.reason } : {}),
    ...(f.location ? { file: f.location.file, line: f.location.line } : {}),
  };
}

/**
 * The checks run from hooks on this library's copy of cdktf (TerraformStack.prototype, StackSynthesizer): an app built
 * with another copy (a second cdktf or cdktn installed next to the one this library resolves) would synthesize
 * without ever calling them, and every stack would pass unchecked. Refused loudly instead, naming both copies.
 * cdktf's App/TerraformStack type tests are `Symbol.for` markers shared by every copy; `instanceof` is not.
 */
function assertSameFramework(scope: IConstruct): void {
  const root = scope.node.root;
  const stacks = [scope, ...scope.node.scopes].filter((c) => TerraformStack.isStack(c));
  const foreign = (App.isApp(root) && !(root instanceof App)) || stacks.some((c) => !(c instanceof TerraformStack));
  if (!foreign) return;
  let mine = 'cdktf';
  try {
    const pkg = JSON.parse(readFileSync(require.resolve('cdktf/package.json'), 'utf8')) as { name: string; version: string };
    mine = `${pkg.name}@${pkg.version} (${path.dirname(require.resolve('cdktf/package.json'))})`;
  } catch {
    // the name alone
  }
  const theirs = String(root.node.tryGetContext('cdktfVersion') ?? 'unknown version');
  throw new Error(`${scope.node.path || '<root>'}: HardeningChecks cannot check this app: it is built with another copy of cdktf `
    + `(version ${theirs}) than the one cdktf-hardened-docker loaded (${mine}), so synthesis would never run the checks. `
    + 'Install one copy: dedupe cdktf (npm ls cdktf), or alias it everywhere with npm overrides (docs/cdktn.md).');
}

/**
 * An aspect on an app is invoked by nobody but the library's own hooks (cdktf visits aspects from each stack down): an
 * app of another cdktf copy with `Aspects.of(app).add(new HardeningChecks())` would synthesize unchecked without any
 * call reaching this library. So the checks also refuse to be created while another copy of cdktf (or cdktn) is
 * loaded in the process.
 */
function assertNoOtherFrameworkLoaded(): void {
  let mine: string;
  try {
    mine = path.dirname(require.resolve('cdktf/package.json'));
  } catch {
    return;
  }
  const others = Object.keys(require.cache)
    .filter((k) => /[\\/]node_modules[\\/](?:cdktf|cdktn)[\\/]lib[\\/]index\.js$/.test(k))
    .map((k) => path.resolve(k, '..', '..'))
    .filter((dir) => dir !== mine);
  if (others.length > 0) {
    throw new Error(`HardeningChecks cannot run: another copy of cdktf is loaded (${[...new Set(others)].sort().join(', ')}) besides the one `
      + `cdktf-hardened-docker uses (${mine}); an app built with it would synthesize without running the checks. `
      + 'Install one copy: dedupe cdktf (npm ls cdktf), or alias it everywhere with npm overrides (docs/cdktn.md).');
  }
}

/** HardeningChecks found through `visit` during the current synthesis, per stack. */
const VISITED = new WeakMap<TerraformStack, Set<HardeningChecks>>();

/** Every HardeningChecks attached to the stack, an ancestor of it, or a construct in it. */
function attachedChecks(stack: TerraformStack): HardeningChecks[] {
  const out = new Set<HardeningChecks>();
  const collect = (c: IConstruct) => {
    for (const a of Aspects.of(c).all) if (a instanceof HardeningChecks) out.add(a);
  };
  for (const c of stack.node.scopes) collect(c);
  for (const c of stack.node.findAll()) if (c !== stack) collect(c);
  for (const a of VISITED.get(stack) ?? []) out.add(a);
  return [...out];
}

/**
 * How the checks get to run, whichever way they were attached (cdktf invokes
 * aspects per stack, from the stack down, so an aspect on the app would never
 * be visited):
 * - `StackSynthesizer.synthesize` (app.synth, cdktf synth, Testing.fullSynth)
 *   gets a custom synthesis step on every stack that has checks attached; cdktf
 *   runs it after aspects and validations and before it collects annotations,
 *   so errors fail synth. The JSON it checks is handed to the synthesizer's own
 *   `toTerraform()` call right after (and, with HCL output, the HCL is rendered
 *   from the same constructs right after);
 * - any other `toTerraform()`/`toHclTerraform()` call (Testing.synth,
 *   Testing.synthHcl) checks what it returns.
 * Every synthesis is checked, not only the first.
 */
const PENDING = new WeakMap<TerraformStack, { [k: string]: any }>();
/** TerraformStack.prototype.toTerraform as cdktf defines it (the checks' hook calls it, and so does cross-stack following). */
let ORIGINAL_TO_TERRAFORM: () => any;
const HOOKED = new WeakSet<TerraformStack>();
const IN_CHECK = new WeakSet<TerraformStack>();

function runAttached(stack: TerraformStack, outdir: string, json: { [k: string]: any }, announce = false): void {
  IN_CHECK.add(stack);
  try {
    for (const checks of attachedChecks(stack)) checks._check(stack, json, outdir, announce);
  } finally {
    IN_CHECK.delete(stack);
    VISITED.delete(stack);
  }
}

function installHooks(): void {
  const marker = Symbol.for('cdktf-hardened-docker/checks-hooks');
  const proto = TerraformStack.prototype as any;
  if (proto[marker]) return;
  proto[marker] = true;

  const toTerraform = proto.toTerraform as () => any;
  ORIGINAL_TO_TERRAFORM = toTerraform;
  proto.toTerraform = function (this: TerraformStack): any {
    const pending = PENDING.get(this);
    if (pending) {
      PENDING.delete(this);
      return pending;
    }
    const json = toTerraform.call(this);
    if (!IN_CHECK.has(this) && attachedChecks(this).length > 0) runAttached(this, App.of(this).outdir, json);
    return json;
  };
  const toHclTerraform = proto.toHclTerraform as () => any;
  proto.toHclTerraform = function (this: TerraformStack): any {
    if (PENDING.has(this)) {
      // checked in this synthesis already: the HCL is rendered from the same constructs
      PENDING.delete(this);
    } else if (attachedChecks(this).length > 0) {
      runAttached(this, App.of(this).outdir, toTerraform.call(this));
    }
    return toHclTerraform.call(this);
  };

  const synthesize = StackSynthesizer.prototype.synthesize;
  StackSynthesizer.prototype.synthesize = function (this: StackSynthesizer, session: any): void {
    const stack = (this as unknown as { stack: TerraformStack }).stack;
    if (!HOOKED.has(stack) && attachedChecks(stack).length > 0) {
      HOOKED.add(stack);
      let id = 'HardeningChecks';
      for (let i = 2; stack.node.tryFindChild(id); i++) id = `HardeningChecks${i}`;
      addCustomSynthesis(new Construct(stack, id), {
        onSynthesize: (s) => {
          if (attachedChecks(stack).length === 0) return;
          const json = toTerraform.call(stack);
          runAttached(stack, s.outdir, json, true);
          PENDING.set(stack, json);
          // if the synthesizer's toTerraform() never comes (synth aborted on errors), forget the JSON
          queueMicrotask(() => PENDING.delete(stack));
        },
      });
    }
    return synthesize.call(this, session);
  };
}
installHooks();

/** A HardenedContainer opt-out that answers this rule, as a suppression with its justification. */
function optOutFor(
  construct: IConstruct, resource: IConstruct | undefined, ruleId: string, findingId: string | undefined,
): { reason: string } | undefined {
  // only the L2's own resources: the opt-out records sit on the L2, and answer findings of the very constructs it
  // created (its container and its Image child); a raw construct someone placed inside the L2's scope — even one
  // named Resource below the Image — is not answered by them
  if (!resource) return undefined;
  // a stack's shared docker_image sits outside every L2's scope: the L2s that run it own it
  const records = [...new Set([...construct.node.scopes, ...sharedImageUsers(resource)])]
    .flatMap((c) => c.node.metadata.filter((m) => m.type === OPT_OUT_METADATA_TYPE).map((m) => ({ owner: c, record: m.data as OptOutRecord })))
    .filter(({ owner }) => ownedBy(owner, resource))
    .map(({ record }) => record);
  const hit = records.find((r) => optOutAnswers(r, ruleId, findingId));
  return hit ? { reason: `accepted risk, opt-out ${hit.prop}: ${hit.justification}` } : undefined;
}

/**
 * Whether an L2's opt-out records may answer findings of `resource`: the L2 itself (a daemon), its own resource, its
 * private Image child, or the stack's shared docker_image it runs.
 */
function ownedBy(l2: IConstruct, resource: IConstruct): boolean {
  return resource === l2 || resource === l2.node.tryFindChild('Resource') || resource === l2.node.tryFindChild('Image')
    || sharedImageUsers(resource).includes(l2);
}

const ANNOTATED = new WeakMap<IConstruct, Set<string>>();

function annotate(construct: IConstruct, rule: { id: string; cis: string[]; title: string; fix: string }, f: ReportFinding): void {
  const cis = rule.cis.length > 0 ? ` ${rule.cis.join(', ')}:` : '';
  const at = f.location ? ` [${f.location.file}:${f.location.line}]` : '';
  const text = `[${rule.id}]${cis} ${rule.title}: ${f.message}${f.findingId ? ` (finding ${f.findingId})` : ''}${at}. Fix: ${rule.fix}`;
  // the same finding once per construct, however often the stack is synthesized
  const seen = ANNOTATED.get(construct) ?? new Set<string>();
  if (seen.has(text)) return;
  seen.add(text);
  ANNOTATED.set(construct, seen);
  // The same metadata Annotations.of(construct).addError/addWarning/addInfo write, without the stack trace they
  // capture for every entry: it would point into this aspect, and at 10k containers it dominated the checks' cost.
  const type = f.level === 'error' ? AnnotationMetadataEntryType.ERROR
    : f.level === 'warning' ? AnnotationMetadataEntryType.WARN : AnnotationMetadataEntryType.INFO;
  construct.node.addMetadata(type, text);
}

const LEVEL_RANK: { [l in RuleLevel]: number } = { error: 3, warning: 2, info: 1 };

/** The attributes through which a reference names the resource itself (for a network, a volume, a container, an image). */
const IDENTITY_ATTRIBUTES = ['id', 'name', 'image_id', 'repo_digest', 'sha256_digest'];

/**
 * What the rules run on besides the JSON: the stack's construct tree (for suppressions, opt-outs, daemons and source
 * locations), absent for Terraform that no construct tree wrote (`cdktf-hardened-docker check`).
 */
interface CheckTarget {
  readonly stackName: string;
  readonly stack?: TerraformStack;
  readonly constructs: IConstruct[];
  /** Where a resource is in the user's files (the construct tree's creation sites, or the Terraform files' lines). */
  readonly locate: (resource: CheckedResource, element: IConstruct | undefined) => SourceLocation | undefined;
}

/** Runs every rule over one stack's JSON: the findings and the report. */
function checkStack(
  stack: TerraformStack, json: { [k: string]: any }, outdir: string, sourceRoot: string,
): { report: HardeningReport; findings: ReportFinding[] } {
  const synthesized = relativeTo(sourceRoot, path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'));
  return checkConfiguration(json, {
    stackName: stack.node.id,
    stack,
    constructs: stack.node.findAll(),
    locate: (resource, element) => {
      // the user's line that created the element (or the L2 that created it); for a block no element wrote, the user's
      // line of the stack-level override that wrote it
      const keys = jsonKeysOf(resource);
      for (const site of [element ? creationSite(element) : undefined, element ? undefined : overrideSite(stack, keys)]) {
        const file = site ? relativeTo(sourceRoot, site.file) : undefined;
        if (site && file) return { file, line: site.line, column: site.column };
      }
      // no user frame: the block's line in the stack's cdk.tf.json (written when synth passes)
      const line = synthesized ? jsonLineOf(json, keys) : undefined;
      return synthesized && line ? { file: synthesized, line } : undefined;
    },
  });
}

/**
 * Runs every rule over Terraform JSON that no construct tree of this process wrote (a `cdk.tf.json` from another
 * program, HCL converted to JSON): no suppressions or opt-outs apply, locations come from `locate`.
 *
 * @internal
 */
export function checkTerraformJson(
  stackName: string, json: { [k: string]: any }, locate: (address: string) => SourceLocation | undefined = () => undefined,
): { report: HardeningReport; findings: ReportFinding[] } {
  return checkConfiguration(json, { stackName, constructs: [], locate: (resource) => locate(locationAddress(resource)) });
}

/** The address of the block a resource was read from: a provisioner's resource, `provider.docker.<alias>`. */
function locationAddress(resource: CheckedResource): string {
  return (resource.address ?? `${resource.type}.${resource.name}`).replace(/\.provisioner\[\d+\]$/, '');
}

/** The keys of a resource's block in the stack's JSON (for its line in cdk.tf.json). */
function jsonKeysOf(resource: CheckedResource): string[] {
  const address = locationAddress(resource);
  if (resource.type === 'import') return ['import'];
  if (address.startsWith('removed.')) return ['removed'];
  if (resource.type === 'terraform.required_providers') return ['terraform', 'required_providers', resource.name];
  const parts = address.split('.');
  if (parts[0] === 'data' || parts[0] === 'provider' || parts[0] === 'module') return parts.slice(0, 3);
  return ['resource', ...parts.slice(0, 2)];
}

function checkConfiguration(json: { [k: string]: any }, target: CheckTarget): { report: HardeningReport; findings: ReportFinding[] } {
  const { stack, constructs } = target;
  const values = new StackValues(json ?? {});
  const resources = collectResources(values);
  // CIS section 2/3: the daemon is not a Terraform resource; its rendered settings and host files are checked instead
  for (const d of constructs.filter((c): c is SecureDaemon => c instanceof SecureDaemon)) {
    resources.push({
      type: 'secure-daemon',
      name: d.hostName,
      path: d.node.path,
      constructPath: d.node.path,
      address: `secure-daemon.${d.hostName}`,
      attributes: {
        settings: d.settings,
        files: d.files.map((f) => ({ path: f.path, mode: f.mode, owner: f.owner })),
        swarmMode: d.swarmMode,
        swarm: d._swarm ? { ...d._swarm } : null,
      },
    });
  }
  const byPath = new Map<string, IConstruct>();
  for (const c of constructs) byPath.set(c.node.path, c);
  attributeToConstructs(constructs, resources);
  const byAddress = new Map(resources.map((r) => [r.address ?? `${r.type}.${r.name}`, r]));
  const byName = new Map<string, CheckedResource>();
  for (const r of resources) {
    const name = r.attributes.name;
    const type = r.type === 'data.docker_network' ? 'docker_network' : r.type;
    if (typeof name === 'string' && !byName.has(`${type}|${name}`)) byName.set(`${type}|${name}`, r);
  }
  const memos = new Map<string, unknown>();
  const crossStack = stack ? crossStackResolver(stack) : () => undefined;
  let tracker = new ReadTracker();
  // one stable view object per resource (rules compare resources by identity); its attributes are seen through the
  // tracker of the rule that runs at the time
  const views = new Map<CheckedResource, CheckedResource>();
  const viewOf = (r: CheckedResource): CheckedResource => {
    let v = views.get(r);
    if (!v) {
      const address = r.address ?? `${r.type}.${r.name}`;
      v = {
        type: r.type,
        name: r.name,
        path: r.path,
        address,
        projectedFrom: r.projectedFrom,
        unverifiedAttributes: r.unverifiedAttributes,
        unknownType: r.unknownType,
        instances: r.instances,
        provider: r.provider,
        get attributes() { return tracker.view(r.attributes, address); },
      };
      views.set(r, v);
    }
    return v;
  };
  const view: StackView = {
    stackName: target.stackName,
    daemonPaths: daemonPathsOf(constructs.filter((c): c is SecureDaemon => c instanceof SecureDaemon)),
    libraryAppArmorProfiles: [
      ...constructs.filter((c): c is HardenedContainer => c instanceof HardenedContainer).map((c) => c._appArmorProfileName),
      ...constructs.filter((c): c is SecureDaemon => c instanceof SecureDaemon).flatMap((d) => d._appArmorProfileNames),
    ].filter((n): n is string => n !== undefined),
    get resources() {
      return resources.map(viewOf);
    },
    referenced: (value, type, prefix = '', suffix = /^$/) => {
      if (isOpaque(value)) {
        if (value.kind !== 'reference' || !value.target) return undefined;
        const t = value.target;
        if ((t.prefix ?? '') !== prefix || !suffix.test(t.suffix ?? '')) return undefined;
        // a cross-stack reference: the remote state's output is an expression of another stack of the app, followed there
        const remote = t.block === 'data' && t.type === 'terraform_remote_state' ? crossStack(t.attribute) : undefined;
        if (remote) {
          if (type !== undefined && (type !== remote.target.type || !IDENTITY_ATTRIBUTES.includes(remote.target.attribute))) return undefined;
          tracker.answer(value);
          return viewOf(remote.resource);
        }
        // a reference to another type than the rule expects is not followed: it stays unverified; so is one to an
        // attribute that does not identify the resource (`${docker_network.n.driver}` is "bridge", not the network)
        if (type !== undefined && type !== `${t.block === 'data' ? 'data.' : ''}${t.type}`) return undefined;
        if (type !== undefined && !IDENTITY_ATTRIBUTES.includes(t.attribute)) return undefined;
        const address = `${t.block === 'data' ? 'data.' : ''}${t.type}.${t.name}`;
        let hit = byAddress.get(address);
        if (!hit) {
          // a declared resource the rules do not check (tls_*, terraform_remote_state, …): followed, not checked
          const body = values.body(t.block, t.type, t.name);
          if (body) {
            hit = { type: address.replace(/\.[^.]+$/, ''), name: t.name, path: address, address, attributes: body.attributes };
            byAddress.set(address, hit);
          }
        }
        if (hit) tracker.answer(value);
        return hit ? viewOf(hit) : undefined;
      }
      if (type === undefined || typeof value !== 'string' || !value.startsWith(prefix)) return undefined;
      const name = value.slice(prefix.length);
      const hit = byName.get(`${type}|${name}`);
      return hit ? viewOf(hit) : undefined;
    },
    acknowledge: (value) => {
      if (isOpaque(value)) tracker.answer(value);
    },
    memo: <T>(key: string, compute: () => T): T => {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    },
  };

  const findings: ReportFinding[] = [];
  let location: SourceLocation | undefined;
  const emit = (
    resource: CheckedResource, construct: IConstruct | undefined, rule: HardeningRule, f: ReportFinding, suppressible: boolean, optOuts: boolean,
  ) => {
    const suppression = suppressible && construct && stack
      ? suppressionsFor(construct, stack, rule.id, f.findingId) ??
        (optOuts ? optOutFor(construct, byPath.get(resource.constructPath ?? ''), rule.id, f.findingId) : undefined)
      : undefined;
    const located = location ? { ...f, location } : f;
    const finding: ReportFinding = suppression ? { ...located, suppressed: { reason: suppression.reason } } : located;
    findings.push(finding);
    if (!suppression && finding.level !== 'info' && construct) annotate(construct, rule, finding);
  };

  for (const resource of resources) {
    // the construct whose suppressions answer this resource: the element that wrote it (or the L2 holding it as its
    // default child `Resource`); the stack for what no element of the stack wrote (stack-level overrides)
    const construct = (resource.constructPath !== undefined ? byPath.get(resource.path) : undefined) ?? stack;
    const element = resource.type === 'secure-daemon' ? byPath.get(resource.path) : byPath.get(resource.constructPath ?? '');
    location = target.locate(resource, element);
    const address = resource.address ?? `${resource.type}.${resource.name}`;
    const unverified = new Map<string, { read: OpaqueRead; rules: HardeningRule[] }>();
    // one tracker per resource: the proxies of its attributes serve every rule
    tracker = new ReadTracker();
    for (const rule of rulesFor(resource.type)) {
      tracker.startRun();
      let results;
      try {
        results = rule.check(viewOf(resource), view);
      } catch (e) {
        results = [{ findingId: 'rule-failure', message: `the rule could not evaluate this resource, so it is not verified: ${(e as Error).message}` }];
      }
      for (const f of results) {
        emit(resource, construct, rule, {
          ruleId: rule.id,
          findingId: f.findingId,
          level: rule.level,
          resourceType: resource.type,
          resourceName: resource.name,
          path: resource.path,
          message: f.message,
        }, rule.suppressible, true);
      }
      for (const read of tracker.unanswered()) {
        const key = `${read.owner}|${read.path}`;
        const entry = unverified.get(key) ?? { read, rules: [] };
        if (!entry.rules.includes(rule)) entry.rules.push(rule);
        unverified.set(key, entry);
      }
    }
    // each value a rule could not verify: one finding, at the level of the most severe rule that reads it,
    // unsuppressible where any of them is; L2 opt-outs never answer it (they answer what the L2 emitted)
    for (const { read, rules } of [...unverified.values()].sort((a, b) => (a.read.path < b.read.path ? -1 : 1))) {
      const rule = [...rules].sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || Number(a.suppressible) - Number(b.suppressible))[0];
      // the service attribute behind a projected one: the longest projected path the read starts with
      const head = Object.keys(resource.projectedFrom ?? {}).filter((k) => read.path === k || read.path.startsWith(`${k}.`) || read.path.startsWith(`${k}[`))
        .sort((a, b) => b.length - a.length)[0];
      const projected = head === undefined ? undefined : resource.projectedFrom![head];
      const attribute = projected ? `${projected}${read.path.slice(head!.length)}` : read.path;
      const where = read.owner === address ? attribute : `${attribute} of ${read.owner}`;
      emit(resource, construct, rule, {
        ruleId: rule.id,
        findingId: `unverifiable:${read.owner === address ? '' : `${read.owner}.`}${read.path}`,
        level: rule.level,
        resourceType: resource.type,
        resourceName: resource.name,
        path: resource.path,
        message: unverifiableMessage(where, address, read.value, rules),
      }, rules.every((r) => r.suppressible), false);
    }
  }
  return buildReport(target.stackName, ALL_RULES, resources, findings, view, constructs);
}

const RULES_BY_TYPE = new Map<string, HardeningRule[]>();

/** The rules that check a resource type, in rule order (computed once per type). */
function rulesFor(type: string): HardeningRule[] {
  let rules = RULES_BY_TYPE.get(type);
  if (!rules) RULES_BY_TYPE.set(type, rules = ALL_RULES.filter((r) => r.resourceTypes.includes(type) || r.resourceTypes.includes('*')));
  return rules;
}

function unverifiableMessage(where: string, address: string, value: Opaque, rules: HardeningRule[]): string {
  const when = value.kind === 'tainted' ? 'can change after the checks' : 'is known only at plan time or apply time';
  return `cannot verify ${where} of ${address}: \`${value.expression}\` ${when} (${value.why}); read by ${rules.map((r) => r.id).join(', ')}`;
}

/**
 * Follows `outputs.cross-stack-output-<id>` of a `terraform_remote_state` that cdktf made for a cross-stack reference to
 * the resource of the other stack of the app it names (TerraformStack.registerOutgoingCrossStackReference: the output
 * is `${<type>.<name>.<attribute>}` of the origin stack), evaluated in that stack's own JSON.
 */
type CrossStackHit = { resource: CheckedResource; target: { type: string; attribute: string } };

function crossStackResolver(stack: TerraformStack): (attribute: string) => CrossStackHit | undefined {
  const values = new Map<TerraformStack, StackValues>();
  let outputs: Map<string, { origin: TerraformStack; identifier: string }> | undefined;
  return (attribute) => {
    const m = /^outputs\.(.+)$/.exec(attribute);
    if (!m) return undefined;
    if (!outputs) {
      outputs = new Map();
      for (const s of stack.node.root.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c) && c !== stack)) {
        const registered = (s as unknown as { crossStackOutputs?: { [identifier: string]: { friendlyUniqueId: string } } }).crossStackOutputs ?? {};
        for (const [identifier, output] of Object.entries(registered)) outputs.set(output.friendlyUniqueId, { origin: s, identifier });
      }
    }
    const hit = outputs.get(m[1]);
    const ref = hit ? /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)$/.exec(hit.identifier) : null;
    if (!hit || !ref) return undefined;
    let origin = values.get(hit.origin);
    if (!origin) {
      origin = new StackValues(ORIGINAL_TO_TERRAFORM.call(hit.origin));
      values.set(hit.origin, origin);
    }
    const body = origin.body('resource', ref[1], ref[2]);
    if (!body) return undefined;
    const address = `${hit.origin.node.id}:${ref[1]}.${ref[2]}`;
    const meta = (body.raw['//'] as any)?.metadata?.path;
    return {
      resource: { type: ref[1], name: ref[2], path: String(meta ?? address).replace(/\/Resource$/, ''), address, attributes: body.attributes },
      target: { type: ref[1], attribute: ref[3] },
    };
  };
}

/** The host paths SecureDaemons of the stack give their engine: unix sockets of `hosts`, data-root, exec-root. */
function daemonPathsOf(daemons: SecureDaemon[]): { sockets: string[]; state: string[] } {
  const sockets: string[] = [];
  const state: string[] = [];
  for (const d of daemons) {
    const s = d.settings as { [k: string]: unknown };
    for (const h of Array.isArray(s.hosts) ? s.hosts : []) if (typeof h === 'string' && h.startsWith('unix://')) sockets.push(path.posix.normalize(h.slice(7)));
    for (const k of ['data-root', 'exec-root']) if (typeof s[k] === 'string') state.push(path.posix.normalize(s[k] as string));
  }
  return { sockets, state };
}

/** Attribute paths of a raw body that the schema does not have (meta-arguments and `dynamic` aside). */
function unknownAttributes(raw: { [k: string]: unknown }, schema: BlockSchema, prefix: string): string[] {
  const out: string[] = [];
  for (const [key, value] of entriesOf(raw)) {
    if (key === '//' || key === 'dynamic' || (prefix === '' && META_ARGUMENTS.has(key))) continue;
    const type = schema[key];
    const where = prefix === '' ? key : `${prefix}.${key}`;
    if (!type) {out.push(where);} else if (typeof type === 'object' && 'block' in type) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item && typeof item === 'object') out.push(...unknownAttributes(item as { [k: string]: unknown }, type.block, where));
      }
    }
  }
  for (const [blockType, specs] of entriesOf(raw.dynamic)) {
    const type = schema[blockType];
    const where = prefix === '' ? blockType : `${prefix}.${blockType}`;
    if (!type) {out.push(where);} else if (typeof type === 'object' && 'block' in type) {
      for (const spec of Array.isArray(specs) ? specs : [specs]) {
        const content = mergeBodies(mergeBodies(spec).content);
        out.push(...unknownAttributes(content, type.block, where));
      }
    }
  }
  return [...new Set(out)].sort();
}

/**
 * Sets `path` and `constructPath` of every resource from the construct that really wrote it, found by its Terraform
 * address (type and logical id, as the element allocates it), never from the `//.metadata.path` of the JSON: an
 * escape hatch can write any path there, and suppressions and L2 opt-outs answer findings by construct. A
 * resource no element of the stack wrote (added by a stack-level override) has no construct path; its path is its
 * address.
 */
function attributeToConstructs(constructs: IConstruct[], resources: CheckedResource[]): void {
  const elements = new Map<string, IConstruct>();
  for (const c of constructs) {
    // friendlyUniqueId: the key the element writes its JSON under, an overrideLogicalId() included
    if (TerraformResource.isTerraformResource(c)) {
      elements.set(`${c.terraformResourceType}.${c.friendlyUniqueId}`, c);
    } else if (TerraformDataSource.isTerraformDataSource(c)) {
      elements.set(`data.${c.terraformResourceType}.${c.friendlyUniqueId}`, c);
    } else if (TerraformProvider.isTerraformProvider(c)) {
      elements.set(`provider.${c.terraformResourceType}${c.alias ? `.${c.alias}` : ''}`, c);
    }
  }
  for (const r of resources as Array<{ -readonly [K in keyof CheckedResource]: CheckedResource[K] }>) {
    if (r.type === 'secure-daemon') continue;
    if (r.type === 'import' || r.type === 'module') {
      r.constructPath = undefined; // answered by the stack's suppressions; the path shown is the module's or the import's target
      continue;
    }
    // a provisioner belongs to its resource
    const element = elements.get((r.address ?? `${r.type}.${r.name}`).replace(/\.provisioner\[\d+\]$/, ''));
    if (element) {
      r.constructPath = element.node.path;
      r.path = element.node.path.replace(/\/Resource$/, '');
    } else {
      r.constructPath = undefined;
      r.path = r.address ?? `${r.type}.${r.name}`;
    }
  }
}

/** Docker resources, data sources and provider blocks of a stack, evaluated. */
function collectResources(values: StackValues): CheckedResource[] {
  const out: CheckedResource[] = [];
  const pathOf = (raw: { [k: string]: unknown }, fallback: string) => {
    const meta = (raw?.['//'] as any)?.metadata?.path;
    return String(typeof meta === 'string' ? meta : fallback).replace(/\/Resource$/, '');
  };
  const constructPathOf = (raw: { [k: string]: unknown }) => {
    const meta = (raw?.['//'] as any)?.metadata?.path;
    return typeof meta === 'string' ? meta : undefined;
  };
  for (const [block, all] of [['resource', values.resources], ['data', values.data]] as const) {
    for (const type of Object.keys(all).sort()) {
      if (!type.startsWith('docker_')) continue;
      for (const name of Object.keys(all[type]).sort()) {
        const body = values.body(block, type, name)!;
        const t = block === 'data' ? `data.${type}` : type;
        const schema = block === 'resource' ? PROVIDER_SCHEMA.resources[type] : PROVIDER_SCHEMA.data[type];
        if (!schema) {
          out.push({ type: t, name, path: pathOf(body.raw, name), address: `${t}.${name}`, attributes: body.attributes, unknownType: true });
          continue;
        }
        const unverified = unknownAttributes(body.raw, schema, '');
        const instances = body.raw.count !== undefined || body.raw.for_each !== undefined
          ? { instances: body.raw.count !== undefined ? 'count' : 'for_each' } : {};
        const provider = typeof body.raw.provider === 'string' && body.raw.provider.includes('.') ? { provider: body.raw.provider } : {};
        const extra = { ...(unverified.length > 0 ? { unverifiedAttributes: unverified } : {}), ...instances, ...provider };
        if (t === 'docker_service') {
          // the task's container, seen with container attribute names, next to the service's own attributes
          const task = projectService(body.attributes);
          out.push({
            type: t,
            name,
            path: pathOf(body.raw, name),
            address: `${t}.${name}`,
            attributes: mark({ ...body.attributes, ...task.attributes }),
            projectedFrom: task.projectedFrom,
            constructPath: constructPathOf(body.raw),
            ...extra,
          });
          continue;
        }
        out.push({ type: t, name, path: pathOf(body.raw, name), address: `${t}.${name}`, attributes: body.attributes, constructPath: constructPathOf(body.raw), ...extra });
      }
    }
  }
  const docker = values.dockerLocalNames();
  const counts = new Map<string, number>();
  for (const p of values.providers) {
    if (!docker.includes(p.localName)) continue;
    const i = counts.get(p.localName) ?? 0;
    counts.set(p.localName, i + 1);
    const attributes = values.provider(p.localName, p.raw);
    const alias = typeof attributes.alias === 'string' ? attributes.alias : undefined;
    const name = `${p.localName === 'docker' ? '' : `${p.localName}.`}${alias ?? (i === 0 ? 'default' : `${p.localName}-${i}`)}`;
    out.push({ type: 'provider.docker', name, path: pathOf(p.raw, name), address: `provider.${p.localName}${alias ? `.${alias}` : ''}`, attributes });
  }
  // what acts on the engine without being described here: modules and provisioners (HD-X01)
  for (const name of Object.keys(values.modules).sort()) {
    const raw = values.modules[name];
    out.push({ type: 'module', name, path: pathOf(raw, `module.${name}`), address: `module.${name}`, attributes: mark({ source: values.evaluateRaw(raw.source) }) });
  }
  for (const [i, imp] of values.imports.entries()) {
    const to = typeof imp.to === 'string' ? imp.to.replace(/^\$\{(.*)\}$/s, '$1') : String(imp.to ?? '');
    if (!/^docker_/.test(to)) continue;
    out.push({ type: 'import', name: `import[${i}]`, path: to, address: `import.${to}`, attributes: mark({ to, id: values.evaluateRaw(imp.id) }) });
  }
  // blocks with provisioners: resources, data sources and `removed` blocks (whose destroy-time provisioners run when
  // the object they name is destroyed)
  const holders: Array<{ raw: { [k: string]: any }; address: string }> = [];
  for (const [block, all] of [['resource', values.resources], ['data', values.data]] as const) {
    for (const type of Object.keys(all).sort()) {
      for (const name of Object.keys(all[type]).sort()) holders.push({ raw: all[type][name], address: `${block === 'data' ? 'data.' : ''}${type}.${name}` });
    }
  }
  for (const raw of values.removed) {
    const from = typeof raw.from === 'string' ? raw.from.replace(/^\$\{(.*)\}$/s, '$1').trim() : String(raw.from ?? '');
    holders.push({ raw, address: `removed.${from}` });
  }
  for (const { raw, address } of holders) {
    const provisioners = Array.isArray(raw.provisioner) ? raw.provisioner : raw.provisioner ? [raw.provisioner] : [];
    for (const [i, p] of provisioners.entries()) {
      for (const [kind, bodies] of entriesOf(p)) {
        if (kind !== 'local-exec' && kind !== 'remote-exec') continue;
        // several blocks under one label (json spec: an array of bodies): each one runs
        const list = Array.isArray(bodies) ? bodies : [bodies];
        for (const [j, body] of list.entries()) {
          const b = mergeBodies(body);
          out.push({
            type: 'provisioner',
            name: `${address}.provisioner[${i}].${kind}${list.length > 1 ? `[${j}]` : ''}`,
            path: pathOf(raw, address),
            address: `${address}.provisioner[${i}]`,
            // marked, so that a command the checks cannot know is read as such (HD-X02 fails closed on it)
            attributes: mark({
              kind,
              command: values.evaluateRaw(b.command),
              inline: values.evaluateRaw(b.inline),
              script: values.evaluateRaw(b.script),
              scripts: values.evaluateRaw(b.scripts),
              interpreter: values.evaluateRaw(b.interpreter),
              environment: values.evaluateRaw(b.environment),
            }),
          });
        }
      }
    }
  }
  // a provider of type docker that is not kreuzwerker/docker, or the `docker` local name bound to another provider:
  // the docker_* resources (or the provider blocks) are then not kreuzwerker/docker 3.6.2's
  for (const [name, source] of Object.entries(values.requiredProviders).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (isDockerSource(source) || (name !== 'docker' && !isDockerTypeSource(source))) continue;
    out.push({ type: 'terraform.required_providers', name, path: 'terraform', address: `terraform.required_providers.${name}`, attributes: { source } });
  }
  return out.sort((a, b) => (a.type + a.name < b.type + b.name ? -1 : 1));
}
