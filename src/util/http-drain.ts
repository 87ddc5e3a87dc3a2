/**
 * Reading the rest of a refused request body, so that a client still sending it gets the error
 * reply instead of a reset connection (EPIPE) when the server answers early (a body over the
 * limit is refused from its Content-Length, before it is read).
 */

/**
 * Consumes `stream` until its end, or until `cap` bytes were discarded (a client sending far
 * more is cut off). Resolves at once for a stream that already ended.
 */
export function drainBody(
  stream: NodeJS.ReadableStream & { complete?: boolean },
  cap: number,
): Promise<void> {
  if (stream.complete) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const done = (): void => {
      stream.removeListener('data', onData);
      stream.removeListener('end', done);
      stream.removeListener('close', done);
      stream.removeListener('error', done);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > cap) done();
    };
    stream.on('data', onData);
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', done);
    stream.resume();
  });
}
