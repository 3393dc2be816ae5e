/**
 * Where the server publishes the exports (src/exchange/server/README.md): the Atom feed of the
 * `public` stream and one CAP alert per message. The feed links each entry to its alert by these
 * paths, so the server's routes and the feed's links come from one place.
 */

export const ATOM_PATH = '/v1/public/atom.xml';

export function capPath(messageId: string): string {
  return `/v1/public/cap/${messageId}.xml`;
}
