// docker-compose.dev.yml stays valid and matches tools/infra/ports.env: every ${VAR:-default}
// names a port of ports.env with the same default, every infrastructure port of ports.env is
// published, and each service publishes host port = container port on 127.0.0.1 only.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const yaml = createRequire(import.meta.url)('js-yaml');
const root = new URL('../../', import.meta.url).pathname;
const text = readFileSync(`${root}docker-compose.dev.yml`, 'utf8');
const ports = Object.fromEntries(
  readFileSync(`${root}tools/infra/ports.env`, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('=')),
);
const problems = [];
const used = new Set();
for (const [, name, fallback] of text.matchAll(/\$\{([A-Z0-9_]+):-([^}]*)\}/g)) {
  used.add(name);
  if (!(name in ports)) problems.push(`${name} is not in tools/infra/ports.env`);
  else if (ports[name] !== fallback)
    problems.push(`${name} defaults to ${fallback}, ports.env says ${ports[name]}`);
}
// The services' own ports (gateway…oracle) run outside compose; every other port is a server's.
const servicePorts = new Set([
  'GATEWAY_PORT',
  'AETHERIUM_PORT',
  'HALL_OF_FACES_PORT',
  'GREAT_LIBRARY_PORT',
  'ENGINE_CORE_PORT',
  'ORACLE_PORT',
]);
for (const name of Object.keys(ports)) {
  if (!servicePorts.has(name) && !used.has(name))
    problems.push(`${name} of ports.env is not used by docker-compose.dev.yml`);
}
let compose;
try {
  compose = yaml.load(text);
} catch (error) {
  problems.push(`not valid YAML: ${error.message}`);
}
const resolve = (value) =>
  String(value).replace(
    /\$\{([A-Z0-9_]+):-([^}]*)\}/g,
    (_, name, fallback) => ports[name] ?? fallback,
  );
for (const [name, service] of Object.entries(compose?.services ?? {})) {
  if (!service.image) problems.push(`service ${name} has no image`);
  for (const mapping of service.ports ?? []) {
    const [host, published, target] = resolve(mapping).split(':');
    if (host !== '127.0.0.1') problems.push(`${name} publishes ${mapping} beyond loopback`);
    if (published !== target)
      problems.push(`${name} maps ${published} to ${target}; they must be the same port`);
  }
}
if (problems.length) {
  console.error(`docker-compose.dev.yml:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `docker-compose.dev.yml: ${Object.keys(compose.services).length} servers, ports match tools/infra/ports.env`,
);
