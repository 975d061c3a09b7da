/**
 * A subscription cursor: the position of an event in one gateway process's event log
 * (`epoch` = that process's start id, `seq` = its position, increasing across every consumed
 * event). Opaque to clients (base64url). Positions of another process, or of this one before a
 * restart, cannot be compared, so resuming with them yields a snapshot (SUBSCRIPTIONS.md).
 */
export interface Cursor {
  readonly epoch: string;
  readonly seq: number;
}

const prefix = 'sg1';

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${prefix}:${cursor.epoch}:${cursor.seq}`, 'utf8').toString('base64url');
}

/** The cursor, or null when the text is not one this gateway issues. */
export function decodeCursor(text: string): Cursor | null {
  if (text.length > 200 || !/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const [version, epoch, seq, extra] = Buffer.from(text, 'base64url').toString('utf8').split(':');
  if (
    version !== prefix ||
    !epoch ||
    !/^[a-z0-9]{1,40}$/.test(epoch) ||
    !seq ||
    !/^\d{1,15}$/.test(seq) ||
    extra !== undefined
  )
    return null;
  return { epoch, seq: Number(seq) };
}
