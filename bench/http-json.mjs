// One JSON request over a given agent, as a browser sends it, and a bounded fan-out: shared by the HTTP
// benches and their client processes. Plain JavaScript so the clients run on node without a compiler.
import http from 'node:http';

export function jsonRequest(port, agent, method, path, body, headers = {}) {
  // No body (a GET): no content type either.
  const payload = body === undefined ? '' : JSON.stringify(body);
  const typed = body === undefined ? {} : { 'content-type': 'application/json' };
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: { ...typed, 'content-length': Buffer.byteLength(payload), ...headers },
      },
      (res) => {
        const chunks = [];
        res.on('data', (d) => chunks.push(d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString(),
            setCookie: res.headers['set-cookie'],
            // False when the request had to open a connection first (the agent had no free one).
            reusedSocket: req.reusedSocket,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs `run(0…n-1)` with at most `width` at a time. */
export async function inParallel(n, width, run) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await run(next++);
    }),
  );
}
