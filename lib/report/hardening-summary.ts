import { IConstruct } from 'constructs';
import { ControlStatus, HardeningControl } from './control';
import { HardenedContainer } from '../container/hardened-container';
import { OptOutRecord } from '../core/opt-out';
import { SecureDaemon } from '../daemon/secure-daemon';
import { GrantPath } from '../network/connection-grant';
import { IsolatedNetwork } from '../network/isolated-network';
import { OverlayNetwork } from '../network/overlay-network';
import { HardenedService } from '../swarm/hardened-service';
import { TlsDockerHost } from '../tls/tls-docker-host';

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
 * The hardening state of one Swarm service, for summaries and reports.
 */
export interface ServiceHardening {
  /** Construct path. */
  readonly path: string;
  /** Service name in the swarm. */
  readonly serviceName: string;
  /** Image reference. */
  readonly image: string;
  /**
   * The trust zone its placement constraint names.
   * @default - no placement constraint
   */
  readonly trustZone?: string;
  /** Every control with its status. */
  readonly controls: HardeningControl[];
  /** Every opt-out taken, with its justification. */
  readonly optOuts: OptOutRecord[];
  /** Names of the Swarm secrets this stack creates from values (the values are in Terraform state). */
  readonly secretsInState: string[];
}

/**
 * The isolation state of one `IsolatedNetwork`, for summaries and reports.
 */
export interface NetworkHardening {
  /** Construct path. */
  readonly path: string;
  /** Network name on the engine. */
  readonly networkName: string;
  /** Trust zone. */
  readonly trustZone: string;
  /** Whether the network is internal (no route out). */
  readonly internal: boolean;
  /** Construct paths of the containers (or, for an overlay network, the services) that joined it. */
  readonly members: string[];
  /** Every grant path declared on it, with what Docker enforces. */
  readonly grants: GrantPath[];
  /** Opt-outs taken on the network and its grants. */
  readonly optOuts: OptOutRecord[];
  /**
   * Overlay networks only: whether the data plane between nodes is encrypted.
   * @default - not an overlay network
   */
  readonly encrypted?: boolean;
  /**
   * Overlay networks only: whether standalone containers can attach.
   * @default - not an overlay network
   */
  readonly attachable?: boolean;
}

/** A SecureDaemon, for summaries. */
export interface DaemonHardening {
  /** Construct path. */
  readonly path: string;
  /** Host name of its rendered files. */
  readonly hostName: string;
  /** The daemon.json settings. */
  readonly settings: { [key: string]: any };
  /** Opt-outs taken. */
  readonly optOuts: OptOutRecord[];
}

/** A TlsDockerHost, for summaries. */
export interface TlsHostSummary {
  /** Construct path. */
  readonly path: string;
  /** `tcp://host:port`. */
  readonly endpoint: string;
  /** Key algorithm of server and client keys. */
  readonly keyAlgorithm: string;
  /** `generated` or `pem`. */
  readonly caSource: string;
  /** Client certificate names. */
  readonly clients: string[];
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
    const all = scope.node.findAll();
    const members = all.filter((c): c is HardenedContainer => c instanceof HardenedContainer);
    const networks = all
      .filter((c): c is IsolatedNetwork => c instanceof IsolatedNetwork)
      .map((n) => ({
        path: n.node.path,
        networkName: n.networkName,
        trustZone: n.trustZone ?? 'default',
        internal: n.internal === true,
        members: members.filter((m) => m.networkNames.includes(n.networkName)).map((m) => m.node.path).sort(),
        grants: n.grants.flatMap((g) => g.paths),
        optOuts: [...n.optOutRecords, ...n.grants.flatMap((g) => g.optOutRecords)],
      }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const serviceList = all.filter((c): c is HardenedService => c instanceof HardenedService);
    const overlayNetworks = all
      .filter((c): c is OverlayNetwork => c instanceof OverlayNetwork)
      .map((n) => ({
        path: n.node.path,
        networkName: n.networkName,
        trustZone: n.trustZone,
        internal: n.internal,
        encrypted: n.encrypted,
        attachable: n.attachable,
        members: serviceList.filter((sv) => sv.networkTargets.includes(n.networkId) || sv.networkTargets.includes(n.networkName))
          .map((sv) => sv.node.path).sort(),
        grants: n.grants.flatMap((g) => g.paths),
        optOuts: [...n.optOutRecords, ...n.grants.flatMap((g) => g.optOutRecords)],
      }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const daemons = all.filter((c): c is SecureDaemon => c instanceof SecureDaemon).map((d) => ({
      path: d.node.path,
      hostName: d.hostName,
      settings: d.settings,
      optOuts: d.optOutRecords,
    }));
    const tlsHosts = all.filter((c): c is TlsDockerHost => c instanceof TlsDockerHost).map((t) => ({
      path: t.node.path,
      endpoint: t.endpoint,
      keyAlgorithm: t.keyAlgorithm,
      caSource: t.caSource,
      clients: t.clientNames,
    }));
    const services = serviceList
      .map((sv) => ({
        path: sv.node.path,
        serviceName: sv.serviceName,
        image: sv.imageReference,
        ...(sv.trustZone !== undefined ? { trustZone: sv.trustZone } : {}),
        controls: sv.controls,
        optOuts: sv.optOutRecords,
        secretsInState: sv.secretsInState,
      }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return new HardeningSummary(scope.node.path || '(app)', containers, networks, daemons, tlsHosts, services, overlayNetworks);
  }

  private constructor(
    /** The scope the summary covers. */
    public readonly scopePath: string,
    /** One entry per container. */
    public readonly containers: ContainerHardening[],
    /** One entry per isolated network. */
    public readonly networks: NetworkHardening[],
    /** One entry per SecureDaemon. */
    public readonly daemons: DaemonHardening[],
    /** One entry per TlsDockerHost. */
    public readonly tlsHosts: TlsHostSummary[],
    /** One entry per HardenedService. */
    public readonly services: ServiceHardening[],
    /** One entry per OverlayNetwork (services' private networks included), with its service grants. */
    public readonly overlayNetworks: NetworkHardening[],
  ) {}

  /** Number of controls in each status, over all containers and services. */
  public countByStatus(): { [status: string]: number } {
    const counts: { [status: string]: number } = {};
    for (const status of Object.values(ControlStatus)) counts[status] = 0;
    for (const c of [...this.containers, ...this.services]) for (const control of c.controls) counts[control.status]++;
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
      `Hardening summary for ${this.scopePath}: ${this.containers.length} container(s)` +
        `${this.services.length > 0 ? `, ${this.services.length} service(s)` : ''}, ${total} controls: ` +
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
    for (const sv of this.services) {
      const enforced = sv.controls.filter((k) => k.status === ControlStatus.ENFORCED);
      lines.push('', `${sv.path}  service=${sv.serviceName}${sv.trustZone ? `  trust zone ${sv.trustZone} (placement)` : ''}`, `  image ${sv.image}`);
      const shown = verbose ? sv.controls : sv.controls.filter((k) => k.status !== ControlStatus.ENFORCED);
      if (!verbose) lines.push(`  + ${enforced.length} of ${sv.controls.length} controls enforced (toText(true) lists them)`);
      for (const control of shown) {
        const cis = control.cis.length > 0 ? ` [${control.cis.join(', ')}]` : '';
        lines.push(`  ${MARKS[control.status]} ${control.id}${cis}: ${control.detail}`);
      }
      // the secrets whose values are in Terraform state are the secret-values-outside-state control's detail (shown above)
      for (const o of sv.optOuts) lines.push(`      accepted risk (${o.prop}): "${o.justification}"`);
    }
    if (this.networks.length > 0) lines.push('', 'Isolated networks (inter-container communication off):');
    for (const n of this.networks) {
      lines.push('', `${n.path}  name=${n.networkName}  trust zone ${n.trustZone}`,
        `  ${n.internal ? 'internal: no route out, host not reachable (no bridge address)' : 'EGRESS: routed and masqueraded'}; ` +
        `members: ${n.members.length > 0 ? n.members.join(', ') : 'none'}`);
      lines.push(...grantLines(n));
    }
    if (this.overlayNetworks.length > 0) lines.push('', 'Overlay networks (swarm services):');
    for (const n of this.overlayNetworks) {
      lines.push('', `${n.path}  name=${n.networkName}  trust zone ${n.trustZone}`,
        `  ${n.encrypted ? 'encrypted (IPsec between nodes)' : 'UNENCRYPTED: plain VXLAN between nodes'}, ` +
        `${n.internal ? 'internal: no route out of the swarm' : 'EGRESS: routed out through the nodes\' docker_gwbridge'}, ` +
        `${n.attachable ? 'ATTACHABLE by standalone containers' : 'services only'}; ` +
        `members: ${n.members.length > 0 ? n.members.join(', ') : n.grants.length > 0 ? 'none (each grant below has a pair network of its own)' : 'none'}`);
      lines.push(...grantLines(n));
    }
    for (const d of this.daemons) {
      const st = d.settings;
      lines.push('', `Daemon ${d.path} (${d.hostName}): daemon.json icc=${st.icc} userns-remap=${st['userns-remap'] ?? 'off'} ` +
        `no-new-privileges=${st['no-new-privileges']} live-restore=${st['live-restore']} userland-proxy=${st['userland-proxy']} ` +
        `log=${st['log-driver']} hosts=${(st.hosts ?? ['unix default']).join(' ')}${st.tlsverify ? ' (tlsverify)' : ''}`);
      for (const o of d.optOuts) lines.push(`      accepted risk (${o.prop}): "${o.justification}"`);
    }
    for (const t of this.tlsHosts) {
      lines.push('', `TLS ${t.path}: ${t.endpoint}, ${t.keyAlgorithm}, CA ${t.caSource === 'pem' ? 'brought as PEM' : 'generated'}, clients ${t.clients.join(', ')}`,
        '  ! every private key (CA, server, clients) is stored unencrypted in this stack\'s Terraform state: keep it in an ' +
        'encrypted remote backend with restricted access');
    }
    return `${lines.join('\n')}\n`;
  }
}

/** A network's grants and accepted risks, as summary lines. */
function grantLines(n: NetworkHardening): string[] {
  return [
    ...n.grants.flatMap((g) => [
      `  grant ${g.from} -> ${g.to} as "${g.alias}"${g.port ? ` port ${g.port}/${g.protocol}` : ''}`,
      `        enforced: ${g.enforcement}`,
    ]),
    ...n.optOuts.map((o) => `      accepted risk (${o.prop}): "${o.justification}"`),
  ];
}

const MARKS: { [status: string]: string } = {
  [ControlStatus.ENFORCED]: '+',
  [ControlStatus.PARTIAL]: '±',
  [ControlStatus.OPTED_OUT]: '!',
  [ControlStatus.NOT_CONFIGURED]: '?',
};
