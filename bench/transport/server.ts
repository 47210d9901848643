// One gRPC server for the transport benchmark, answering KV.Range with a fixed response and
// printing the CPU it spent per call once it has served the given number of calls.
import http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { etcdServices } from '../../src/store/grpc/proto.js';
import { Http2GrpcServer } from '../../src/store/grpc/transport/index.js';

const [kind, portText, callsText] = process.argv.slice(2);
const port = Number(portText);
const calls = Number(callsText);
const kv = etcdServices().KV;
const response = {
  header: { cluster_id: 1, member_id: 2, revision: 5, raft_term: 2 },
  kvs: [],
  more: false,
  count: 0,
};

let served = 0;
let started: NodeJS.CpuUsage | undefined;
function served1(): void {
  // The first calls warm up both sides; CPU is counted from the tenth of the run on.
  served += 1;
  if (served === Math.floor(calls / 10)) started = process.cpuUsage();
  if (served === calls && started !== undefined) {
    const used = process.cpuUsage(started);
    const counted = calls - Math.floor(calls / 10);
    process.stdout.write(`${JSON.stringify({ kind, microsPerCall: (used.user + used.system) / counted })}\n`);
  }
}

const handlers: grpc.UntypedServiceImplementation = {};
for (const method of Object.keys(kv)) {
  handlers[method] = (_call: unknown, callback: (err: null, value: unknown) => void) => {
    callback(null, response);
    served1();
  };
}

const ready = () => process.stdout.write('ready\n');
if (kind === 'grpc-js') {
  const server = new grpc.Server({ 'grpc.enable_channelz': 0 });
  server.addService(kv, handlers);
  server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), ready);
} else if (kind === 'setpoint') {
  const server = new Http2GrpcServer({});
  server.addService(kv, handlers);
  server.bindAsync(`127.0.0.1:${port}`, undefined, ready);
} else {
  // The floor: node:http2 decoding the request and writing a fixed answer, no gRPC layer at all.
  const range = kv.Range!;
  const server = http2.createServer();
  server.on('stream', (stream) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      range.requestDeserialize(Buffer.concat(chunks).subarray(5));
      const message = range.responseSerialize(response);
      const frame = Buffer.allocUnsafe(5 + message.length);
      frame[0] = 0;
      frame.writeUInt32BE(message.length, 1);
      message.copy(frame, 5);
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(frame);
      served1();
    });
  });
  server.listen(port, '127.0.0.1', ready);
}
