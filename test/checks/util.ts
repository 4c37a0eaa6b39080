import { Container, ContainerConfig } from '@cdktf/provider-docker/lib/container';
import { Network } from '@cdktf/provider-docker/lib/network';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { Aspects, TerraformStack, Testing } from 'cdktf';
import { HardeningChecks } from '../../lib';
import type { ReportFinding } from '../../lib/checks/report';

export const PINNED = `registry.example.com/app@sha256:${'a'.repeat(64)}`;

/** A stack with a default (unix socket) Docker provider. */
export function stack(id = 'checks'): TerraformStack {
  const s = new TerraformStack(Testing.app(), id);
  new DockerProvider(s, 'docker', {});
  return s;
}

/** A raw provider container with the given attributes (no hardening at all unless given). */
export function rawContainer(s: TerraformStack, id: string, config: Partial<ContainerConfig> = {}): Container {
  return new Container(s, id, { name: id, image: PINNED, ...config });
}

/**
 * Runs HardeningChecks on the stack (no report files) and returns every finding, suppressed ones included, read
 * through the public API (`findingsOf`) in the report's shape.
 */
export function runChecks(s: TerraformStack): ReportFinding[] {
  const checks = new HardeningChecks({ reports: false });
  Aspects.of(s).add(checks);
  Testing.synth(s); // invokes aspects; Testing.synth does not throw on error annotations
  return checks.findingsOf(s.node.id)!.map((f) => ({
    ruleId: f.ruleId,
    findingId: f.findingId,
    level: f.level,
    resourceType: f.resourceType,
    resourceName: f.resourceName,
    path: f.path,
    message: f.message,
    ...(f.suppressed ? { suppressed: { reason: f.suppressionReason! } } : {}),
  }));
}

/** The findings of one rule, as `path: findingId? message`. */
export function findingsOf(s: TerraformStack, ruleId: string): ReportFinding[] {
  return runChecks(s).filter((f) => f.ruleId === ruleId);
}

/** Error/warning/info annotations left on the stack's constructs by the checks. */
export function annotations(s: TerraformStack): Array<{ level: string; path: string; message: string }> {
  return s.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type.startsWith('@cdktf/') && String(m.data).startsWith('[HD-'))
    .map((m) => ({ level: m.type.replace('@cdktf/', ''), path: c.node.path, message: String(m.data) })));
}

/**
 * Declares the encrypted, internal overlay network `backend` that the hardened service fixtures join by name (once per
 * stack): a network the stack does not declare is HD-N04 "cannot verify its encryption".
 */
export function backendNetwork(s: TerraformStack): void {
  if (s.node.tryFindChild('backend-network')) return;
  new Network(s, 'backend-network', { name: 'backend', driver: 'overlay', internal: true, attachable: false, options: { encrypted: 'true' } });
}
