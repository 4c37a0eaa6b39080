import { IConstruct } from 'constructs';
import { ControlStatus, HardeningControl } from './control';
import { HardenedContainer } from '../container/hardened-container';
import { OptOutRecord } from '../core/opt-out';

/**
 * The hardening state of one container, for summaries and reports.
 */
export interface ContainerHardening {
  /** Construct path. */
  readonly path: string;
  /** Container name on the engine. */
  readonly containerName: string;
  /** Image reference. */
  readonly image: string;
  /** Every control with its status. */
  readonly controls: HardeningControl[];
  /** Every opt-out taken, with its justification. */
  readonly optOuts: OptOutRecord[];
}

/**
 * A summary of the hardening of every `HardenedContainer` below a scope
 * (an app or a stack): which controls hold, which were opted out and why,
 * and which provider 3.6.2 can only partly express.
 */
export class HardeningSummary {
  /** Collects the summary for all HardenedContainers below `scope`, in construct-path order. */
  public static of(scope: IConstruct): HardeningSummary {
    const containers = scope.node
      .findAll()
      .filter((c): c is HardenedContainer => c instanceof HardenedContainer)
      .map((c) => ({
        path: c.node.path,
        containerName: c.containerName,
        image: c.imageReference,
        controls: c.controls,
        optOuts: c.optOutRecords,
      }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return new HardeningSummary(scope.node.path || '(app)', containers);
  }

  private constructor(
    /** The scope the summary covers. */
    public readonly scopePath: string,
    /** One entry per container. */
    public readonly containers: ContainerHardening[],
  ) {}

  /** Number of controls in each status, over all containers. */
  public countByStatus(): { [status: string]: number } {
    const counts: { [status: string]: number } = {};
    for (const status of Object.values(ControlStatus)) counts[status] = 0;
    for (const c of this.containers) for (const control of c.controls) counts[control.status]++;
    return counts;
  }

  /** A plain-text summary for a terminal or CI log. Deterministic. */
  public toText(): string {
    const lines: string[] = [];
    const counts = this.countByStatus();
    lines.push(`Hardening summary for ${this.scopePath}: ${this.containers.length} container(s)`);
    lines.push(`  controls: ${Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', ')}`);
    for (const c of this.containers) {
      lines.push('');
      lines.push(`${c.path}  (name ${c.containerName})`);
      lines.push(`  image ${c.image}`);
      for (const control of c.controls) {
        const mark = MARKS[control.status];
        const cis = control.cis.length > 0 ? ` [${control.cis.join(', ')}]` : '';
        lines.push(`  ${mark} ${control.id}${cis}: ${control.detail}`);
        if (control.justification) lines.push(`        accepted risk: "${control.justification}"`);
      }
      const extra = c.optOuts.filter((o) => !c.controls.some((k) => k.justification === o.justification && k.id === o.control));
      for (const o of extra) lines.push(`  ~ ${o.control}: also opted out via ${o.prop}: "${o.justification}"`);
    }
    return `${lines.join('\n')}\n`;
  }
}

const MARKS: { [status: string]: string } = {
  [ControlStatus.ENFORCED]: '+',
  [ControlStatus.PARTIAL]: '±',
  [ControlStatus.OPTED_OUT]: '!',
  [ControlStatus.NOT_CONFIGURED]: '?',
};
