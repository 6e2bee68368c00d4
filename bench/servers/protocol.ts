/** What a benchmark server child tells its parent once it is listening. */
export interface ServerReady {
  port: number;
  /** A bearer token for the app server; absent for the hello-world. */
  token?: string;
  database?: string;
  seededEvents?: number;
}

/** Closes the server on SIGTERM or when the parent goes away, so no child outlives a run. */
export function closeOnSignal(close: () => Promise<void>): void {
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('disconnect', stop);
}

export function tellParent(ready: ServerReady): void {
  if (!process.send) throw new Error('this helper must be started with an IPC channel (child_process.fork)');
  process.send(ready);
}
