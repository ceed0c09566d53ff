// A stand-in for the national query platform (全国特种作业操作证查询平台), speaking the interface of
// docs/national-query.md, for tests: run as its own process on loopback.
//   node scripts/national-query-stub.mjs <fixture.json>
// fixture: { "token": "...", "records": [record…], "slow": ["T…"], "failing": ["T…"], "answeredAt": "…" }
// Prints "LISTENING <port>" once it accepts connections. GET /__requests answers how many queries it had.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const fixture = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let queries = 0;

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const send = (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === '/__requests') return send(200, { queries });
  if (url.pathname !== '/api/certificates/query' || req.method !== 'GET') return send(404, { error: 'not_found' });
  queries += 1;
  if (fixture.token && req.headers.authorization !== `Bearer ${fixture.token}`)
    return send(401, { error: 'unauthorised' });
  const number = (url.searchParams.get('number') ?? '').toUpperCase();
  const name = url.searchParams.get('name') ?? '';
  if (!number || !name) return send(400, { error: 'number_and_name_required' });
  if ((fixture.failing ?? []).includes(number)) return send(500, { error: 'internal' });
  const answer = () => {
    const records = fixture.records.filter((r) => r.number === number && r.holderName === name);
    send(200, {
      schema: 'quanlian.national-certificate-query/1',
      found: records.length > 0,
      answeredAt: fixture.answeredAt ?? new Date().toISOString(),
      records,
    });
  };
  if ((fixture.slow ?? []).includes(number)) setTimeout(answer, 5_000);
  else answer();
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
