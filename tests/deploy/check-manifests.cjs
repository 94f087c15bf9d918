#!/usr/bin/env node
// Checks one rendering of deploy/k8s (`kubectl kustomize` output).
//   usage: node check-manifests.cjs <npm prefix with kubernetes-models and yaml> <base|dev|prod> <file>
// 1. Every object validates against its Kubernetes API schema (kubernetes-models: types,
//    required fields, enums). kubernetes-models does not reject unknown fields, so the
//    fields that matter are asserted one by one below.
// 2. Assertions on what the service needs in a cluster: non-root, read-only root file system,
//    no capabilities, seccomp, resources, gRPC probes on the server, HTTP probes on the
//    gateway, termination grace >= grace flag + preStop sleep + 5 s, Service port names,
//    DATABASE_URL from the Secret consent-database/url, HPA + PDB for both, NetworkPolicy,
//    migration Job, labels, prometheus annotations, per-overlay replicas and images, and TLS
//    material from optional Secrets mounted read-only.
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const [npmPrefix, target, file] = process.argv.slice(2);
if (!npmPrefix || !target || !file) {
  console.error('usage: check-manifests.cjs <npm prefix> <base|dev|prod> <rendered yaml>');
  process.exit(2);
}
const requireNpm = createRequire(path.join(path.resolve(npmPrefix), 'package.json'));
const YAML = requireNpm('yaml');

const failures = [];
let checks = 0;
function check(condition, message) {
  checks++;
  if (!condition) failures.push(message);
  return !!condition;
}

const docs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))
  .map((d) => {
    if (d.errors.length) throw new Error(`${file}: YAML error: ${d.errors[0].message}`);
    return d.toJS();
  })
  .filter((o) => o && typeof o === 'object');
check(docs.length > 0, 'nothing rendered');

// ---- 1. schema validation ---------------------------------------------------------------
function modelFor(apiVersion, kind) {
  // "v1" -> kubernetes-models/v1/Kind; "apps/v1" -> kubernetes-models/apps/v1/Kind
  const mod = requireNpm(`kubernetes-models/${apiVersion}/${kind}`);
  return mod[kind];
}
for (const o of docs) {
  const id = `${o.kind}/${o.metadata && o.metadata.name}`;
  let Model;
  try {
    Model = modelFor(o.apiVersion, o.kind);
  } catch (e) {
    check(false, `${id}: no schema for ${o.apiVersion} ${o.kind} in kubernetes-models`);
    continue;
  }
  // kustomize folds long base64 values over several lines; the API server's decoder ignores
  // the newlines, the "byte" format check here does not.
  const copy = JSON.parse(JSON.stringify(o));
  if (o.kind === 'Secret' && copy.data)
    for (const k of Object.keys(copy.data)) copy.data[k] = String(copy.data[k]).replace(/\s+/g, '');
  try {
    new Model(copy).validate();
    check(true, '');
  } catch (e) {
    check(false, `${id}: schema validation failed: ${e.message}`);
  }
}

// ---- helpers ----------------------------------------------------------------------------
const find = (kind, name) =>
  docs.find((o) => o.kind === kind && o.metadata && o.metadata.name === name);
const findAll = (kind) => docs.filter((o) => o.kind === kind);
const get = (obj, ...keys) => keys.reduce((v, k) => (v == null ? undefined : v[k]), obj);
const generated = (name) => (o) => o.metadata.name === name || o.metadata.name.startsWith(`${name}-`);

const configMaps = findAll('ConfigMap');
const secrets = findAll('Secret');
const cpuMillis = (q) => (q == null ? NaN : String(q).endsWith('m') ? parseFloat(q) : parseFloat(q) * 1000);
const portOf = (address) => Number(String(address || '').split(':').pop());

// All environment a container sees from literal env and envFrom ConfigMaps.
function environment(container) {
  const env = {};
  for (const from of container.envFrom || []) {
    const name = get(from, 'configMapRef', 'name');
    if (!name) continue;
    const cm = configMaps.find((c) => c.metadata.name === name);
    check(cm, `${container.name}: envFrom ConfigMap ${name} is not in the rendering`);
    Object.assign(env, (cm && cm.data) || {});
  }
  for (const e of container.env || []) if (e.value !== undefined) env[e.name] = e.value;
  return env;
}

function checkPodSecurity(what, podSpec) {
  const pod = podSpec.securityContext || {};
  check(podSpec.automountServiceAccountToken === false, `${what}: automountServiceAccountToken should be false`);
  for (const c of [...(podSpec.initContainers || []), ...(podSpec.containers || [])]) {
    const sc = c.securityContext || {};
    const where = `${what} container ${c.name}`;
    const nonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
    const uid = sc.runAsUser ?? pod.runAsUser;
    check(nonRoot === true, `${where}: runAsNonRoot must be true`);
    check(Number.isInteger(uid) && uid !== 0, `${where}: runAsUser must be a non-zero uid (got ${uid})`);
    check(uid === 10001, `${where}: runAsUser should be the image's uid 10001 (got ${uid})`);
    check(sc.readOnlyRootFilesystem === true, `${where}: readOnlyRootFilesystem must be true`);
    check(sc.allowPrivilegeEscalation === false, `${where}: allowPrivilegeEscalation must be false`);
    check(sc.privileged !== true, `${where}: must not be privileged`);
    const drop = get(sc, 'capabilities', 'drop') || [];
    check(drop.includes('ALL'), `${where}: capabilities.drop must include ALL`);
    check(!(get(sc, 'capabilities', 'add') || []).length, `${where}: must add no capabilities`);
    const seccomp = get(sc, 'seccompProfile', 'type') ?? get(pod, 'seccompProfile', 'type');
    check(seccomp === 'RuntimeDefault' || seccomp === 'Localhost',
      `${where}: seccompProfile must be RuntimeDefault (got ${seccomp})`);
    for (const r of ['requests', 'limits'])
      for (const k of ['cpu', 'memory'])
        check(get(c, 'resources', r, k) != null, `${where}: resources.${r}.${k} missing`);
    check(c.image && !/:latest$/.test(c.image) || target === 'base',
      `${where}: image must be pinned by tag or digest (got ${c.image})`);
    // A read-only root file system needs somewhere writable for temporary files.
    const tmp = (c.volumeMounts || []).find((m) => m.mountPath === '/tmp');
    check(tmp, `${where}: no writable /tmp mount`);
  }
}

function checkDatabaseSecret(what, container) {
  const envs = (container.env || []).filter((e) => e.name === 'DATABASE_URL');
  check(envs.length === 1, `${what}: exactly one DATABASE_URL env entry expected`);
  const e = envs[0] || {};
  check(e.value === undefined, `${what}: DATABASE_URL must not be a literal value`);
  const ref = get(e, 'valueFrom', 'secretKeyRef') || {};
  check(ref.key === 'url', `${what}: DATABASE_URL must come from secretKeyRef key "url"`);
  check(ref.name && generated('consent-database')({ metadata: { name: ref.name } }),
    `${what}: DATABASE_URL must come from Secret consent-database (got ${ref.name})`);
  check(ref.optional !== true, `${what}: the database Secret must not be optional`);
  if (target === 'dev') {
    const s = secrets.find((x) => x.metadata.name === ref.name);
    check(s && (get(s, 'data', 'url') || get(s, 'stringData', 'url')),
      `${what}: dev overlay should generate Secret ${ref.name} with key url`);
  }
}

function container(deploy, name) {
  const cs = get(deploy, 'spec', 'template', 'spec', 'containers') || [];
  const c = cs.find((x) => x.name === name);
  check(c, `${deploy.metadata.name}: container ${name} missing`);
  return c || {};
}

function preStopSleep(c) {
  const cmd = get(c, 'lifecycle', 'preStop', 'exec', 'command') || [];
  const i = cmd.indexOf('sleep');
  return i >= 0 ? Number(cmd[i + 1]) || 0 : 0;
}

function checkLabels(o) {
  const l = get(o, 'metadata', 'labels') || {};
  check(l['app.kubernetes.io/part-of'] === 'consent', `${o.kind}/${o.metadata.name}: label app.kubernetes.io/part-of=consent missing`);
  if (['Deployment', 'Service', 'Job', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy'].includes(o.kind)) {
    check(l['app.kubernetes.io/name'], `${o.kind}/${o.metadata.name}: label app.kubernetes.io/name missing`);
    check(l['app.kubernetes.io/component'], `${o.kind}/${o.metadata.name}: label app.kubernetes.io/component missing`);
  }
}

const selects = (selector, labels) =>
  selector && Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels && labels[k] === v);

// ---- 2. assertions ----------------------------------------------------------------------
docs.forEach(checkLabels);

const clusterScoped = new Set(['Namespace']);
for (const o of docs) {
  if (clusterScoped.has(o.kind)) continue;
  if (target === 'base') check(!o.metadata.namespace, `${o.kind}/${o.metadata.name}: base must be namespace-agnostic`);
  else check(o.metadata.namespace, `${o.kind}/${o.metadata.name}: overlay ${target} must set a namespace`);
}

const server = find('Deployment', 'consent-server');
const gateway = find('Deployment', 'consent-gateway');
check(server, 'Deployment consent-server missing');
check(gateway, 'Deployment consent-gateway missing');

const components = [
  { deploy: server, name: 'consent-server', ports: { grpc: 50051, metrics: 9090 },
    graceVar: 'CONSENT_GRACE_PERIOD_SECONDS', listenVar: 'CONSENT_LISTEN', listenPort: 'grpc',
    metricsVar: 'CONSENT_METRICS_LISTEN', service: 'consent-server', servicePorts: ['grpc', 'metrics'] },
  { deploy: gateway, name: 'consent-gateway', ports: { http: 8080, metrics: 9091 },
    graceVar: 'GATEWAY_GRACE_PERIOD_SECONDS', listenVar: 'GATEWAY_LISTEN', listenPort: 'http',
    metricsVar: 'GATEWAY_METRICS_LISTEN', service: 'consent-gateway', servicePorts: ['http', 'metrics'] },
];

for (const comp of components) {
  const d = comp.deploy;
  if (!d) continue;
  const podSpec = get(d, 'spec', 'template', 'spec') || {};
  const podLabels = get(d, 'spec', 'template', 'metadata', 'labels') || {};
  const c = container(d, comp.name);
  checkPodSecurity(`Deployment/${comp.name}`, podSpec);
  check(selects(get(d, 'spec', 'selector', 'matchLabels'), podLabels), `${comp.name}: selector does not match pod labels`);

  // Ports by name.
  const ports = Object.fromEntries((c.ports || []).map((p) => [p.name, p.containerPort]));
  for (const [n, num] of Object.entries(comp.ports))
    check(ports[n] === num, `${comp.name}: container port ${n} should be ${num} (got ${ports[n]})`);

  // Configuration agrees with the ports.
  const env = environment(c);
  check(portOf(env[comp.listenVar]) === comp.ports[comp.listenPort],
    `${comp.name}: ${comp.listenVar}=${env[comp.listenVar]} does not listen on port ${comp.ports[comp.listenPort]}`);
  check(portOf(env[comp.metricsVar]) === comp.ports.metrics,
    `${comp.name}: ${comp.metricsVar}=${env[comp.metricsVar]} does not listen on metrics port ${comp.ports.metrics}`);

  // Graceful shutdown: the pod is killed only after preStop + the drain grace + margin.
  const grace = Number(env[comp.graceVar] ?? 20);
  const sleep = preStopSleep(c);
  const tgps = podSpec.terminationGracePeriodSeconds;
  check(Number.isInteger(tgps) && tgps >= grace + sleep + 5,
    `${comp.name}: terminationGracePeriodSeconds ${tgps} < ${comp.graceVar} ${grace} + preStop sleep ${sleep} + 5`);

  // Prometheus scrape annotations point at the metrics port.
  const ann = get(d, 'spec', 'template', 'metadata', 'annotations') || {};
  check(ann['prometheus.io/scrape'] === 'true', `${comp.name}: prometheus.io/scrape annotation missing`);
  check(Number(ann['prometheus.io/port']) === comp.ports.metrics, `${comp.name}: prometheus.io/port should be ${comp.ports.metrics}`);
  check(ann['prometheus.io/path'] === '/metrics', `${comp.name}: prometheus.io/path should be /metrics`);

  // Service with the named ports, selecting these pods.
  const svc = find('Service', comp.service);
  if (check(svc, `Service ${comp.service} missing`)) {
    check(selects(get(svc, 'spec', 'selector'), podLabels), `Service ${comp.service}: selector does not match the pods`);
    const names = (get(svc, 'spec', 'ports') || []).map((p) => p.name);
    for (const n of comp.servicePorts) check(names.includes(n), `Service ${comp.service}: port named ${n} missing`);
    for (const p of get(svc, 'spec', 'ports') || []) {
      const tp = typeof p.targetPort === 'string' ? ports[p.targetPort] : p.targetPort ?? p.port;
      check(tp !== undefined && Object.values(comp.ports).includes(tp),
        `Service ${comp.service}: port ${p.name} targets ${p.targetPort}, not a container port`);
    }
  }

  // HorizontalPodAutoscaler (autoscaling/v2) and PodDisruptionBudget.
  const hpa = findAll('HorizontalPodAutoscaler').find((h) => get(h, 'spec', 'scaleTargetRef', 'name') === comp.name);
  if (check(hpa, `HorizontalPodAutoscaler for ${comp.name} missing`)) {
    check(hpa.apiVersion === 'autoscaling/v2', `HPA ${hpa.metadata.name}: apiVersion should be autoscaling/v2`);
    check(get(hpa, 'spec', 'scaleTargetRef', 'kind') === 'Deployment', `HPA ${hpa.metadata.name}: should target a Deployment`);
    check(hpa.spec.maxReplicas >= (hpa.spec.minReplicas || 1), `HPA ${hpa.metadata.name}: maxReplicas < minReplicas`);
    check((hpa.spec.metrics || []).length > 0, `HPA ${hpa.metadata.name}: no metrics`);
    check(d.spec.replicas === undefined || d.spec.replicas === (hpa.spec.minReplicas || 1),
      `${comp.name}: replicas ${d.spec.replicas} differs from HPA minReplicas ${hpa.spec.minReplicas}`);
    if (target === 'dev') check(hpa.spec.minReplicas === 1, `dev: HPA ${hpa.metadata.name} minReplicas should be 1`);
    if (target === 'prod') check(hpa.spec.minReplicas >= 3, `prod: HPA ${hpa.metadata.name} minReplicas should be >= 3`);
  }
  const pdb = findAll('PodDisruptionBudget').find((p) => selects(get(p, 'spec', 'selector', 'matchLabels'), podLabels));
  if (check(pdb, `PodDisruptionBudget selecting ${comp.name} pods missing`)) {
    check(pdb.apiVersion === 'policy/v1', `PDB ${pdb.metadata.name}: apiVersion should be policy/v1`);
    check(pdb.spec.maxUnavailable !== undefined || pdb.spec.minAvailable !== undefined, `PDB ${pdb.metadata.name}: no budget`);
  }

  // Replicas and images per overlay.
  if (target === 'dev') {
    check(d.spec.replicas === 1, `dev: ${comp.name} replicas should be 1 (got ${d.spec.replicas})`);
    check(/:dev$/.test(c.image || ''), `dev: ${comp.name} image should have tag dev (got ${c.image})`);
  }
  if (target === 'prod') {
    check(d.spec.replicas === 3, `prod: ${comp.name} replicas should be 3 (got ${d.spec.replicas})`);
    check(/@sha256:[0-9a-f]{64}$/.test(c.image || ''), `prod: ${comp.name} image should be pinned by digest (got ${c.image})`);
  }
  check(c.imagePullPolicy !== 'Always' || target !== 'prod', `prod: ${comp.name} pulls by digest, Always is pointless`);
}

// TLS material comes from Secrets mounted read-only; while a Secret is optional (the base:
// plaintext until someone creates it) no TLS variable may point into it, as the process
// would refuse to start without the file.
const tlsVars = {
  'consent-server': ['CONSENT_TLS_CERT_FILE', 'CONSENT_TLS_KEY_FILE', 'CONSENT_TLS_CLIENT_CA_FILE'],
  'consent-gateway': ['GATEWAY_TLS_CERT_FILE', 'GATEWAY_TLS_KEY_FILE', 'GATEWAY_BACKEND_CA_FILE',
    'GATEWAY_BACKEND_CERT_FILE', 'GATEWAY_BACKEND_KEY_FILE'],
};
const tlsSecrets = {
  'consent-server': ['consent-server-tls'],
  'consent-gateway': ['consent-gateway-tls', 'consent-gateway-backend-tls'],
};
for (const comp of components) {
  if (!comp.deploy) continue;
  const podSpec = get(comp.deploy, 'spec', 'template', 'spec') || {};
  const c = container(comp.deploy, comp.name);
  const env = environment(c);
  const mounts = c.volumeMounts || [];
  for (const secretName of tlsSecrets[comp.name]) {
    const volume = (podSpec.volumes || []).find((v) => get(v, 'secret', 'secretName') === secretName);
    if (!check(volume, `${comp.name}: no volume from the TLS Secret ${secretName}`)) continue;
    const mount = mounts.find((m) => m.name === volume.name);
    check(mount && mount.readOnly === true, `${comp.name}: TLS Secret ${secretName} must be mounted read-only`);
    for (const v of tlsVars[comp.name]) {
      if (!env[v] || !mount || !String(env[v]).startsWith(`${mount.mountPath}/`)) continue;
      check(volume.secret.optional !== true,
        `${comp.name}: ${v} points into the optional Secret ${secretName}: without it the pod cannot start`);
    }
  }
  for (const v of tlsVars[comp.name]) {
    if (!env[v]) continue;
    check(mounts.some((m) => String(env[v]).startsWith(`${m.mountPath}/`) &&
        get((podSpec.volumes || []).find((x) => x.name === m.name), 'secret')),
      `${comp.name}: ${v}=${env[v]} is not a file of a mounted Secret`);
  }
  if (target === 'base') {
    for (const v of tlsVars[comp.name]) check(!env[v], `base: ${comp.name} must not turn on TLS (${v})`);
  }
}

// Server: native gRPC probes on 50051; DATABASE_URL from the Secret.
if (server) {
  const c = container(server, 'consent-server');
  for (const p of ['readinessProbe', 'livenessProbe']) {
    check(get(c, p, 'grpc', 'port') === 50051, `consent-server: ${p} must be a grpc probe on port 50051`);
  }
  const sp = get(c, 'startupProbe');
  if (sp) check(get(sp, 'grpc', 'port') === 50051, 'consent-server: startupProbe should use the grpc probe too');
  checkDatabaseSecret('consent-server', c);
  const env = environment(c);
  // The gateway must be pointed at the server Service's gRPC port.
  if (gateway) {
    const genv = environment(container(gateway, 'consent-gateway'));
    const backend = String(genv.GATEWAY_BACKEND || '').replace(/^dns:\/\/\//, '');
    const [host, port] = [backend.split(':')[0].split('.')[0], Number(backend.split(':').pop())];
    const svc = find('Service', host);
    check(svc && (svc.spec.ports || []).some((p) => p.name === 'grpc' && p.port === port),
      `GATEWAY_BACKEND=${genv.GATEWAY_BACKEND} is not the grpc port of a rendered Service`);
  }
  check(!('DATABASE_URL' in env), 'consent-server: DATABASE_URL must not be set from a ConfigMap or literal');
}

// Gateway: HTTP probes /readyz and /healthz on 8080; preStop sleep to drain endpoints.
if (gateway) {
  const c = container(gateway, 'consent-gateway');
  const ports = Object.fromEntries((c.ports || []).map((p) => [p.name, p.containerPort]));
  const probe = (p, pathWanted) => {
    const h = get(c, p, 'httpGet') || {};
    const port = typeof h.port === 'string' ? ports[h.port] : h.port;
    check(h.path === pathWanted && port === 8080, `consent-gateway: ${p} must be httpGet ${pathWanted} on 8080 (got ${h.path} ${h.port})`);
  };
  probe('readinessProbe', '/readyz');
  probe('livenessProbe', '/healthz');
  const cmd = get(c, 'lifecycle', 'preStop', 'exec', 'command') || [];
  check(cmd[0] === 'sleep' && Number(cmd[1]) > 0, 'consent-gateway: preStop should be exec sleep N (endpoint drain)');
  const env = environment(c);
  check(!('DATABASE_URL' in env), 'consent-gateway: must not see the database URL');
}

// No Secret with real data is committed: only the dev overlay generates one.
if (target !== 'dev') check(secrets.length === 0, `${target}: must not contain a Secret (create consent-database out of band)`);
for (const cm of configMaps)
  for (const [k, v] of Object.entries(cm.data || {}))
    check(!/postgres(ql)?:\/\/[^\s@]*:[^\s@]*@/.test(String(v)), `ConfigMap ${cm.metadata.name}: ${k} holds a credential URL`);

// Migration Job: consent-server --migrate-only, same security, DATABASE_URL from the Secret.
const jobs = findAll('Job').filter((j) => (get(j, 'spec', 'template', 'spec', 'containers') || [])
  .some((c) => [...(c.command || []), ...(c.args || [])].includes('--migrate-only')));
if (check(jobs.length === 1, 'exactly one migration Job running consent-server --migrate-only expected')) {
  const job = jobs[0];
  const podSpec = job.spec.template.spec;
  const c = podSpec.containers.find((x) => [...(x.command || []), ...(x.args || [])].includes('--migrate-only'));
  check([...(c.command || []), ...(c.args || [])][0] === 'consent-server', 'migration Job: should run consent-server');
  check(['Never', 'OnFailure'].includes(podSpec.restartPolicy), 'migration Job: restartPolicy must be Never or OnFailure');
  check(job.spec.backoffLimit != null, 'migration Job: backoffLimit should be set');
  checkPodSecurity(`Job/${job.metadata.name}`, podSpec);
  checkDatabaseSecret(`Job/${job.metadata.name}`, c);
  if (target === 'prod') check(/@sha256:/.test(c.image), 'prod: migration Job image should be pinned by digest');
  if (target === 'dev') check(/:dev$/.test(c.image), 'dev: migration Job image should have tag dev');
}

// NetworkPolicy: server gRPC only from the gateway or consent.example/client=true pods;
// metrics only from the monitoring namespace.
if (server) {
  const serverLabels = server.spec.template.metadata.labels;
  const serverPorts = Object.fromEntries((container(server, 'consent-server').ports || []).map((p) => [p.name, p.containerPort]));
  const gatewayLabels = gateway ? gateway.spec.template.metadata.labels : {};
  const policies = findAll('NetworkPolicy').filter((np) => selects(get(np, 'spec', 'podSelector', 'matchLabels'), serverLabels));
  if (check(policies.length >= 1, 'NetworkPolicy selecting the server pods missing')) {
    const resolve = (p) => (typeof p === 'string' ? serverPorts[p] : p);
    let grpcFromGateway = false, grpcFromClients = false, metricsFromMonitoring = false;
    for (const np of policies) {
      check((np.spec.policyTypes || []).includes('Ingress'), `NetworkPolicy ${np.metadata.name}: policyTypes must include Ingress`);
      for (const rule of np.spec.ingress || []) {
        const from = rule.from || [];
        const ports = (rule.ports || []).map((p) => resolve(p.port));
        check(from.length > 0, `NetworkPolicy ${np.metadata.name}: an ingress rule admits every source`);
        check(ports.length > 0, `NetworkPolicy ${np.metadata.name}: an ingress rule admits every port`);
        for (const peer of from) {
          check(!peer.ipBlock, `NetworkPolicy ${np.metadata.name}: ipBlock peers are not expected`);
          const pod = get(peer, 'podSelector', 'matchLabels');
          const ns = get(peer, 'namespaceSelector', 'matchLabels');
          const isGateway = pod && !peer.namespaceSelector && selects(pod, gatewayLabels);
          // A client pod carries consent.example/client alone (the README asks no more).
          const isClient = pod && selects(pod, { 'consent.example/client': 'true' });
          const isMonitoring = !pod && ns && ns['kubernetes.io/metadata.name'] === 'monitoring';
          check(isGateway || isClient || isMonitoring,
            `NetworkPolicy ${np.metadata.name}: unexpected peer ${JSON.stringify(peer)}`);
          for (const port of ports) {
            if (port === 50051) {
              check(isGateway || isClient, `NetworkPolicy ${np.metadata.name}: grpc port open to ${JSON.stringify(peer)}`);
              grpcFromGateway ||= isGateway;
              grpcFromClients ||= isClient;
            } else if (port === 9090) {
              check(isMonitoring, `NetworkPolicy ${np.metadata.name}: metrics port open to ${JSON.stringify(peer)}`);
              metricsFromMonitoring ||= isMonitoring;
            } else {
              check(false, `NetworkPolicy ${np.metadata.name}: unexpected port ${port}`);
            }
          }
        }
      }
    }
    check(grpcFromGateway, 'NetworkPolicy: the gateway cannot reach the server grpc port');
    check(grpcFromClients, 'NetworkPolicy: consent.example/client=true pods cannot reach the server grpc port');
    check(metricsFromMonitoring, 'NetworkPolicy: the monitoring namespace cannot reach server metrics');
  }
}

// Overlay sizes: prod is bigger than dev (compared against the dev rendering if present).
if (target === 'prod' && server) {
  const req = get(container(server, 'consent-server'), 'resources', 'requests', 'cpu');
  check(cpuMillis(req) >= 500, `prod: consent-server cpu request ${req} looks too small`);
}
if (target === 'dev' && server) {
  const req = get(container(server, 'consent-server'), 'resources', 'requests', 'cpu');
  check(cpuMillis(req) <= 250, `dev: consent-server cpu request ${req} should be small`);
}

// Namespaces that an overlay creates enforce the restricted Pod Security Standard.
for (const ns of findAll('Namespace'))
  check(get(ns, 'metadata', 'labels', 'pod-security.kubernetes.io/enforce') === 'restricted',
    `Namespace ${ns.metadata.name}: should enforce the restricted Pod Security Standard`);

if (failures.length) {
  console.error(`${target}: ${failures.length} of ${checks} checks failed:`);
  for (const f of failures) console.error(`  - ${f}`);
  process.exit(1);
}
console.log(`${target}: ${docs.length} objects schema-valid, ${checks} checks passed`);
