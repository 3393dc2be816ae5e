import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import type { Partner } from '../exchange/server/partner-registry.js';
import { checkFormat } from './common-flags.js';
import { toJson } from './render.js';
import { parsePort } from './serve-command.js';
import { closeOnSignal } from './until-signal.js';

/**
 * `shieldlab exchange init | serve | openapi | partner add|list|revoke|add-key`: running an exchange
 * and managing who may use it. The server modules are loaded inside each action, so other commands
 * do not pay for fastify and SQLite. With `--database postgres://...` the exchange's tables are in
 * PostgreSQL (several `serve` instances share them) and `--dir` holds only the exchange's key files.
 */

const DEFAULT_DIR = 'exchange';
const DATABASE_FLAG = '--database <url>';
const DATABASE_HELP =
  'PostgreSQL URL (postgres://user@host:port/db): the exchange’s tables there, shared by several servers; --dir then holds only the key files';
const collect = (value: string, previous: string[]) => [...previous, value];
const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

export function registerExchangeAdmin(exchange: Command): void {
  exchange
    .command('init')
    .description('create an exchange: its database, its signing key and its public key')
    .option('--dir <dir>', 'exchange directory', DEFAULT_DIR)
    .option('--id <id>', 'the exchange’s id (the relay that signs released copies)', 'exchange')
    .option(DATABASE_FLAG, DATABASE_HELP)
    .action(async (flags: { dir: string; id: string; database?: string }) => {
      const { initExchange, PUBLIC_KEY_FILE } = await import('../exchange/server/exchange-directory.js');
      if (flags.database === undefined) {
        const record = await initExchange(flags.dir, flags.id, new Date());
        process.stdout.write(
          `exchange ${flags.id} created in ${flags.dir}: key ${record.kid}; give partners ${flags.dir}/${PUBLIC_KEY_FILE}\n`,
        );
        return;
      }
      const { initPostgresExchange, describeDatabase } = await import(
        '../exchange/server/postgres-exchange-directory.js'
      );
      const record = await initPostgresExchange(flags.database, flags.dir, flags.id, new Date());
      process.stdout.write(
        `exchange ${flags.id} created in ${describeDatabase(flags.database)}, its keys in ${flags.dir}: key ${record.kid}; give partners ${flags.dir}/${PUBLIC_KEY_FILE}; copy ${flags.dir} to every server instance\n`,
      );
    });

  exchange
    .command('serve')
    .description('run the exchange’s HTTP API until Ctrl-C')
    .option('--dir <dir>', 'exchange directory', DEFAULT_DIR)
    .option(DATABASE_FLAG, DATABASE_HELP)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'TCP port; 0 picks any free port', '8018')
    .option('--heartbeat <seconds>', 'interval of heartbeats on live streams', '10')
    .option('--escalate-after <seconds>', 'escalate launch events left unacknowledged this long', '60')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM)')
    .option('--tls-key <file>', 'and this private key (PEM)')
    .option(
      '--client-ca <file>',
      'require partners’ TLS client certificates issued by this CA (mutual TLS; subject CN = partner id)',
    )
    .action(
      async (flags: {
        dir: string;
        database?: string;
        host: string;
        port: string;
        heartbeat: string;
        escalateAfter: string;
        tlsCert?: string;
        tlsKey?: string;
        clientCa?: string;
      }) => {
        if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined))
          throw new InputError(
            '--tls-key',
            flags.tlsKey ?? '(none)',
            'both --tls-cert and --tls-key, or neither',
          );
        if (flags.clientCa !== undefined && flags.tlsCert === undefined)
          throw new InputError(
            '--client-ca',
            flags.clientCa,
            'mutual TLS on HTTPS: give --tls-cert and --tls-key too',
          );
        const tls =
          flags.tlsCert === undefined
            ? undefined
            : {
                cert: readPem('--tls-cert', flags.tlsCert),
                key: readPem('--tls-key', flags.tlsKey!),
                clientCa: flags.clientCa === undefined ? undefined : readPem('--client-ca', flags.clientCa),
              };
        const { startExchangeServer } = await import('../exchange/server/exchange-server.js');
        const server = await startExchangeServer({
          tls,
          dir: flags.dir,
          database: flags.database,
          host: flags.host,
          port: parsePort(flags.port),
          heartbeat: positiveSeconds('--heartbeat', flags.heartbeat, 3600),
          escalateAfter: positiveSeconds('--escalate-after', flags.escalateAfter, 30 * 86_400),
          logger: true,
          onEscalation: (e) =>
            process.stderr.write(
              `escalation: launch event ${e.messageId} from ${e.sender} unacknowledged by ${e.partner} since ${e.receivedAt}\n`,
            ),
        });
        process.stdout.write(`shieldlab exchange: ${server.url}\n`);
        await closeOnSignal(server);
      },
    );

  exchange
    .command('openapi')
    .description('print the OpenAPI 3.1 description of the exchange’s HTTP API')
    .action(async () => {
      const { exchangeOpenApi } = await import('../exchange/server/openapi.js');
      process.stdout.write(`${JSON.stringify(exchangeOpenApi(), null, 2)}\n`);
    });

  const partner = exchange.command('partner').description('the partners of an exchange');
  partner
    .command('add <id>')
    .description('add a partner; prints its bearer token once (only its hash is kept)')
    .option('--dir <dir>', 'exchange directory', DEFAULT_DIR)
    .option(DATABASE_FLAG, DATABASE_HELP)
    .option('--policy <file>', 'its release policy (YAML or JSON): what it receives; none: nothing')
    .option('--publish <types>', 'message types it may publish, comma-separated', list, [])
    .option('--public-key <file>', 'a public key record of its signing key (repeatable)', collect, [])
    .option('--generate-key <file>', 'generate its signing key and write the private key file here')
    .option('--valid-days <days>', 'validity of a generated key', '365')
    .option('--token-file <file>', 'write the token to this file (mode 0600) instead of stdout')
    .action(
      async (
        id: string,
        flags: {
          dir: string;
          database?: string;
          policy?: string;
          publish: string[];
          publicKey: string[];
          generateKey?: string;
          validDays: string;
          tokenFile?: string;
        },
      ) => {
        const [{ openRegistryAdmin }, { checkPublishTypes }, keyFiles] = await Promise.all([
          import('../exchange/server/registry-admin.js'),
          import('../exchange/server/partner-registry.js'),
          import('../exchange/server/key-files.js'),
        ]);
        const publishTypes = checkPublishTypes(flags.publish);
        const policy = flags.policy === undefined ? undefined : await readPolicy(flags.policy);
        const keys = flags.publicKey.map((f) => keyFiles.readPublicKeyRecord(f));
        const now = new Date();
        const registry = await openRegistryAdmin(flags);
        try {
          if (await registry.get(id)) throw new InputError('partner', id, 'a partner id not already in use');
          if (flags.generateKey !== undefined) {
            keys.push(await generatePartnerKey(flags.generateKey, id, flags.validDays, now));
          }
          const token = await registry.add(
            { id, publishTypes, policy, keys, now: now.toISOString() },
            {
              actor: registry.id,
              action: 'partner.added',
              subject: id,
              details: { publishTypes, policy: policy?.id ?? null, keys: keys.map((k) => k.kid) },
            },
          );
          if (token !== undefined && flags.tokenFile !== undefined)
            keyFiles.writeSecret(flags.tokenFile, `${token}\n`);
          const tokenLine =
            token === undefined
              ? ''
              : flags.tokenFile === undefined
                ? `token: ${token}\n`
                : `token written to ${flags.tokenFile}\n`;
          process.stdout.write(
            `partner ${id} added: publishes ${publishTypes.join(', ') || 'nothing'}; receives ${policy ? `under policy ${policy.id}` : 'nothing'}; keys ${keys.map((k) => k.kid).join(', ') || 'none'}\n${tokenLine}`,
          );
        } finally {
          await registry.close();
        }
      },
    );

  partner
    .command('list')
    .description('list the partners')
    .option('--dir <dir>', 'exchange directory', DEFAULT_DIR)
    .option(DATABASE_FLAG, DATABASE_HELP)
    .option('--format <format>', 'json or table', 'table')
    .action(async (flags: { dir: string; database?: string; format: string }) => {
      const format = checkFormat(flags.format);
      const { openRegistryAdmin } = await import('../exchange/server/registry-admin.js');
      const registry = await openRegistryAdmin(flags);
      try {
        const partners = [];
        for (const p of await registry.list())
          partners.push({ ...describePartner(p), keys: (await registry.keysOf(p.id)).map((k) => k.kid) });
        process.stdout.write(format === 'json' ? `${toJson(partners)}\n` : partnersTable(partners));
      } finally {
        await registry.close();
      }
    });

  partner
    .command('revoke <id>')
    .description('revoke a partner: its token and keys stop working at once')
    .option('--dir <dir>', 'exchange directory', DEFAULT_DIR)
    .option(DATABASE_FLAG, DATABASE_HELP)
    .action(async (id: string, flags: { dir: string; database?: string }) => {
      const { openRegistryAdmin } = await import('../exchange/server/registry-admin.js');
      const registry = await openRegistryAdmin(flags);
      try {
        const now = new Date().toISOString();
        await registry.revoke(id, now, {
          actor: registry.id,
          action: 'partner.revoked',
          subject: id,
          details: { at: now },
        });
        process.stdout.write(`partner ${id} revoked at ${now}\n`);
      } finally {
        await registry.close();
      }
    });

  partner
    .command('add-key <id>')
    .description('trust one more signing key of a partner (key rotation); --revoke-key retires an old one')
    .option('--dir <dir>', 'exchange directory', DEFAULT_DIR)
    .option(DATABASE_FLAG, DATABASE_HELP)
    .option('--public-key <file>', 'the public key record to trust')
    .option('--generate-key <file>', 'generate the key and write the private key file here')
    .option('--valid-days <days>', 'validity of a generated key', '365')
    .option('--revoke-key <kid>', 'revoke this key of the partner at the same time')
    .action(
      async (
        id: string,
        flags: {
          dir: string;
          database?: string;
          publicKey?: string;
          generateKey?: string;
          validDays: string;
          revokeKey?: string;
        },
      ) => {
        const [{ openRegistryAdmin }, keyFiles] = await Promise.all([
          import('../exchange/server/registry-admin.js'),
          import('../exchange/server/key-files.js'),
        ]);
        if ((flags.publicKey === undefined) === (flags.generateKey === undefined))
          throw new InputError('add-key', '(flags)', 'exactly one of --public-key and --generate-key');
        const now = new Date();
        const registry = await openRegistryAdmin(flags);
        try {
          if (!(await registry.get(id))) throw new InputError('partner', id, 'a registered partner');
          const record =
            flags.publicKey !== undefined
              ? keyFiles.readPublicKeyRecord(flags.publicKey)
              : await generatePartnerKey(flags.generateKey!, id, flags.validDays, now);
          if (record.partner !== id) throw new InputError('key.partner', record.partner, `the partner ${id}`);
          if (
            flags.revokeKey !== undefined &&
            !(await registry.keysOf(id)).some((k) => k.kid === flags.revokeKey)
          )
            throw new InputError('--revoke-key', flags.revokeKey, `a key id of ${id}`);
          await registry.addKey(
            record,
            { actor: registry.id, action: 'key.added', subject: record.kid, details: { partner: id } },
            flags.revokeKey === undefined
              ? undefined
              : {
                  kid: flags.revokeKey,
                  now: now.toISOString(),
                  audit: {
                    actor: registry.id,
                    action: 'key.revoked',
                    subject: flags.revokeKey,
                    details: { partner: id },
                  },
                },
          );
          process.stdout.write(
            `key ${record.kid} of ${id} trusted${flags.revokeKey ? `; key ${flags.revokeKey} revoked` : ''}\n`,
          );
        } finally {
          await registry.close();
        }
      },
    );
}

async function readPolicy(file: string) {
  const [{ parseSourceDocument }, { parseReleasePolicy }] = await Promise.all([
    import('../scenario/source-document.js'),
    import('../exchange/policy/policy.js'),
  ]);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError('--policy', file, 'an existing, readable policy file (YAML or JSON)');
  }
  const parsed = parseReleasePolicy(parseSourceDocument(file, text).data, file);
  if (!parsed.ok) throw parsed.errors[0]!;
  return parsed.value;
}

/** Generate a partner's signing key valid from now for --valid-days, write its private key file, return its record. */
async function generatePartnerKey(file: string, partner: string, validDays: string, now: Date) {
  const days = positiveSeconds('--valid-days', validDays, 36_600);
  const { generateKeyFile } = await import('../exchange/server/key-files.js');
  const { record } = await generateKeyFile(file, partner, {
    notBefore: now.toISOString(),
    notAfter: new Date(now.getTime() + days * 86_400_000).toISOString(),
  });
  return record;
}

function readPem(flag: string, file: string): string {
  try {
    const text = readFileSync(file, 'utf8');
    if (!text.includes('-----BEGIN ')) throw new Error('not PEM');
    return text;
  } catch {
    throw new InputError(flag, file, 'an existing, readable PEM file');
  }
}

function positiveSeconds(flag: string, value: string, max: number): number {
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(n > 0 && n <= max)) throw new InputError(flag, value, `a number > 0 and <= ${max}`);
  return n;
}

function describePartner(p: Partner) {
  return {
    id: p.id,
    status: p.revokedAt === undefined ? 'active' : `revoked ${p.revokedAt}`,
    publishes: p.publishTypes,
    policy: p.policy?.id ?? null,
    added: p.addedAt,
  };
}

function partnersTable(rows: ReadonlyArray<ReturnType<typeof describePartner> & { keys: string[] }>): string {
  if (rows.length === 0) return 'no partners\n';
  const lines = rows.map(
    (r) =>
      `${r.id.padEnd(12)} ${r.status.padEnd(10)} publishes ${r.publishes.join(',') || '-'}; policy ${r.policy ?? '-'}; keys ${r.keys.length}`,
  );
  return `${lines.join('\n')}\n`;
}
