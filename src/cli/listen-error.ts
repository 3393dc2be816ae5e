import { InputError } from '../core/errors.js';

/** Listening failures a user can fix are bad input (exit 2), named by the flag at fault. */
export function listenError(e: unknown, options: { host: string; port: number }): unknown {
  const code = (e as { code?: unknown }).code;
  if (code === 'EADDRINUSE')
    return new InputError('--port', options.port, 'a port that is free (this one is in use)');
  if (code === 'EACCES') return new InputError('--port', options.port, 'a port this user may listen on');
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new InputError('--host', options.host, 'an address or name of this machine');
  }
  return e;
}
