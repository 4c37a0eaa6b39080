import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { OptOut } from '../core/opt-out';

/** A transport protocol for a published port. */
export enum Protocol {
  /** TCP */
  TCP = 'tcp',
  /** UDP */
  UDP = 'udp',
  /** SCTP */
  SCTP = 'sctp',
}

/**
 * A container port published on the host.
 *
 * Ports are published on the loopback address 127.0.0.1 unless an explicit,
 * justified opt-out names another host address.
 */
export interface PortMapping {
  /** The port inside the container (1-65535). */
  readonly containerPort: number;
  /**
   * The port on the host (1024-65535 unless `privilegedHostPort` is given).
   * @default - an ephemeral port chosen by the engine
   */
  readonly hostPort?: number;
  /**
   * The protocol.
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
  /**
   * The host address to bind. Any address other than 127.0.0.1 or ::1 needs
   * `nonLoopbackBinding`.
   * @default '127.0.0.1'
   */
  readonly hostIp?: string;
  /**
   * Opt-out: publish on a non-loopback host address (CIS 5.14).
   * @default - none; only loopback addresses are accepted
   */
  readonly nonLoopbackBinding?: OptOut;
  /**
   * Opt-out: publish on a host port below 1024 (CIS 5.8).
   * @default - none; host ports below 1024 are refused
   */
  readonly privilegedHostPort?: OptOut;
}

const CLAIMS = new WeakMap<TerraformStack, Array<{ owner: IConstruct; ip: string; port: number; protocol: string }>>();

/**
 * Claims a fixed host port for `owner` in its stack (the stack's containers run on one engine) and
 * returns the construct that already publishes a conflicting binding, if any: the same port and
 * protocol on the same address, or on the unspecified address of the same family (0.0.0.0, ::),
 * which covers every address. The engine would refuse the second binding only at apply.
 *
 * @internal
 */
export function claimHostPort(owner: IConstruct, ip: string, port: number, protocol: string): IConstruct | undefined {
  const stack = TerraformStack.of(owner);
  const claims = CLAIMS.get(stack) ?? [];
  CLAIMS.set(stack, claims);
  const v6 = ip.includes(':');
  const any = (a: string) => a === '0.0.0.0' || a === '::';
  const clash = claims.find((c) => c.owner !== owner && c.port === port && c.protocol === protocol &&
    c.ip.includes(':') === v6 && (c.ip === ip || any(c.ip) || any(ip)));
  if (clash) return clash.owner;
  claims.push({ owner, ip, port, protocol });
  return undefined;
}
