#!/usr/bin/env node
// Local Apache Kafka broker for Salesgraph development and tests.
//
// Runs the official Apache Kafka jars (org.apache.kafka:kafka_2.13, resolved by Maven
// from Maven Central into ~/.m2) as a single-node KRaft cluster (combined
// broker + controller) on 127.0.0.1:9092. No Docker, no tarball, no npm dependencies.
//
// CLI:    node docker/kafka/kafka.mjs start|stop|status|restart
// Module: import { startKafka, stopKafka, isKafkaRunning } from './docker/kafka/kafka.mjs'
//
// Environment overrides (all optional):
//   KAFKA_DATA_DIR         broker data dir (default <repo>/.data/kafka); use a temp dir for
//                          a throwaway broker in tests
//   KAFKA_PORT             client (PLAINTEXT) port, default 9092
//   KAFKA_CONTROLLER_PORT  KRaft controller port, default KAFKA_PORT + 1
//   JAVA_HOME / MVN        which java / mvn to use (default: java, mvn on PATH)
//
// Works on Node 20+ (plain ESM, built-in modules only). Parts, one job each:
//   jars.mjs (Java + Maven classpath), configure.mjs (ports, server.properties, storage format),
//   lifecycle.mjs (start/stop/status), health.mjs (wire-protocol probe), processes.mjs (our pid only),
//   broker-logs.mjs (log tails), paths.mjs, io.mjs.

import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kafkaStatus, startKafka, stopKafka } from './lifecycle.mjs';

export { isKafkaRunning, kafkaStatus, startKafka, stopKafka } from './lifecycle.mjs';

export const KAFKA_BOOTSTRAP = '127.0.0.1:9092';

async function main(argv) {
  const cmd = argv[0];
  switch (cmd) {
    case 'start':
      await startKafka();
      return 0;
    case 'stop':
      await stopKafka();
      return 0;
    case 'restart':
      await stopKafka();
      await startKafka();
      return 0;
    case 'status': {
      const s = await kafkaStatus();
      const who = s.pid
        ? s.ours
          ? `our broker pid ${s.pid}`
          : `pid ${s.pid} (not recognised as our broker)`
        : 'no broker process from this script';
      if (s.serving) {
        console.log(
          `[kafka] serving on ${s.bootstrap}: ${who}, cluster id ${s.clusterId}, ${s.apiCount} APIs${s.version ? `, Kafka ${s.version}` : ''}`,
        );
      } else if (s.state === 'starting') {
        console.log(`[kafka] starting on ${s.bootstrap} (${who})`);
      } else if (s.state === 'not-kafka') {
        console.log(`[kafka] ${s.bootstrap} is in use by something that is not a Kafka broker (${who})`);
      } else {
        console.log(`[kafka] not running on ${s.bootstrap} (${who})`);
      }
      console.log(`[kafka] data: ${s.dataDir}  log: ${s.logFile}`);
      return s.serving ? 0 : 3;
    }
    default:
      console.error('usage: node docker/kafka/kafka.mjs start|stop|status|restart');
      return 2;
  }
}

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`[kafka] ERROR: ${err.message}`);
      process.exit(1);
    },
  );
}
