import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A small PKI for mutual-TLS tests, made with the openssl command: a partner CA, the server's
 * certificate for 127.0.0.1, a client certificate per partner (subject CN = partner id), and a
 * rogue CA with its own certificate claiming to be a partner. P-256 keys, valid for two days.
 */
export interface TestPki {
  readonly caFile: string;
  readonly ca: string;
  readonly server: { readonly cert: string; readonly key: string };
  /** PEM files per name: `${name}.pem`, `${name}.key`. */
  files(name: string): { cert: string; key: string };
  pem(name: string): { cert: string; key: string };
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function issue(dir: string, name: string, cn: string, ca: string, extensions: string): void {
  openssl(
    dir,
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    `/CN=${cn}`,
  );
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    `${name}.pem`,
    '-extfile',
    `${name}.ext`,
  );
}

function authority(dir: string, name: string): void {
  openssl(
    dir,
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
    '-subj',
    `/CN=${name}`,
    '-days',
    '2',
  );
}

export function makeTestPki(dir: string, partners: readonly string[]): TestPki {
  authority(dir, 'partner-ca');
  authority(dir, 'rogue-ca');
  issue(
    dir,
    'server',
    '127.0.0.1',
    'partner-ca',
    'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n',
  );
  for (const p of partners) issue(dir, p, p, 'partner-ca', 'extendedKeyUsage=clientAuth\n');
  issue(dir, 'rogue', partners[0] ?? 'us', 'rogue-ca', 'extendedKeyUsage=clientAuth\n');
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    caFile: join(dir, 'partner-ca.pem'),
    ca: read('partner-ca.pem'),
    server: { cert: read('server.pem'), key: read('server.key') },
    files: (name) => ({ cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) }),
    pem: (name) => ({ cert: read(`${name}.pem`), key: read(`${name}.key`) }),
  };
}
