import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import * as fc from 'fast-check';
import { HardenedContainer, HealthCheck, IsolatedNetwork, SecureDaemon, TlsDockerHost } from '../lib';
import { expectNamedRefusal, HOSTILE_STRINGS, hostileString, RUNS, SEED } from './fuzz/config';
import { resolveReferences } from '../lib/engine/stack';

/**
 * Strings that could break the generated JSON, Terraform's template syntax or a
 * shell — quotes, newlines, NUL, unpaired surrogates, unicode, `${…}`, `$(…)`,
 * very long values — in construct ids (names), labels, environment values,
 * commands and paths of every L2: each is refused with an error naming the
 * construct path and the prop, or carried through exactly (Terraform's reading
 * of the JSON gives back the very value).
 */
const IMAGE = `registry.example.com/team/web@sha256:${'a'.repeat(64)}`;
const DOCKER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const TF_IDENTIFIER = /^[a-zA-Z_][a-zA-Z0-9_-]*$/;

function newStack(id = 'hostile'): TerraformStack {
  const s = new TerraformStack(Testing.app(), id);
  new DockerProvider(s, 'docker', {});
  return s;
}

/** Terraform's reading of a string in the synthesized JSON (template escapes undone). */
const asTerraformReadsIt = (v: string) => resolveReferences(v, () => {
  throw new Error(`a reference reached Terraform: ${v}`);
}, 'value');

/** Runs `build`; a refusal must name the construct path and the prop. Returns whether it was accepted. */
function acceptedOrNamedRefusal(build: () => void, constructPath: string): boolean {
  try {
    build();
    return true;
  } catch (e) {
    expectNamedRefusal(e, constructPath);
    return false;
  }
}

const ids = [...HOSTILE_STRINGS.filter((s) => s !== '' && !s.includes('/')), 'web', 'Web.1', '-web', '_web', 'a'.repeat(255), 'x/y'];

describe('hostile construct ids become safe engine and Terraform names', () => {
  /** Synthesizes with validations; a refused id must be named with its construct path. */
  function synthOrRefused(s: TerraformStack, constructPath: string): any | undefined {
    try {
      return JSON.parse(Testing.synth(s, true));
    } catch (e) {
      expect(String((e as Error).message)).toContain(`${constructPath}: invalid id `);
      return undefined;
    }
  }

  test.each(ids.map((id) => [JSON.stringify(id).slice(0, 40), id]))('HardenedContainer and IsolatedNetwork with id %s', (_label, id) => {
    const s = newStack();
    const n = new IsolatedNetwork(s, `n${id}`);
    const c = new HardenedContainer(s, id, { image: IMAGE, user: '1000:1000', networks: [{ network: n }] });
    const parsed = synthOrRefused(s, c.node.path);
    if (!parsed) {
      // refused only when Terraform would refuse the name
      expect(c.node.findAll().some((x) => /^[^a-zA-Z_]/.test((x as any).friendlyUniqueId ?? 'ok'))).toBe(true);
      return;
    }
    for (const name of [c.containerName, n.networkName]) {
      expect(name).toMatch(DOCKER_NAME);
      expect(name.length).toBeLessThanOrEqual(128);
    }
    for (const type of Object.keys(parsed.resource)) {
      for (const key of Object.keys(parsed.resource[type])) expect(key).toMatch(TF_IDENTIFIER);
    }
    // distinct ids never collide on the engine
    const other = new HardenedContainer(s, `${id}2`, { image: IMAGE, user: '1000:1000' });
    expect(other.containerName).not.toBe(c.containerName);
  });

  test.each(ids.map((id) => [JSON.stringify(id).slice(0, 40), id]))('SecureDaemon and TlsDockerHost with id %s', (_label, id) => {
    const app = Testing.app();
    const pki = new TerraformStack(app, 'pki');
    new TlsProvider(pki, 'tls');
    const host = new TlsDockerHost(pki, id, { hostName: 'docker.example.com' });
    const parsed = synthOrRefused(pki, host.node.path);
    if (!parsed) return;
    for (const type of Object.keys(parsed.resource)) {
      for (const key of Object.keys(parsed.resource[type])) expect(key).toMatch(TF_IDENTIFIER);
    }
    for (const name of Object.keys(parsed.output ?? {})) expect(name).toMatch(TF_IDENTIFIER);
    const workload = new TerraformStack(app, 'workload');
    const d = new SecureDaemon(workload, id, { hostName: 'h1', tls: host });
    expect(d.files.every((f) => /^\/[A-Za-z0-9_./-]+$/.test(f.path))).toBe(true);
  });
});

describe('hostile values are refused with a named error or carried exactly', () => {
  const slots: Array<{ prop: string; build: (s: TerraformStack, v: string) => unknown; read: (parsed: any) => string[] }> = [
    {
      prop: 'environment',
      build: (s, v) => new HardenedContainer(s, 'c', { image: IMAGE, user: '1000:1000', environment: { VALUE: v } }),
      read: (p) => [Object.values<any>(p.resource.docker_container)[0].env[0].slice('VALUE='.length)],
    },
    {
      prop: 'labels (container)',
      build: (s, v) => new HardenedContainer(s, 'c', { image: IMAGE, user: '1000:1000', labels: { note: v } }),
      read: (p) => [Object.values<any>(p.resource.docker_container)[0].labels.find((l: any) => l.label === 'note').value],
    },
    {
      prop: 'labels (network)',
      build: (s, v) => new IsolatedNetwork(s, 'c', { labels: { note: v } }),
      read: (p) => [Object.values<any>(p.resource.docker_network)[0].labels.find((l: any) => l.label === 'note').value],
    },
    {
      prop: 'command',
      build: (s, v) => new HardenedContainer(s, 'c', { image: IMAGE, user: '1000:1000', command: ['app', v], entrypoint: [v] }),
      read: (p) => {
        const c = Object.values<any>(p.resource.docker_container)[0];
        return [c.command[1], c.entrypoint[0]];
      },
    },
    {
      prop: 'healthCheck',
      build: (s, v) => new HardenedContainer(s, 'c', { image: IMAGE, user: '1000:1000', healthCheck: HealthCheck.exec(['probe', v]) }),
      read: (p) => [Object.values<any>(p.resource.docker_container)[0].healthcheck.test[2]],
    },
  ];

  test.each(slots.map((slot) => [slot.prop, slot]))('%s: every hostile string', (_prop, slot) => {
    let accepted = 0;
    for (const v of [...HOSTILE_STRINGS, '\ud800x', 'x\udc00', '😀\u0000']) {
      const s = newStack();
      if (!acceptedOrNamedRefusal(() => slot.build(s, v), 'hostile/c')) continue;
      accepted++;
      const json = Testing.synth(s);
      for (const carried of slot.read(JSON.parse(json))) expect(asTerraformReadsIt(carried)).toBe(v);
    }
    expect(accepted).toBeGreaterThan(HOSTILE_STRINGS.length / 2);
  });

  test(`any string in any slot (property, ${RUNS} runs)`, () => {
    fc.assert(fc.property(fc.constantFrom(...slots), hostileString, (slot, v) => {
      const s = newStack();
      if (!acceptedOrNamedRefusal(() => slot.build(s, v), 'hostile/c')) return;
      for (const carried of slot.read(JSON.parse(Testing.synth(s)))) expect(asTerraformReadsIt(carried)).toBe(v);
    }), { numRuns: RUNS, seed: SEED });
  });

  test('NUL and unpaired surrogates are refused (the engine or Terraform would change the value)', () => {
    for (const v of ['a\u0000b', 'a\ud800b', 'a\udc00']) {
      expect(() => new HardenedContainer(newStack(), 'c', { image: IMAGE, user: '1000:1000', environment: { V: v } }))
        .toThrow(/^hostile\/c: invalid environment\.V .*unpaired UTF-16 surrogates/s);
    }
    // a surrogate pair is fine
    expect(() => new HardenedContainer(newStack(), 'c', { image: IMAGE, user: '1000:1000', environment: { V: '😀' } })).not.toThrow();
  });
});

describe('hostile paths', () => {
  const pathSlots: Array<{ prop: string; build: (s: TerraformStack, p: string) => unknown }> = [
    { prop: 'bindMounts.hostPath', build: (s, p) => new HardenedContainer(s, 'c', { image: IMAGE, user: '1000:1000', bindMounts: [{ hostPath: p, containerPath: '/data' }] }) },
    { prop: 'bindMounts.containerPath', build: (s, p) => new HardenedContainer(s, 'c', { image: IMAGE, user: '1000:1000', bindMounts: [{ hostPath: '/srv/data', containerPath: p }] }) },
    { prop: 'tmpfs.containerPath', build: (s, p) => new HardenedContainer(s, 'c', { image: IMAGE, user: '1000:1000', tmpfs: [{ containerPath: p }] }) },
    { prop: 'secrets.hostPath', build: (s, p) => new HardenedContainer(s, 'c', { image: IMAGE, user: '1000:1000', secrets: [{ name: 'db', hostPath: p }] }) },
    { prop: 'workingDir', build: (s, p) => new HardenedContainer(s, 'c', { image: IMAGE, user: '1000:1000', workingDir: p }) },
  ];
  test.each(pathSlots.map((slot) => [slot.prop, slot]))('%s: refused, or a clean absolute path that appears verbatim', (_prop, slot) => {
    for (const hostile of HOSTILE_STRINGS) {
      const p = `/srv/${hostile}`;
      const s = newStack();
      if (!acceptedOrNamedRefusal(() => slot.build(s, p), 'hostile/c')) continue;
      const json = Testing.synth(s);
      expect(p).toMatch(/^\/[^\0\n\r,:]*$/);
      expect(p).not.toMatch(/[$%]\{/);
      expect(json).toContain(JSON.stringify(p).slice(1, -1));
    }
  });
});

describe('the host files are safe for a shell', () => {
  test('install.sh parses, and every path in it is quoted so that no character of it is interpreted', () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'hostile-')) });
    const pki = new TerraformStack(app, 'pki');
    new TlsProvider(pki, 'tls');
    const host = new TlsDockerHost(pki, 'host', { hostName: 'docker.example.com' });
    const s = new TerraformStack(app, 'w');
    let accepted = 0;
    // refused outright, or (the characters a path may keep: ~ % + = : , @) carried as one literal word
    for (const [i, hostile] of ['$(touch /tmp/pwned)', '`id`', '"; reboot; "', '\'; reboot; \'', ' spaced dir', '$HOME', 'a\\b', '*',
      '~root', '%x', 'a+b=c', 'a:b,c', 'user@host'].entries()) {
      const dir = `/etc/docker/tls-${hostile}`;
      let d: SecureDaemon;
      try {
        d = new SecureDaemon(s, `d${i}`, { hostName: `h${i}`, tls: host, tlsDirectory: dir, dataRoot: `/srv/docker-${hostile}` });
      } catch (e) {
        expectNamedRefusal(e, `w/d${i}`);
        continue;
      }
      accepted++;
      const out = mkdtempSync(path.join(tmpdir(), 'hostile-files-'));
      try {
        d.writeFiles(out);
        const script = path.join(out, d.hostName, 'install.sh');
        execFileSync('sh', ['-n', script]);
        // every file path appears as one quoted word: in single quotes, or in double quotes with nothing the shell expands there
        const text = readFileSync(script, 'utf8');
        for (const f of d.files.filter((x) => x.path.startsWith(dir))) {
          const single = `'${f.path.replace(/'/g, '\'\\\'\'')}'`;
          const double = /^[^$`\\"!]*$/.test(f.path) ? `"${f.path}"` : undefined;
          const occurrences = text.split(f.path).length - 1;
          const quoted = (text.split(single).length - 1) + (double ? text.split(double).length - 1 : 0);
          expect({ path: f.path, occurrences }).toEqual({ path: f.path, occurrences: quoted });
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }
    expect(accepted).toBeGreaterThanOrEqual(4);
  });
});
