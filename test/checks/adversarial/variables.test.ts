import { DataDockerNetwork } from '@cdktf/provider-docker/lib/data-docker-network';
import { Image } from '@cdktf/provider-docker/lib/image';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Fn, TerraformLocal, TerraformStack, TerraformVariable } from 'cdktf';
import { Case, expectNoNewFinding, PINNED, runCases, setAttr } from './harness';

/**
 * Expressions (fail-closed.md §1): var.x, local.x, functions, conditionals,
 * data-source and resource attributes. A variable's default can be overridden
 * at plan time (-var, TF_VAR_, *.tfvars), so a variable is never a known value;
 * a local, a function of literals and a conditional on literals are. Whatever
 * the checks cannot evaluate in a security-relevant attribute is a finding of
 * its own ("cannot verify ..."), at the level of the rule that reads it.
 */

const VARIABLES: Case[] = [
  {
    name: 'privileged = var.x (default true)',
    expect: ['HD-C01'],
    level: 'error',
    build: (s, f) => setAttr(f.container, 'privileged', new TerraformVariable(s, 'x', { type: 'bool', default: true }).value),
  },
  {
    name: 'privileged = var.x (no default: known only at plan)',
    expect: ['HD-C01'],
    level: 'error',
    build: (s, f) => setAttr(f.container, 'privileged', new TerraformVariable(s, 'x', { type: 'bool' }).value),
  },
  {
    name: 'privileged = var.x (default false, but -var privileged=true overrides it at plan)',
    expect: ['HD-C01'],
    level: 'error',
    note: 'fail-closed.md §1: "a checker can test the default but cannot know the value"; a safe default is still UNKNOWN',
    build: (s, f) => setAttr(f.container, 'privileged', new TerraformVariable(s, 'x', { type: 'bool', default: false }).value),
  },
  {
    name: 'network_mode = var.mode (default "host")',
    expect: ['HD-C11'],
    level: 'error',
    build: (s, f) => setAttr(f.container, 'network_mode', new TerraformVariable(s, 'mode', { type: 'string', default: 'host' }).stringValue),
  },
  {
    name: 'user = var.user (no default)',
    expect: ['HD-C06', 'HD-C16'],
    build: (s, f) => setAttr(f.container, 'user', new TerraformVariable(s, 'user', { type: 'string' }).stringValue),
  },
  {
    name: 'security_opts = var.opts (list, default ["seccomp=unconfined"])',
    expect: ['HD-C03'],
    level: 'error',
    build: (s, f) => {
      new TerraformVariable(s, 'opts', { type: 'list(string)', default: ['no-new-privileges', 'seccomp=unconfined'] });
      setAttr(f.container, 'security_opts', '${var.opts}');
    },
  },
  {
    name: 'mounts source = var.src (default "/var/run/docker.sock")',
    expect: ['HD-C02'],
    level: 'error',
    build: (s, f) => setAttr(f.container, 'mounts', [{
      type: 'bind',
      target: '/sock',
      read_only: true,
      source: new TerraformVariable(s, 'src', { type: 'string', default: '/var/run/docker.sock' }).stringValue,
    }]),
  },
  {
    name: 'capabilities.add = ["${var.cap}"] (no default)',
    expect: ['HD-C08', 'HD-C15'],
    build: (s, f) => setAttr(f.container, 'capabilities', { drop: ['ALL'], add: [new TerraformVariable(s, 'cap', { type: 'string' }).stringValue] }),
  },
  {
    name: 'memory = var.mem (default 0)',
    expect: ['HD-C09'],
    level: 'error',
    build: (s, f) => setAttr(f.container, 'memory', new TerraformVariable(s, 'mem', { type: 'number', default: 0 }).numberValue),
  },
];

const LOCALS_AND_FUNCTIONS: Case[] = [
  {
    name: 'network_mode = local.mode ("host")',
    expect: ['HD-C11'],
    level: 'error',
    build: (s, f) => setAttr(f.container, 'network_mode', new TerraformLocal(s, 'mode', 'host').asString),
  },
  {
    name: 'privileged = local.priv (true)',
    expect: ['HD-C01'],
    level: 'error',
    build: (s, f) => setAttr(f.container, 'privileged', new TerraformLocal(s, 'priv', true).asBoolean),
  },
  {
    name: 'network_mode = local.cfg.mode (an object local)',
    expect: ['HD-C11'],
    level: 'error',
    build: (s, f) => {
      new TerraformLocal(s, 'cfg', { mode: 'host', name: 'web' });
      setAttr(f.container, 'network_mode', '${local.cfg.mode}');
    },
  },
  {
    name: 'pid_mode = local.a, local.a = local.b, local.b = "host" (chained locals)',
    expect: ['HD-C11'],
    level: 'error',
    build: (s, f) => {
      const b = new TerraformLocal(s, 'b', 'host');
      const a = new TerraformLocal(s, 'a', b.asString);
      setAttr(f.container, 'pid_mode', a.asString);
    },
  },
  { name: 'network_mode = lower("HOST")', expect: ['HD-C11'], level: 'error', build: (_s, f) => setAttr(f.container, 'network_mode', Fn.lower('HOST')) },
  { name: 'network_mode = join("", ["ho", "st"])', expect: ['HD-C11'], level: 'error', build: (_s, f) => setAttr(f.container, 'network_mode', Fn.join('', ['ho', 'st'])) },
  { name: 'ipc_mode = replace("hxst", "x", "o")', expect: ['HD-C11'], level: 'error', build: (_s, f) => setAttr(f.container, 'ipc_mode', Fn.replace('hxst', 'x', 'o')) },
  { name: 'privileged = tobool("true")', expect: ['HD-C01'], level: 'error', build: (_s, f) => setAttr(f.container, 'privileged', Fn.tobool('true')) },
  { name: 'user = tostring(0)', expect: ['HD-C06'], level: 'error', build: (_s, f) => setAttr(f.container, 'user', Fn.tostring(0)) },
  { name: 'read_only = tobool("false")', expect: ['HD-C07'], level: 'error', build: (_s, f) => setAttr(f.container, 'read_only', Fn.tobool('false')) },
  {
    name: 'security_opts "seccomp=${jsonencode({})}" (an empty profile installs no filter)',
    expect: ['HD-C03'],
    level: 'error',
    build: (_s, f) => setAttr(f.container, 'security_opts', ['no-new-privileges', `seccomp=${Fn.jsonencode({})}`]),
  },
  {
    name: 'security_opts "seccomp=${jsonencode({defaultAction = "SCMP_ACT_ALLOW"})}"',
    expect: ['HD-C03'],
    level: 'error',
    build: (_s, f) => setAttr(f.container, 'security_opts', ['no-new-privileges', `seccomp=${Fn.jsonencode({ defaultAction: 'SCMP_ACT_ALLOW' })}`]),
  },
  {
    name: 'network_mode = "${true ? "host" : "none"}" (conditional)',
    expect: ['HD-C11'],
    level: 'error',
    build: (_s, f) => setAttr(f.container, 'network_mode', '${true ? "host" : "none"}'),
  },
  {
    name: 'network_mode = Fn.conditional(true, "host", "none")',
    expect: ['HD-C11'],
    level: 'error',
    build: (_s, f) => setAttr(f.container, 'network_mode', Fn.conditional(true, 'host', 'none')),
  },
  {
    name: 'network_mode = "${terraform.workspace == "default" ? "host" : "none"}" (workspace: known only at plan)',
    expect: ['HD-C11', 'HD-C27', 'HD-C33'],
    level: 'error',
    build: (_s, f) => setAttr(f.container, 'network_mode', '${terraform.workspace == "default" ? "host" : "none"}'),
  },
  {
    name: 'privileged = coalesce(var.maybe, true) (nullable variable, default null)',
    expect: ['HD-C01'],
    level: 'error',
    build: (s, f) => {
      s.addOverride('variable.maybe', { type: 'bool', nullable: true, default: null });
      setAttr(f.container, 'privileged', '${coalesce(var.maybe, true)}');
    },
  },
];

const REFERENCES: Case[] = [
  {
    name: 'user = docker_image.x.image_id (computed at apply: unverifiable)',
    expect: ['HD-C06', 'HD-C16'],
    build: (s, f) => {
      const img = new Image(s, 'x', { name: PINNED });
      setAttr(f.container, 'user', img.imageId);
    },
  },
  {
    name: 'network_mode = docker_network.n.id (computed at apply: unverifiable)',
    expect: ['HD-C11', 'HD-C27', 'HD-C33'],
    build: (s, f) => {
      const n = new Network(s, 'n', { name: 'n', internal: true, options: { 'com.docker.network.bridge.enable_icc': 'false' } });
      setAttr(f.container, 'network_mode', n.id);
    },
  },
  {
    name: 'network_mode = data.docker_network.h.name, the data source named "host"',
    expect: ['HD-C11'],
    level: 'error',
    build: (s, f) => setAttr(f.container, 'network_mode', new DataDockerNetwork(s, 'h', { name: 'host' }).name),
  },
  {
    name: 'privileged = docker_image.x.keep_locally (a literal true in another resource)',
    expect: ['HD-C01'],
    level: 'error',
    build: (s, f) => {
      const img = new Image(s, 'x', { name: PINNED, keepLocally: true });
      setAttr(f.container, 'privileged', img.keepLocally);
    },
  },
  {
    name: 'privileged = "${ docker_image.x.keep_locally }" (blanks in the reference)',
    expect: ['HD-C01'],
    level: 'error',
    build: (s, f) => {
      new Image(s, 'x', { name: PINNED, keepLocally: true });
      setAttr(f.container, 'privileged', '${ docker_image.x.keep_locally }');
    },
  },
  {
    name: 'security_opts ["seccomp=${docker_image.x.repo_digest}"] (computed profile: unverifiable)',
    expect: ['HD-C03', 'HD-C31', 'HD-C32', 'HD-C04', 'HD-C05', 'HD-C24'],
    build: (s, f) => {
      const img = new Image(s, 'x', { name: PINNED });
      setAttr(f.container, 'security_opts', ['no-new-privileges', `seccomp=${img.repoDigest}`]);
    },
  },
  {
    name: 'image = docker_image.x.image_id where docker_image.x.name = var.tag (no default)',
    expect: ['HD-C22', 'HD-I01'],
    level: 'error',
    build: (s, f) => {
      const tag = new TerraformVariable(s, 'tag', { type: 'string' });
      const img = new Image(s, 'x', { name: tag.stringValue });
      setAttr(f.container, 'image', img.imageId);
    },
  },
];

/** More functions and expressions of literals (all evaluate at plan to the weak value). */
const MORE_EXPRESSIONS: Case[] = [
  { name: 'security_opts = concat(["no-new-privileges"], ["seccomp=unconfined"])', expect: ['HD-C03'], level: 'error', build: (_s, f) => setAttr(f.container, 'security_opts', '${concat(["no-new-privileges"], ["seccomp=unconfined"])}') },
  { name: 'security_opts = [for o in [...] : o] (for expression)', expect: ['HD-C03'], level: 'error', build: (_s, f) => setAttr(f.container, 'security_opts', '${[for o in ["no-new-privileges", "seccomp=unconfined"] : o]}') },
  { name: 'security_opts "${"seccomp=${"unconfined"}"}" (nested template)', expect: ['HD-C03'], level: 'error', build: (_s, f) => setAttr(f.container, 'security_opts', ['no-new-privileges', '${"seccomp=${"unconfined"}"}']) },
  {
    name: 'security_opts "seccomp=${file("profile.json")}" (a file read at plan: unverifiable)',
    expect: ['HD-C03', 'HD-C31', 'HD-C32', 'HD-C04', 'HD-C05', 'HD-C24'],
    note: 'the catalogue recommends seccomp=${file(...)}; the file is outside the JSON, so fail-closed.md §5 makes it a finding',
    build: (_s, f) => setAttr(f.container, 'security_opts', ['no-new-privileges', 'seccomp=${file("profile.json")}']),
  },
  { name: 'capabilities.add = split(",", "SYS_ADMIN,CHOWN")', expect: ['HD-C08'], level: 'error', build: (_s, f) => setAttr(f.container, 'capabilities', { drop: ['ALL'], add: '${split(",", "SYS_ADMIN,CHOWN")}' }) },
  { name: 'user = format("%d", 0)', expect: ['HD-C06'], level: 'error', build: (_s, f) => setAttr(f.container, 'user', '${format("%d", 0)}') },
  { name: 'user = split(":", "0:0")[0]', expect: ['HD-C06'], level: 'error', build: (_s, f) => setAttr(f.container, 'user', '${split(":", "0:0")[0]}') },
  { name: 'privileged = contains(["a"], "a")', expect: ['HD-C01'], level: 'error', build: (_s, f) => setAttr(f.container, 'privileged', '${contains(["a"], "a")}') },
  { name: 'network_mode = element(["none", "host"], 1)', expect: ['HD-C11'], level: 'error', build: (_s, f) => setAttr(f.container, 'network_mode', '${element(["none", "host"], 1)}') },
  { name: 'network_mode = ["none", "host"][1] (index)', expect: ['HD-C11'], level: 'error', build: (_s, f) => setAttr(f.container, 'network_mode', '${["none", "host"][1]}') },
  { name: 'network_mode = lookup({a = "host"}, "a", "none")', expect: ['HD-C11'], level: 'error', build: (_s, f) => setAttr(f.container, 'network_mode', '${lookup({a = "host"}, "a", "none")}') },
  { name: 'network_mode = jsondecode("\"host\"")', expect: ['HD-C11'], level: 'error', build: (_s, f) => setAttr(f.container, 'network_mode', '${jsondecode("\"host\"")}') },
  { name: 'network_mode = base64decode("aG9zdA==")', expect: ['HD-C11'], level: 'error', build: (_s, f) => setAttr(f.container, 'network_mode', '${base64decode("aG9zdA==")}') },
  { name: 'network_mode = replace("hXst", "/[A-Z]/", "o") (regex replace)', expect: ['HD-C11'], level: 'error', build: (_s, f) => setAttr(f.container, 'network_mode', '${replace("hXst", "/[A-Z]/", "o")}') },
  { name: 'network_mode = trimspace(" host ")', expect: ['HD-C11'], level: 'error', build: (_s, f) => setAttr(f.container, 'network_mode', '${trimspace(" host ")}') },
  {
    name: 'network_mode = try(local.m["missing"], "host") (local.m = {})',
    expect: ['HD-C11'],
    level: 'error',
    build: (s, f) => { s.addOverride('locals.m', {}); setAttr(f.container, 'network_mode', '${try(local.m["missing"], "host")}'); },
  },
  {
    name: 'network_mode = local.m["k"] (local.m = {k = "host"})',
    expect: ['HD-C11'],
    level: 'error',
    build: (s, f) => { s.addOverride('locals.m', { k: 'host' }); setAttr(f.container, 'network_mode', '${local.m["k"]}'); },
  },
  { name: 'memory = max(0, -5) (0: unlimited)', expect: ['HD-C09'], level: 'error', build: (_s, f) => setAttr(f.container, 'memory', '${max(0, -5)}') },
];

/** Values that come from outside the stack's JSON at plan time. */
const OUTSIDE: Case[] = [
  {
    name: 'user from another stack (cdktf cross-stack reference: remote state output)',
    expect: ['HD-C06', 'HD-C16'],
    note: 'the value travels through terraform_remote_state: known only at plan time of this stack',
    build: (s, f) => {
      const other = new TerraformStack(s.node.root, 'other');
      const l = new TerraformLocal(other, 'u', '0');
      setAttr(f.container, 'user', l.asString);
    },
  },
  {
    name: 'provider host = var.host (no default)',
    expect: ['HD-P01'],
    level: 'error',
    build: (s, f) => f.provider.addOverride('host', new TerraformVariable(s, 'host', { type: 'string' }).stringValue),
  },
  {
    name: 'provider host ssh:// with ssh_opts = var.opts (no default)',
    expect: ['HD-P02', 'HD-P01'],
    build: (s, f) => {
      f.provider.addOverride('host', 'ssh://deploy@10.0.0.1');
      f.provider.addOverride('ssh_opts', new TerraformVariable(s, 'opts', { type: 'list(string)' }).listValue);
    },
  },
];

describe('variables: a variable is never a known value', () => runCases(VARIABLES));
describe('more functions and expressions of literals', () => runCases(MORE_EXPRESSIONS));
describe('values from outside the stack (other stacks, plan-time inputs)', () => runCases(OUTSIDE));
describe('locals, functions and conditionals of literals are evaluated', () => runCases(LOCALS_AND_FUNCTIONS));
describe('references to other resources and data sources are followed or unverifiable', () => runCases(REFERENCES));

describe('expressions that evaluate to compliant values (negative cases)', () => {
  test.each([
    { name: 'network_mode = local.mode ("none")', build: (s: any, f: any) => setAttr(f.container, 'network_mode', new TerraformLocal(s, 'mode', 'none').asString) },
    { name: 'user = local.user ("10001:10001")', build: (s: any, f: any) => setAttr(f.container, 'user', new TerraformLocal(s, 'user', '10001:10001').asString) },
    { name: 'read_only = tobool("true")', build: (_s: any, f: any) => setAttr(f.container, 'read_only', Fn.tobool('true')) },
  ].map((c) => [c.name, c] as const))('%s', (_n, c) => expectNoNewFinding(c));
});
