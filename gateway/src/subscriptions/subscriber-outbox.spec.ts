import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PreparedMessage, SubscriberOutbox } from './subscriber-outbox.js';

function outbox(max = 10) {
  const sent: string[] = [];
  let closed = 0;
  const box = new SubscriberOutbox(
    max,
    (messages) => sent.push(messages.map((message) => message.text).join('+')),
    () => closed++,
  );
  return { box, sent, closed: () => closed };
}

describe('the subscriber outbox', () => {
  it('sends in the order messages were offered, even when they are prepared out of order, and skips empty ones', () => {
    const { box, sent } = outbox();
    const [first, second, third] = [new PreparedMessage(), new PreparedMessage(), new PreparedMessage()];
    for (const message of [first, second, third]) box.offer(message);
    void box.next();
    third.resolve('3');
    second.resolve(null);
    assert.equal(box.flush(), 0, 'the first message is still loading');
    first.resolve('1');
    assert.equal(box.flush(), 2);
    assert.deepEqual(sent, ['1+3'], 'the messages that waited go out in one write');
  });

  it('sends nothing before the transport starts reading, then what is ready at once', () => {
    const { box, sent } = outbox();
    box.offer(PreparedMessage.of('snapshot'));
    assert.equal(box.flush(), 0);
    void box.next();
    assert.deepEqual(sent, ['snapshot']);
  });

  it('refuses a message beyond its bound instead of growing', () => {
    const { box } = outbox(2);
    assert.equal(box.offer(new PreparedMessage()), true);
    assert.equal(box.offer(new PreparedMessage()), true);
    assert.equal(box.offer(new PreparedMessage()), false);
    assert.equal(box.size, 2);
  });

  it('ends after the messages already taken, and refuses more once ending', async () => {
    const { box, sent, closed } = outbox();
    const reading = box.next();
    const last = new PreparedMessage();
    box.offer(last);
    box.end();
    assert.equal(box.offer(PreparedMessage.of('late')), false);
    assert.equal(closed(), 0, 'the taken message is still loading');
    last.resolve('last');
    box.flush();
    assert.deepEqual(sent, ['last']);
    assert.equal((await reading).done, true);
    assert.equal(closed(), 1);
  });

  it('runs its close callback exactly once when the transport returns it, and sends nothing after', async () => {
    const { box, sent, closed } = outbox();
    const reading = box.next();
    const pending = new PreparedMessage();
    box.offer(pending);
    await box.return();
    assert.equal((await reading).done, true);
    await box.return();
    pending.resolve('too late');
    box.flush();
    assert.deepEqual(sent, []);
    assert.equal(closed(), 1);
  });
});
