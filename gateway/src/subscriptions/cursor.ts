/**
 * A subscription cursor: a position in the subscription's source topic as Kafka numbers it —
 * per partition, the offset of the first event the subscriber has not been brought past
 * (Kafka's committed-offset convention). Every gateway instance consumes the same topics, so
 * a cursor means the same thing on every instance (SUBSCRIPTIONS.md, section 5).
 *
 * Opaque to clients: base64url of `sg2:<topic tag>:<offsets>`, the tag a hash of the topic's
 * name, the offsets in base 36, one per partition in partition order, separated by dots.
 */
export interface Cursor {
  /** The source topic's tag: a cursor of another topic is never resumed. */
  readonly topicTag: string;
  /** Per partition (index = partition number), the next offset. */
  readonly next: readonly number[];
}

const prefix = 'sg2';
/** Cursors name at most this many partitions, which bounds their length. */
export const MAX_CURSOR_PARTITIONS = 128;
const maxText = Math.ceil((prefix.length + 10 + MAX_CURSOR_PARTITIONS * 12) / 3) * 4;
const offsetPattern = /^(0|[1-9a-z][0-9a-z]{0,10})$/;
/** The former, per-process cursor (`sg1:<epoch>:<seq>`): still accepted, never resumable. */
const formerPattern = /^sg1:[a-z0-9]{1,40}:\d{1,15}$/;
const tags = new Map<string, string>();

/** The topic's tag: FNV-1a (32 bits) of its name, 8 hex digits. */
export function topicTag(topic: string): string {
  let tag = tags.get(topic);
  if (tag === undefined) {
    let hash = 0x811c9dc5;
    for (const byte of Buffer.from(topic, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    tag = hash.toString(16).padStart(8, '0');
    tags.set(topic, tag);
  }
  return tag;
}

export function encodeCursor(topic: string, next: readonly number[]): string {
  const offsets = next.map((offset) => offset.toString(36)).join('.');
  return Buffer.from(`${prefix}:${topicTag(topic)}:${offsets}`, 'utf8').toString('base64url');
}

/** The later of two positions, partition by partition (a partition missing from either: the other's). */
export function laterOf(a: readonly number[], b: readonly number[]): number[] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, p) => Math.max(a[p] ?? 0, b[p] ?? 0));
}

/** The cursor, or null when the text is not one this graph issues. */
export function decodeCursor(text: string): Cursor | null {
  if (text.length === 0 || text.length > maxText || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  if (formerPattern.test(decoded)) return { topicTag: '', next: [] };
  const [version, tag, offsets, extra] = decoded.split(':');
  if (version !== prefix || !tag || !/^[0-9a-f]{8}$/.test(tag) || offsets === undefined || extra !== undefined)
    return null;
  // No offsets: a position taken before the topic was consumed (valid, never resumable).
  const parts = offsets === '' ? [] : offsets.split('.');
  if (parts.length > MAX_CURSOR_PARTITIONS || !parts.every((part) => offsetPattern.test(part))) return null;
  const next = parts.map((part) => parseInt(part, 36));
  if (!next.every(Number.isSafeInteger)) return null;
  // Canonical only: the text must be exactly what this graph would have written.
  if (Buffer.from(decoded, 'utf8').toString('base64url') !== text) return null;
  return { topicTag: tag, next };
}
