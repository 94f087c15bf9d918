#!/usr/bin/env node
// Self-test of check-manifests.cjs: each deliberately broken copy of a good rendering must be
// rejected with the expected message, so that a passing deploy_k8s_manifests means something.
//   usage: node check-manifests-selftest.cjs <npm prefix> <target> <good rendered yaml> <work dir>
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const { spawnSync } = require('child_process');

const [npmPrefix, target, good, work] = process.argv.slice(2);
const YAML = createRequire(path.join(path.resolve(npmPrefix), 'package.json'))('yaml');
const checker = path.join(__dirname, 'check-manifests.cjs');
const load = () => YAML.parseAllDocuments(fs.readFileSync(good, 'utf8')).map((d) => d.toJS()).filter(Boolean);
const pick = (docs, kind, name) => docs.find((o) => o.kind === kind && o.metadata.name === name);
const ctr = (docs, kind, name) => pick(docs, kind, name).spec.template.spec.containers[0];
const job = (docs) => docs.find((o) => o.kind === 'Job');
const drop = (docs, kind, name) => docs.filter((o) => !(o.kind === kind && o.metadata.name === name));

const mutations = [
  ['server runs as root', 'runAsNonRoot must be true', (d) => {
    pick(d, 'Deployment', 'consent-server').spec.template.spec.securityContext.runAsNonRoot = false;
    delete ctr(d, 'Deployment', 'consent-server').securityContext.runAsNonRoot; return d; }],
  ['uid 0', 'runAsUser must be a non-zero uid', (d) => {
    ctr(d, 'Deployment', 'consent-gateway').securityContext.runAsUser = 0; return d; }],
  ['writable root fs', 'readOnlyRootFilesystem must be true', (d) => {
    ctr(d, 'Deployment', 'consent-gateway').securityContext.readOnlyRootFilesystem = false; return d; }],
  ['capabilities kept', 'capabilities.drop must include ALL', (d) => {
    job(d).spec.template.spec.containers[0].securityContext.capabilities.drop = ['NET_RAW']; return d; }],
  ['privilege escalation', 'allowPrivilegeEscalation must be false', (d) => {
    delete ctr(d, 'Deployment', 'consent-server').securityContext.allowPrivilegeEscalation; return d; }],
  ['no limits', 'resources.limits.memory missing', (d) => {
    delete ctr(d, 'Deployment', 'consent-server').resources.limits.memory; return d; }],
  ['tcp readiness on the server', 'readinessProbe must be a grpc probe', (d) => {
    ctr(d, 'Deployment', 'consent-server').readinessProbe = { tcpSocket: { port: 50051 } }; return d; }],
  ['gateway liveness on /', 'livenessProbe must be httpGet /healthz', (d) => {
    ctr(d, 'Deployment', 'consent-gateway').livenessProbe.httpGet.path = '/'; return d; }],
  ['short termination grace', 'terminationGracePeriodSeconds 20 <', (d) => {
    pick(d, 'Deployment', 'consent-gateway').spec.template.spec.terminationGracePeriodSeconds = 20; return d; }],
  ['unnamed Service port', 'port named grpc missing', (d) => {
    pick(d, 'Service', 'consent-server').spec.ports[0].name = 'rpc'; return d; }],
  ['literal DATABASE_URL', 'DATABASE_URL must not be a literal value', (d) => {
    ctr(d, 'Deployment', 'consent-server').env = [{ name: 'DATABASE_URL', value: 'postgresql://u:p@h/db' }]; return d; }],
  ['wrong secret', 'must come from Secret consent-database', (d) => {
    job(d).spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name = 'other'; return d; }],
  ['no gateway HPA', 'HorizontalPodAutoscaler for consent-gateway missing', (d) =>
    drop(d, 'HorizontalPodAutoscaler', 'consent-gateway')],
  ['no server PDB', 'PodDisruptionBudget selecting consent-server pods missing', (d) =>
    drop(d, 'PodDisruptionBudget', 'consent-server')],
  ['no server NetworkPolicy', 'NetworkPolicy selecting the server pods missing', (d) =>
    drop(d, 'NetworkPolicy', 'consent-server')],
  ['grpc open to every namespace', 'unexpected peer', (d) => {
    pick(d, 'NetworkPolicy', 'consent-server').spec.ingress.push(
      { from: [{ namespaceSelector: {} }], ports: [{ port: 'grpc', protocol: 'TCP' }] }); return d; }],
  ['no migration Job', 'migration Job', (d) => d.filter((o) => o.kind !== 'Job')],
  ['TLS file of an optional Secret', 'points into the optional Secret consent-server-tls', (d) => {
    ctr(d, 'Deployment', 'consent-server').env.push({ name: 'CONSENT_TLS_CERT_FILE', value: '/etc/consent/tls/tls.crt' });
    return d; }],
  ['TLS file outside any Secret', 'is not a file of a mounted Secret', (d) => {
    ctr(d, 'Deployment', 'consent-gateway').env = [{ name: 'GATEWAY_BACKEND_CA_FILE', value: '/tmp/ca.crt' }];
    return d; }],
  ['writable TLS mount', 'TLS Secret consent-gateway-tls must be mounted read-only', (d) => {
    ctr(d, 'Deployment', 'consent-gateway').volumeMounts.find((m) => m.name === 'tls').readOnly = false;
    return d; }],
  ['schema: replicas as a string', 'schema validation failed', (d) => {
    pick(d, 'Deployment', 'consent-server').spec.replicas = '3'; return d; }],
  ['schema: HPA without maxReplicas', 'schema validation failed', (d) => {
    delete pick(d, 'HorizontalPodAutoscaler', 'consent-server').spec.maxReplicas; return d; }],
];

let bad = 0;
for (const [name, expected, mutate] of mutations) {
  const file = path.join(work, `mutant-${target}-${name.replace(/\W+/g, '-')}.yaml`);
  fs.writeFileSync(file, mutate(load()).map((o) => YAML.stringify(o)).join('---\n'));
  const r = spawnSync(process.execPath, [checker, npmPrefix, target, file], { encoding: 'utf8' });
  const output = r.stdout + r.stderr;
  if (r.status === 0) {
    console.error(`self-test: "${name}" was NOT rejected`); bad++;
  } else if (!output.includes(expected)) {
    console.error(`self-test: "${name}" rejected without "${expected}":\n${output}`); bad++;
  }
}
if (bad) { console.error(`self-test: ${bad} of ${mutations.length} broken renderings not caught`); process.exit(1); }
console.log(`self-test: all ${mutations.length} broken renderings of ${target} rejected`);
