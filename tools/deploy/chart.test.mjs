// Tests of the rendered Helm chart (helm template, no cluster): what the NetworkPolicies
// allow, and what values.schema.json refuses. Run by tools/deploy/check-chart.sh (make
// check-chart, part of make test): HELM=<helm binary> node --test tools/deploy/chart.test.mjs
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml');

const root = new URL('../../', import.meta.url).pathname;
const helm = process.env.HELM ?? 'helm';
const chart = join(root, 'deploy/helm/codex');
const exampleFile = join(root, 'deploy/helm/example-values.yaml');
const example = yaml.load(readFileSync(exampleFile, 'utf8'));
const release = 'codex';
const services = [
  'gateway',
  'aetherium',
  'hall-of-faces',
  'great-library',
  'engine-core',
  'oracle',
];
const scratch = mkdtempSync(join(tmpdir(), 'codex-chart-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function render(args = []) {
  const out = execFileSync(helm, ['template', release, chart, '-f', exampleFile, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return yaml.loadAll(out).filter(Boolean);
}

/** helm template with a values file; returns helm's error text (fails if it rendered). */
function refusal(values) {
  const result = spawnSync(helm, ['template', release, chart, '-f', writeValues(values)], {
    encoding: 'utf8',
  });
  assert.notEqual(result.status, 0, 'helm rendered values it should refuse');
  return result.stderr;
}

const matches = (selector, labels) =>
  Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
  (selector.matchExpressions ?? []).length === 0;

function ipToInt(ip) {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}
function inCidr(ip, cidr) {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipToInt(base) / size) * size;
  return ipToInt(ip) >= start && ipToInt(ip) < start + size;
}

/** Does an egress rule let a pod reach ip:port (TCP)? Selector peers name pods, not this address. */
function ruleAllows(rule, ip, port) {
  const portOk =
    !rule.ports ||
    rule.ports.some(
      (p) =>
        (p.protocol ?? 'TCP') === 'TCP' &&
        (p.port === undefined || (p.port <= port && port <= (p.endPort ?? p.port))),
    );
  const peerOk =
    !rule.to ||
    rule.to.some(
      (peer) =>
        peer.ipBlock &&
        inCidr(ip, peer.ipBlock.cidr) &&
        !(peer.ipBlock.except ?? []).some((c) => inCidr(ip, c)),
    );
  return portOk && peerOk;
}

describe('network policies rendered from the example values', () => {
  const objects = render();
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const podLabels = (name) => ({
    'app.kubernetes.io/instance': release,
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/component': name,
    'app.kubernetes.io/part-of': 'codex',
  });
  const policiesOf = (labels, type) =>
    policies.filter(
      (p) => matches(p.spec.podSelector, labels) && p.spec.policyTypes.includes(type),
    );
  const databases = Object.fromEntries(
    services
      .filter((s) => example.services[s]?.database)
      .map((s) => {
        const { url } = example.services[s].database;
        const { hostname, port } = new URL(url);
        return [s, { ip: hostname, port: Number(port || 5432) }];
      }),
  );

  test('every pod of the release, migration jobs included, is under a deny-by-default policy', () => {
    const pods = objects
      .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
      .map((o) => ({ name: o.metadata.name, labels: o.spec.template.metadata.labels }));
    assert.equal(pods.length, 11);
    for (const pod of pods) {
      for (const type of ['Ingress', 'Egress']) {
        assert.ok(policiesOf(pod.labels, type).length > 0, `${pod.name} has no ${type} policy`);
      }
    }
  });

  test('no service can reach another service’s database, and each reaches its own', () => {
    assert.equal(Object.keys(databases).length, 5);
    for (const service of services) {
      const egress = policiesOf(podLabels(service), 'Egress').flatMap((p) => p.spec.egress ?? []);
      for (const [owner, db] of Object.entries(databases)) {
        const reachable = egress.some((rule) => ruleAllows(rule, db.ip, db.port));
        if (owner === service) assert.ok(reachable, `${service} cannot reach its own database`);
        else
          assert.ok(!reachable, `${service} can reach ${owner}'s database at ${db.ip}:${db.port}`);
      }
    }
  });

  test('only the gateway takes ingress from outside the release', () => {
    const gatewayIngress = policiesOf(podLabels('gateway'), 'Ingress').flatMap(
      (p) => p.spec.ingress ?? [],
    );
    assert.ok(gatewayIngress.length > 0, 'the gateway takes no ingress');
    for (const service of services.filter((s) => s !== 'gateway')) {
      for (const rule of policiesOf(podLabels(service), 'Ingress').flatMap(
        (p) => p.spec.ingress ?? [],
      )) {
        assert.ok(rule.from?.length, `${service} takes ingress from anywhere`);
        for (const peer of rule.from) {
          assert.deepEqual(
            Object.keys(peer),
            ['podSelector'],
            `${service} takes ingress from ${JSON.stringify(peer)}`,
          );
          assert.equal(peer.podSelector.matchLabels?.['app.kubernetes.io/instance'], release);
        }
      }
    }
  });

  test('a domain service takes ingress from the gateway only (aetherium also from the oracle); hall-of-faces (its key set) from the release', () => {
    for (const service of ['aetherium', 'great-library', 'engine-core', 'oracle']) {
      const peers = policiesOf(podLabels(service), 'Ingress')
        .flatMap((p) => p.spec.ingress ?? [])
        .flatMap((r) => r.from);
      const allowed = service === 'aetherium' ? ['gateway', 'oracle'] : ['gateway'];
      for (const peer of peers) {
        assert.ok(
          allowed.includes(peer.podSelector.matchLabels['app.kubernetes.io/component']),
          `${service} takes ingress from ${JSON.stringify(peer)}`,
        );
      }
    }
  });

  test('the oracle reaches aetherium’s port, and aetherium takes ingress from the oracle', () => {
    const port = example.services.aetherium.port ?? 8080;
    const selects = (rule, peers, name) =>
      rule.ports?.some((p) => p.port === port) &&
      peers?.some((peer) => peer.podSelector && matches(peer.podSelector, podLabels(name)));
    const oracleEgress = policiesOf(podLabels('oracle'), 'Egress').flatMap(
      (p) => p.spec.egress ?? [],
    );
    assert.ok(
      oracleEgress.some((rule) => selects(rule, rule.to, 'aetherium')),
      'the oracle cannot reach aetherium',
    );
    const aetheriumIngress = policiesOf(podLabels('aetherium'), 'Ingress').flatMap(
      (p) => p.spec.ingress ?? [],
    );
    assert.ok(
      aetheriumIngress.some((rule) => selects(rule, rule.from, 'oracle')),
      'aetherium refuses the oracle',
    );
    // Nor does any other domain service reach aetherium.
    for (const service of ['hall-of-faces', 'great-library', 'engine-core']) {
      assert.ok(
        !aetheriumIngress.some((rule) => selects(rule, rule.from, service)),
        `aetherium takes ingress from ${service}`,
      );
    }
  });
});

describe('the oracle’s aetherium URL and LLM settings', () => {
  const oracleOf = (objects, kind = 'Deployment') =>
    objects.find(
      (o) =>
        o.kind === kind &&
        o.metadata.name === (kind === 'Job' ? 'codex-oracle-migrate' : 'codex-oracle'),
    ).spec.template.spec.containers[0].env;
  const envOf = (env, name) => env.find((e) => e.name === name);
  const https443 = (objects) =>
    objects
      .filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'codex-oracle')
      .flatMap((p) => p.spec.egress ?? [])
      .some((rule) => ruleAllows(rule, '203.0.113.10', 443));

  test('the oracle gets AETHERIUM_URL, the LLM settings as env, and no key nor port 443 without one', () => {
    const objects = render();
    const env = oracleOf(objects);
    assert.equal(envOf(env, 'AETHERIUM_URL').value, 'http://codex-aetherium');
    assert.equal(envOf(env, 'LLM_BASE_URL').value, example.services.oracle.llm.baseUrl);
    assert.equal(envOf(env, 'LLM_MODELS').value, example.services.oracle.llm.models);
    assert.equal(envOf(env, 'LLM_MONTHLY_TOKEN_BUDGET').value, '2000000');
    assert.equal(envOf(env, 'LLM_MONTHLY_TOKEN_CAP').value, '5000000');
    assert.equal(envOf(env, 'LLM_API_KEY'), undefined);
    assert.ok(!https443(objects), 'the oracle egresses to port 443 with no LLM key');
  });

  test('an apiKey goes into a created Secret the oracle reads (never plain env), not the migration Job; port 443 opens', () => {
    const objects = render(['--set', 'services.oracle.llm.apiKey=sk-test']);
    const key = envOf(oracleOf(objects), 'LLM_API_KEY');
    assert.equal(key.value, undefined);
    assert.deepEqual(key.valueFrom.secretKeyRef, { name: 'codex-llm', key: 'LLM_API_KEY' });
    const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'codex-llm');
    assert.equal(secret.stringData.LLM_API_KEY, 'sk-test');
    assert.equal(envOf(oracleOf(objects, 'Job'), 'LLM_API_KEY'), undefined);
    const migrate = objects.find(
      (o) => o.kind === 'Secret' && o.metadata.name === 'codex-oracle-migrate',
    );
    assert.ok(!('LLM_API_KEY' in migrate.stringData), 'the migration hook Secret holds the key');
    assert.ok(https443(objects), 'the oracle cannot reach its LLM API');
    const privateLlm = objects
      .filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'codex-oracle')
      .flatMap((p) => p.spec.egress ?? [])
      .some((rule) => ruleAllows(rule, '10.1.2.3', 443));
    assert.ok(!privateLlm, 'the oracle reaches private addresses on 443');
  });

  test('an existingSecret stands in for apiKey', () => {
    const objects = render([
      '--set',
      'services.oracle.llm.apiKey=sk-test',
      '--set',
      'services.oracle.llm.existingSecret=codex-llm-key',
    ]);
    const key = envOf(oracleOf(objects), 'LLM_API_KEY');
    assert.deepEqual(key.valueFrom.secretKeyRef, { name: 'codex-llm-key', key: 'LLM_API_KEY' });
    assert.ok(!objects.some((o) => o.kind === 'Secret' && o.metadata.name === 'codex-llm'));
    assert.ok(https443(objects), 'the oracle cannot reach its LLM API');
  });
});

describe('pods rendered from the example values', () => {
  const objects = render();
  const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job');

  test('every pod runs non-root, read-only, without capabilities, under RuntimeDefault seccomp and without a token', () => {
    for (const { metadata, spec } of workloads) {
      const pod = spec.template.spec;
      assert.equal(pod.automountServiceAccountToken, false, metadata.name);
      assert.equal(pod.securityContext.runAsNonRoot, true, metadata.name);
      assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault', metadata.name);
      for (const container of pod.containers) {
        const context = container.securityContext;
        assert.equal(context.readOnlyRootFilesystem, true, metadata.name);
        assert.equal(context.allowPrivilegeEscalation, false, metadata.name);
        assert.deepEqual(context.capabilities.drop, ['ALL'], metadata.name);
        assert.ok(container.resources.requests.cpu, `${metadata.name} requests no CPU`);
      }
    }
  });

  test('each service probes the platform’s health endpoints and spreads over nodes and zones', () => {
    for (const { metadata, spec } of workloads.filter((o) => o.kind === 'Deployment')) {
      const pod = spec.template.spec;
      const [container] = pod.containers;
      assert.equal(container.livenessProbe.httpGet.path, '/health/live', metadata.name);
      assert.equal(container.readinessProbe.httpGet.path, '/health/ready', metadata.name);
      assert.deepEqual(
        pod.topologySpreadConstraints.map((c) => c.topologyKey),
        ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'],
      );
    }
  });

  test('aetherium, engine-core, hall-of-faces and great-library read the same KEK; the images carry the appVersion', () => {
    const env = (name) =>
      objects
        .find((o) => o.kind === 'Deployment' && o.metadata.name === `codex-${name}`)
        .spec.template.spec.containers[0].env.find((e) => e.name === 'CREDENTIALS_KEK');
    assert.deepEqual(env('aetherium').valueFrom, env('engine-core').valueFrom);
    assert.deepEqual(env('aetherium').valueFrom, env('hall-of-faces').valueFrom);
    assert.deepEqual(env('aetherium').valueFrom, env('great-library').valueFrom);
    const { appVersion } = yaml.load(readFileSync(join(chart, 'Chart.yaml'), 'utf8'));
    for (const { spec } of workloads) {
      assert.match(spec.template.spec.containers[0].image, new RegExp(`/[a-z-]+:${appVersion}$`));
    }
  });
});

describe('values.schema.json refuses bad values, naming them', () => {
  const clone = () => structuredClone(example);

  test('a wrong type', () => {
    const values = clone();
    values.services.gateway = { replicas: 'two' };
    assert.match(
      refusal(values),
      /services\.gateway\.replicas: Invalid type\. Expected: integer, given: string/,
    );
  });

  test('an unknown key under a service', () => {
    const values = clone();
    values.services.oracle.replicaz = 3;
    assert.match(refusal(values), /services\.oracle: Additional property replicaz is not allowed/);
  });

  test('an LLM base URL that is not http(s), and an unknown LLM setting', () => {
    const values = clone();
    values.services.oracle.llm.baseUrl = 'api.deepinfra.com';
    assert.match(refusal(values), /services\.oracle\.llm\.baseUrl: Does not match pattern/);
    const unknown = clone();
    unknown.services.oracle.llm.key = 'sk-test';
    assert.match(refusal(unknown), /services\.oracle\.llm: Additional property key is not allowed/);
  });

  test('a missing required secret: the KEK', () => {
    const values = clone();
    delete values.credentials.kek;
    assert.match(refusal(values), /credentials: kek is required/);
  });

  test('a missing required secret: a database URL', () => {
    const values = clone();
    delete values.services['engine-core'].database.url;
    // The chart's default is '', so the URL is present but empty.
    assert.match(
      refusal(values),
      /services\.engine-core\.database\.url: Does not match pattern '\^postgres\(ql\)\?:\/\/'/,
    );
  });

  test('a KEK that is not 32 bytes of base64', () => {
    const values = clone();
    values.credentials.kek = 'c2hvcnQ=';
    assert.match(refusal(values), /credentials\.kek: Does not match pattern/);
  });

  test('an existingSecret stands in for a created secret', () => {
    const values = clone();
    delete values.credentials.kek;
    values.credentials.existingSecret = 'codex-kek';
    const objects = yaml.loadAll(
      execFileSync(helm, ['template', release, chart, '-f', writeValues(values)], {
        encoding: 'utf8',
      }),
    );
    const aetherium = objects.find(
      (o) => o?.kind === 'Deployment' && o.metadata.name === 'codex-aetherium',
    );
    const kek = aetherium.spec.template.spec.containers[0].env.find(
      (e) => e.name === 'CREDENTIALS_KEK',
    );
    assert.equal(kek.valueFrom.secretKeyRef.name, 'codex-kek');
    assert.ok(
      !objects.some((o) => o?.kind === 'Secret' && o.metadata.name === 'codex-credentials'),
    );
  });
});

describe('optional objects follow the cluster’s APIs', () => {
  test('KEDA ScaledObject and ServiceMonitor only when their CRDs exist', () => {
    const withLag = ['--set', 'services.engine-core.kafkaLagScaling.enabled=true'];
    const plain = render(withLag);
    assert.ok(!plain.some((o) => o.kind === 'ScaledObject' || o.kind === 'ServiceMonitor'));
    assert.equal(plain.filter((o) => o.kind === 'HorizontalPodAutoscaler').length, 6);
    const rich = render([
      ...withLag,
      '--api-versions',
      'keda.sh/v1alpha1/ScaledObject',
      '--api-versions',
      'monitoring.coreos.com/v1/ServiceMonitor',
    ]);
    assert.deepEqual(
      rich.filter((o) => o.kind === 'ScaledObject').map((o) => o.metadata.name),
      ['codex-engine-core'],
    );
    assert.equal(rich.filter((o) => o.kind === 'HorizontalPodAutoscaler').length, 5);
    assert.equal(rich.filter((o) => o.kind === 'ServiceMonitor').length, 1);
  });
});

function writeValues(values) {
  const file = join(scratch, `values-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml.dump(values));
  return file;
}
