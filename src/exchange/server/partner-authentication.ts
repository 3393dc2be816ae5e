import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';
import { ExchangeError } from './exchange-error.js';
import type { ExchangeState } from './exchange-state.js';
import type { Partner } from './partner-registry.js';

/**
 * Who is calling. Two credentials, as the exchange's partners agree:
 * - mutual TLS (preferred): the server runs with a client CA, and a partner presents a certificate
 *   that CA issued, whose subject common name is its partner id. The TLS handshake proves the
 *   private key; the registry decides whether the partner is active, so revoking a partner stops its
 *   certificate at once without a certificate revocation list;
 * - a bearer token, stored only as its hash (partner-registry.ts).
 * With mutual TLS, a certificate is required and a token is optional; when both are given they must
 * name the same partner, so a stolen token cannot be used with another partner's certificate.
 */
export async function authenticatePartner(
  request: FastifyRequest,
  state: ExchangeState,
  mutualTls: boolean,
): Promise<Partner> {
  const token = bearer(request);
  const byToken = token === undefined ? undefined : await state.partnerByToken(token);
  if (token !== undefined && !byToken)
    throw new ExchangeError(
      401,
      'unauthenticated',
      'Authorization: expected "Bearer <token>" of an active partner',
    );
  if (!mutualTls) {
    if (!byToken)
      throw new ExchangeError(
        401,
        'unauthenticated',
        'Authorization: expected "Bearer <token>" of an active partner',
      );
    return byToken;
  }
  const socket = request.raw.socket as TLSSocket;
  if (!socket.authorized) {
    const why = socket.authorizationError ? ` (${String(socket.authorizationError)})` : '';
    throw new ExchangeError(
      401,
      'client-certificate-required',
      `TLS client certificate: expected one issued by the exchange's partner CA${why}`,
    );
  }
  const name = socket.getPeerCertificate().subject?.CN;
  const id = Array.isArray(name) ? name[0] : name;
  const byCertificate = id === undefined ? undefined : await state.partner(id);
  if (!byCertificate || byCertificate.revokedAt !== undefined || !byCertificate.hasToken)
    throw new ExchangeError(
      401,
      'unauthenticated',
      `TLS client certificate: CN ${JSON.stringify(id)} is not an active partner`,
    );
  if (byToken && byToken.id !== byCertificate.id)
    throw new ExchangeError(
      403,
      'credential-mismatch',
      `Authorization: the token is ${byToken.id}'s but the certificate is ${byCertificate.id}'s; expected one partner`,
    );
  return byCertificate;
}

/** The bearer token of the Authorization header. */
function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
  // A malformed header is a wrong token, not an absent one.
  return match?.[1] ?? '';
}
