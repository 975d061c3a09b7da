// Health: is host:port a Kafka broker that serves requests? A minimal Kafka wire-protocol
// client (ApiVersions v0 + Metadata v4..v8) — no npm dependencies.

import crypto from 'node:crypto';
import net from 'node:net';

function kafkaRequest(host, port, apiKey, apiVersion, body, timeoutMs = 3000) {
  return new Promise((resolve, reject) => {
    const correlationId = crypto.randomInt(1, 2 ** 31 - 1);
    const clientId = Buffer.from('salesgraph-kafka-probe');
    const header = Buffer.alloc(10 + clientId.length);
    header.writeInt16BE(apiKey, 0);
    header.writeInt16BE(apiVersion, 2);
    header.writeInt32BE(correlationId, 4);
    header.writeInt16BE(clientId.length, 8);
    clientId.copy(header, 10);
    const size = Buffer.alloc(4);
    size.writeInt32BE(header.length + body.length, 0);

    const sock = net.connect({ host, port });
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (err, val) => {
      if (done) return;
      done = true;
      sock.destroy();
      if (err) reject(err);
      else resolve(val);
    };
    sock.setTimeout(timeoutMs, () => finish(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    sock.on('error', (e) => finish(e));
    sock.on('connect', () => sock.write(Buffer.concat([size, header, body])));
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 4) return;
      const len = buf.readInt32BE(0);
      if (len < 4 || len > 16 * 1024 * 1024) return finish(Object.assign(new Error('bad frame'), { code: 'EPROTO' }));
      if (buf.length < 4 + len) return;
      if (buf.readInt32BE(4) !== correlationId) {
        return finish(Object.assign(new Error('correlation id mismatch'), { code: 'EPROTO' }));
      }
      finish(null, buf.subarray(8, 4 + len));
    });
    sock.on('end', () => finish(Object.assign(new Error('connection closed'), { code: 'ECONNRESET' })));
  });
}

class Reader {
  constructor(buf) {
    this.b = buf;
    this.o = 0;
  }
  i16() {
    const v = this.b.readInt16BE(this.o);
    this.o += 2;
    return v;
  }
  i32() {
    const v = this.b.readInt32BE(this.o);
    this.o += 4;
    return v;
  }
  str() {
    const n = this.i16();
    if (n < 0) return null;
    const s = this.b.toString('utf8', this.o, this.o + n);
    this.o += n;
    return s;
  }
}

async function apiVersions(host, port) {
  const r = new Reader(await kafkaRequest(host, port, 18, 0, Buffer.alloc(0)));
  const errorCode = r.i16();
  // 0 = OK; 35 = UNSUPPORTED_VERSION (the broker still lists what it supports, in v0 format)
  if (errorCode !== 0 && errorCode !== 35)
    throw Object.assign(new Error(`ApiVersions error ${errorCode}`), { code: 'EKAFKA' });
  const n = r.i32();
  if (n < 1 || n > 1000) throw Object.assign(new Error('ApiVersions: bad response'), { code: 'EPROTO' });
  const apis = new Map();
  for (let i = 0; i < n; i++) {
    const key = r.i16();
    apis.set(key, { min: r.i16(), max: r.i16() });
  }
  return apis;
}

async function metadata(host, port, range) {
  // pick a non-flexible version (4..8) so the plain encoding below applies
  const v = Math.min(8, range.max);
  if (v < 4 || v < range.min) return null;
  const body = Buffer.alloc(v >= 8 ? 7 : 5);
  body.writeInt32BE(0, 0); // topics: empty array -> brokers/cluster only
  body.writeInt8(0, 4); // allow_auto_topic_creation=false
  // v8: include_cluster_authorized_operations=false, include_topic_authorized_operations=false
  const r = new Reader(await kafkaRequest(host, port, 3, v, body));
  r.i32(); // throttle_time_ms
  const brokers = [];
  for (let i = 0, n = r.i32(); i < n; i++) {
    const nodeId = r.i32();
    const bhost = r.str();
    const bport = r.i32();
    r.str(); // rack
    brokers.push({ nodeId, host: bhost, port: bport });
  }
  return { brokers, clusterId: r.str(), controllerId: r.i32() };
}

/**
 * Asks host:port whether it is a Kafka broker that serves requests.
 * -> { state: 'serving', apiCount, brokers, clusterId } | { state: 'closed' } | { state: 'not-kafka', reason }
 */
export async function probe(host, port) {
  let apis;
  try {
    apis = await apiVersions(host, port);
  } catch (e) {
    if (e.code === 'ECONNREFUSED') return { state: 'closed' };
    return { state: 'not-kafka', reason: e.message };
  }
  const res = { state: 'serving', apiCount: apis.size, brokers: [], clusterId: null };
  const range = apis.get(3);
  if (range) {
    try {
      const md = await metadata(host, port, range);
      if (md) Object.assign(res, md);
      // a broker that is not yet registered/unfenced lists no brokers: not ready yet
      if (md && md.brokers.length === 0) res.state = 'starting';
    } catch (e) {
      res.state = 'starting';
      res.reason = e.message;
    }
  }
  return res;
}
