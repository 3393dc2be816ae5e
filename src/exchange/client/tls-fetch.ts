import { Agent, fetch as undiciFetch } from 'undici';

/**
 * A fetch that speaks TLS with the partner's client certificate (mutual TLS) and trusts the given
 * CA for the server, for ExchangeClient's `fetch` option. Node's global fetch cannot take a client
 * certificate; undici (the library behind it, at the same major version) can, through an Agent.
 */
export function tlsFetch(tls: {
  ca?: string | undefined;
  cert?: string | undefined;
  key?: string | undefined;
}): typeof fetch {
  const dispatcher = new Agent({
    connect: {
      ...(tls.ca === undefined ? {} : { ca: tls.ca }),
      ...(tls.cert === undefined ? {} : { cert: tls.cert }),
      ...(tls.key === undefined ? {} : { key: tls.key }),
    },
  });
  return ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher })) as unknown as typeof fetch;
}
