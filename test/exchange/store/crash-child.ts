import { SqliteMessageStore } from '../../../src/exchange/store/sqlite-message-store.js';
import { CRASH_SENDER, crashMessage } from './crash-messages.js';

/**
 * The publisher of the crash test, run as its own process and killed with SIGKILL at a random
 * moment. It appends messages forever and prints "ack N" after the append of message N returned,
 * the moment the service would send its receipt. Standard output to a pipe is synchronous on
 * Linux, so a printed ack has reached the parent before the next append starts.
 */
const [path, batchArg] = process.argv.slice(2);
if (!path) throw new Error('usage: crash-child DATABASE [BATCH]');
const batch = Number(batchArg ?? '1');
const store = SqliteMessageStore.open(path);
let sequence = store.lastSequence(CRASH_SENDER) ?? 0;
// First resend the last stored message, as a publisher does whose receipt was lost in the crash.
if (sequence > 0) {
  const { envelope, releases } = crashMessage(sequence);
  const again = store.append(envelope, releases);
  if (again.outcome !== 'duplicate') throw new Error(`message ${sequence} was not absorbed as a duplicate`);
}
process.stdout.write('ready\n');
for (;;) {
  if (batch === 1) {
    sequence++;
    const { envelope, releases } = crashMessage(sequence);
    store.append(envelope, releases);
    process.stdout.write(`ack ${sequence}\n`);
  } else {
    const requests = Array.from({ length: batch }, (_, i) => crashMessage(sequence + 1 + i));
    const outcomes = store.appendMany(requests);
    if (outcomes.some((o) => o.outcome !== 'stored')) throw new Error('a batch message was not stored');
    sequence += batch;
    process.stdout.write(`ack ${sequence}\n`);
  }
}
