/**
 * Wait until SIGINT (Ctrl-C) or SIGTERM, then close the server: open connections end and the
 * command returns (the servers of `serve` and `exchange serve`).
 */
export function closeOnSignal(server: { close(): Promise<void> }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close().then(resolve, reject);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
