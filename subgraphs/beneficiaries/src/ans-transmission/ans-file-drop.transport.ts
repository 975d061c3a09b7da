import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RetryableError } from '@salesgraph/retry';
import {
  parseAnsAnswer,
  type AnsAnswer,
  type AnsReceipt,
  type AnsSubmission,
  type AnsTransport,
} from './ans-transport.js';

/**
 * The file-drop transport: a signed batch is written to `<dir>/envio/<batchId>.xml` (atomically:
 * a temporary name, then a rename), for the regulator's agent (or an SFTP sync) to pick up; the
 * answer is read from `<dir>/retorno/<batchId>.xml` once it appears (a `retornoLote`).
 */
export class FileDropAnsTransport implements AnsTransport {
  readonly name = 'file-drop';

  constructor(private readonly directory: string) {}

  async send(submission: AnsSubmission): Promise<AnsReceipt> {
    const outbox = join(this.directory, 'envio');
    try {
      await mkdir(outbox, { recursive: true });
      const temporary = join(outbox, `.${submission.batchId}.xml.partial`);
      await writeFile(temporary, submission.signedXml, 'utf8');
      await rename(temporary, join(outbox, `${submission.batchId}.xml`));
    } catch (error) {
      throw new RetryableError(`the ANS drop folder is not writable (${(error as NodeJS.ErrnoException).code})`);
    }
    return { protocol: null, receiptXml: null };
  }

  async fetchAnswer(batch: { readonly batchId: string }): Promise<AnsAnswer | null> {
    let xml: string;
    try {
      xml = await readFile(join(this.directory, 'retorno', `${batch.batchId}.xml`), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new RetryableError(`the ANS answer folder is not readable (${(error as NodeJS.ErrnoException).code})`);
    }
    return parseAnsAnswer(xml);
  }
}
