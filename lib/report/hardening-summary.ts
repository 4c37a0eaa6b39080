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

  /**
   * A plain-text summary for a terminal or CI log. Deterministic.
   *
   * @param verbose list every control of every container, not only those that are not fully enforced
   */
  public toText(verbose: boolean = false): string {
    const counts = this.countByStatus();
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const lines: string[] = [
      `Hardening summary for ${this.scopePath}: ${this.containers.length} container(s), ${total} controls: ` +
        Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', '),
      'Legend: + enforced   ± partial (provider/Docker limit)   ! opted out (accepted risk)   ? not configured',
    ];
    for (const c of this.containers) {
      const enforced = c.controls.filter((k) => k.status === ControlStatus.ENFORCED);
      lines.push('', `${c.path}  name=${c.containerName}`, `  image ${c.image}`);
      const shown = verbose ? c.controls : c.controls.filter((k) => k.status !== ControlStatus.ENFORCED);
      if (!verbose) lines.push(`  + ${enforced.length} of ${c.controls.length} controls enforced (toText(true) lists them)`);
      for (const control of shown) {
        const cis = control.cis.length > 0 ? ` [${control.cis.join(', ')}]` : '';
        lines.push(`  ${MARKS[control.status]} ${control.id}${cis}: ${control.detail}`);
      }
      for (const o of c.optOuts) {
        lines.push(`      accepted risk (${o.prop}): "${o.justification}"`);
      }
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
