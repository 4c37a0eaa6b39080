import { Container } from '@cdktf/provider-docker/lib/container';
import { Network } from '@cdktf/provider-docker/lib/network';
import { Volume } from '@cdktf/provider-docker/lib/volume';
import { TerraformStack } from 'cdktf';
import { Case, check, COMPLIANT, expectNoNewFinding, Fixture, fixture, override, runCases, setAttr } from './harness';

/**
 * Red-team round 4: places where the value layer evaluates a configuration DIFFERENTLY from Terraform (rather than
 * giving up), and a reference follower that answers too much. Each case is a configuration Terraform accepts whose
 * applied value is insecure while the checks compute a safe one (no new unsuppressed finding against its baseline
 * today). Upstream facts are cited from the mirrors: hashicorp/hcl (HEAD 2efc266), zclconf/go-cty v1.18.1,
 * kreuzwerker/terraform-provider-docker v3.6.2, and Terraform's function table (internal/lang/functions.go:
 * element, distinct = cty stdlib.ElementFunc/DistinctFunc, substr = stdlib.SubstrFunc, try = tryfunc.TryFunc).
 */

/** Mounts the docker_volume named `hostdata` read-only at /data through volumes.volume_name. */
const viaVolumeName = (f: Fixture) => setAttr(f.container, 'volumes', [{ volume_name: 'hostdata', container_path: '/data', read_only: true }]);
const plainVolume = (s: TerraformStack, f: Fixture) => {
  new Volume(s, 'v', { name: 'hostdata', driver: 'local' });
  viaVolumeName(f);
};

// ---------------------------------------------------------------------------------------------------------------
// 1. HCL JSON: property names of an object EXPRESSION are templates (map attributes, locals, variable defaults)
// ---------------------------------------------------------------------------------------------------------------
const KEY_TEMPLATE_NOTE = 'hcl json/structure.go (expression.Value, case *objectVal, L435-446): "In this one context we allow keys to ' +
  'contain interpolation expressions too": each property name of a JSON object used as an expression is evaluated as a ' +
  'template and converted to string (duplicates after evaluation are an error, L487-493). StackValues.evaluateJson and ' +
  'convert() evaluate only the values and keep the raw key text, so the key the provider receives is never the key a ' +
  'rule looks up.';

const KEYS: Case[] = [
  {
    name: 'docker_volume driver_opts {"type": "none", "o": "bind", "${"device"}": "/"} (a templated key is the key "device")',
    expect: ['HD-C12', 'HD-C02'],
    level: 'error',
    note: `${KEY_TEMPLATE_NOTE} Terraform passes driver_opts {type=none, o=bind, device=/} (provider 3.6.2 resource_docker_volume.go ` +
      'passes driver_opts verbatim to VolumeCreate); moby volume/local mounts("/", …, "none", "bind"): the host root. ' +
      'volumeHostData reads o.device, which is absent under its raw name "${"device"}".',
    build: (s, f) => {
      new Volume(s, 'v', { name: 'hostdata', driver: 'local', driverOpts: { 'type': 'none', 'o': 'bind', '${"device"}': '/' } });
      viaVolumeName(f);
    },
    baseline: plainVolume,
  },
  {
    name: 'sysctls {"net.ipv4.ip_unprivileged_port_${"start"}": "0"} (templated key: every port is unprivileged)',
    expect: ['HD-C26', 'HD-C38'],
    note: `${KEY_TEMPLATE_NOTE} The container gets net.ipv4.ip_unprivileged_port_start=0; HD-C26 looks the literal key up and ` +
      'finds nothing, HD-C38 sees no sysctl to judge either.',
    build: override('sysctls', { 'net.ipv4.ip_unprivileged_port_${"start"}': '0', 'net.ipv4.ping_group_range': '1 0' }),
  },
  {
    name: 'docker_network options {"com.docker.network.bridge.gateway_mode_${"ipv4"}": "nat-unprotected"}',
    expect: ['HD-N03'],
    note: `${KEY_TEMPLATE_NOTE} The engine gets com.docker.network.bridge.gateway_mode_ipv4=nat-unprotected (unpublished ports ` +
      'reachable from the host\'s networks, fail-closed.md §3); HD-N03 reads the literal option key only.',
    build: (s) => new Network(s, 'gw', { name: 'gw', options: { 'com.docker.network.bridge.enable_icc': 'false', 'com.docker.network.bridge.gateway_mode_${"ipv4"}': 'nat-unprotected' } }),
    baseline: (s) => new Network(s, 'gw', { name: 'gw', options: { 'com.docker.network.bridge.enable_icc': 'false' } }),
  },
  {
    name: 'network_mode = lookup(local.modes, "net", "none") with locals.modes = {"${"net"}": "host"}',
    expect: ['HD-C11'],
    level: 'error',
    note: `${KEY_TEMPLATE_NOTE} A local is an expression, so local.modes is {net = "host"} and lookup() returns "host" (host ` +
      'network namespace, CIS 5.9). The value layer builds {"${"net"}": "host"}, lookup() misses and yields the default "none".',
    build: (s, f) => {
      s.addOverride('locals.modes', { '${"net"}': 'host' });
      setAttr(f.container, 'network_mode', '${lookup(local.modes, "net", "none")}');
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// 2. Operators and functions whose cty semantics the value layer gets wrong (a wrong known value, not UNKNOWN)
// ---------------------------------------------------------------------------------------------------------------
const SEMANTICS: Case[] = [
  {
    name: 'network_mode = tolist(["a"]) == ["a"] ? "none" : "host" (a list never equals a tuple in cty)',
    expect: ['HD-C11'],
    level: 'error',
    note: 'hclsyntax/expression_ops.go L105: == is stdlib.EqualFunc (DynamicPseudoType params, no conversion), which calls ' +
      'Value.Equals; go-cty v1.18.1 cty/value_ops.go L250-252: "if !val.ty.Equals(other.ty) { return BoolVal(false) }". ' +
      'list(string) vs tuple([string]) is false, so Terraform picks "host". evalBinary compares jsonEncode() texts, which ' +
      'carry no type: true, "none".',
    build: override('network_mode', '${tolist(["a"]) == ["a"] ? "none" : "host"}'),
  },
  {
    name: 'network_mode = try(element(["none"], 0.5), "host") (element() refuses a fractional index)',
    expect: ['HD-C11'],
    level: 'error',
    note: 'go-cty v1.18.1 stdlib/collection.go ElementFunc L164-168, L183-187: gocty.FromCtyValue(index, &int) and ' +
      'gocty/out.go L168-170 "value must be a whole number" for 0.5: an error, so try() returns "host". The value layer ' +
      'floors the index (Math.floor) and returns "none".',
    build: override('network_mode', '${try(element(["none"], 0.5), "host")}'),
  },
  {
    name: 'network_mode = coalesce(substr("host", -4, 0), "none") (cty: a negative offset skips the length-0 shortcut)',
    expect: ['HD-C11'],
    level: 'error',
    note: 'go-cty v1.18.1 stdlib/string.go SubstrFunc L165-185: for offset < 0 the offset is moved by the length (to 0) and ' +
      'the `length == 0` short-circuit is in the else branch, so it is skipped; the seek loop (L216-224) never reaches ' +
      'pos == 0 and keeps the whole string: substr("host", -4, 0) = "host". JS slice(0, 0) gives "", and coalesce() then "none".',
    build: override('network_mode', '${coalesce(substr("host", -4, 0), "none")}'),
  },
  {
    name: 'network_mode = coalesce(substr("host", -6, 4), "none") (an offset before the start is clamped, not wrapped)',
    expect: ['HD-C11'],
    level: 'error',
    note: 'go-cty v1.18.1 stdlib/string.go SubstrFunc L165-206: offset -6 + 4 = -2 is not > 0, so the seek is skipped and the ' +
      'result starts at the beginning: "host". The value layer computes start = -2 and JS slice(-2, 2) wraps it from the end ' +
      'again: "", so coalesce() yields "none".',
    build: override('network_mode', '${coalesce(substr("host", -6, 4), "none")}'),
  },
  {
    name: 'network_mode = length(distinct(["1", 1])) == 2 ? "none" : "host" (distinct converts to one element type first)',
    expect: ['HD-C11'],
    level: 'error',
    note: 'go-cty v1.18.1 stdlib/collection.go L378-385: DistinctFunc\'s parameter is cty.List(cty.DynamicPseudoType), so the ' +
      'tuple ["1", 1] is converted to list(string) ["1", "1"] before de-duplication: one element, "host". The value layer ' +
      'de-duplicates by jsonEncode text ("1" vs 1) without the conversion: two elements, "none".',
    build: override('network_mode', '${length(distinct(["1", 1])) == 2 ? "none" : "host"}'),
  },
  {
    name: 'network_mode = tolist(docker_container.h.dns_search)[0] with dns_search = ["none", "host"] (a set attribute iterates sorted)',
    expect: ['HD-C11'],
    level: 'error',
    note: 'provider 3.6.2 resource_docker_container.go L202-205: dns_search is schema.TypeSet, so Terraform holds h\'s value as ' +
      'set(string), whose elements cty iterates in lexical order: tolist() is ["host", "none"] and [0] is "host". ' +
      'provider-schema.ts types every set as a list, so StackValues.element returns the configuration order ["none", "host"].',
    build: (s, f) => {
      new Container(s, 'h', { ...COMPLIANT, name: 'h', dnsSearch: ['none', 'host'] });
      setAttr(f.container, 'network_mode', '${tolist(docker_container.h.dns_search)[0]}');
    },
    baseline: (s) => { new Container(s, 'h', { ...COMPLIANT, name: 'h', dnsSearch: ['none', 'host'] }); },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// 3. StackView.referenced without a type answers any reference (HD-P01)
// ---------------------------------------------------------------------------------------------------------------
const REFERENCES: Case[] = [
  {
    name: 'provider host tcp://…:2376 with cert_path = terraform_data.tls.output (input "": no TLS material at all)',
    expect: ['HD-P01'],
    level: 'error',
    note: 'P01 counts material as set when stack.referenced(v) returns anything; with no type, referenced() follows any ' +
      'reference to a declared resource (hardening-checks.ts referenced(): the type and IDENTITY_ATTRIBUTES checks apply ' +
      'only when a type is given) and answers it. terraform_data.output mirrors input, here "". Provider 3.6.2 config.go ' +
      'L91-135: with CertPath "" and no cert/key material the client is built without TLS, so the Docker API travels in ' +
      'clear text, unauthenticated (CIS 2.7).',
    build: (s, f) => {
      s.addOverride('resource.terraform_data.tls', { input: '' });
      f.provider.addOverride('host', 'tcp://10.0.0.1:2376');
      f.provider.addOverride('cert_path', '${terraform_data.tls.output}');
    },
    baseline: (_s, f) => {
      f.provider.addOverride('host', 'tcp://10.0.0.1:2376');
      f.provider.addOverride('cert_path', '/home/ci/.docker');
    },
  },
];

describe('red team 4: JSON object keys are templates', () => runCases(KEYS));
describe('red team 4: cty semantics the value layer evaluates wrongly', () => runCases(SEMANTICS));
describe('red team 4: untyped reference following', () => runCases(REFERENCES));

// ---------------------------------------------------------------------------------------------------------------
// False positives: secure configurations (what Terraform applies is the compliant fixture) that draw an unsuppressed
// error because the value layer computes a different value than Terraform does.
// ---------------------------------------------------------------------------------------------------------------
describe('false positives', () => {
  test('network_mode = try(element(["host"], 0.5), "none") is "none" in Terraform (HD-C11 error)', () => {
    // element() errors on a fractional index, so try() falls back; the value layer floors the index and returns "host"
    expectNoNewFinding({ name: 'fractional element', build: override('network_mode', '${try(element(["host"], 0.5), "none")}') });
  });
});

/**
 * Deliberately fail closed (not modelled, so reported as "cannot verify", never judged with a guessed value):
 * - comparing collections (cty types a list and a tuple differently: `tolist(["a"]) == ["a"]` is false);
 * - a conditional whose other result is not known (HCL needs its type; inside try() a type error would change the value).
 */
describe('not modelled: reported as cannot verify', () => {
  const reported = (build: Parameters<typeof expectNoNewFinding>[0]['build']) => {
    const { s, f } = fixture();
    build(s, f);
    return check(s).filter((x) => !x.suppressed && x.ruleId === 'HD-C11' && x.findingId === 'unverifiable:network_mode');
  };
  test('tolist(["a"]) == ["a"] ? "host" : "none"', () => {
    expect(reported(override('network_mode', '${tolist(["a"]) == ["a"] ? "host" : "none"}'))).toHaveLength(1);
  });
  test('local.isolated ? "none" : var.custom_network with the variable unknown', () => {
    expect(reported((s, f) => {
      s.addOverride('locals.isolated', true);
      s.addOverride('variable.custom_network', { type: 'string' });
      setAttr(f.container, 'network_mode', '${local.isolated ? "none" : var.custom_network}');
    })).toHaveLength(1);
  });
});
