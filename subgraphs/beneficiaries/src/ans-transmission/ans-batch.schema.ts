import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The XSD of the batch we send (subgraphs/beneficiaries/schemas, beside src and dist). */
export const ANS_BATCH_XSD = fileURLToPath(new URL('../../schemas/ans-batch.xsd', import.meta.url));

/** One schema violation, without the offending value (it may be a CPF or a name). */
export interface SchemaViolation {
  readonly line: number;
  readonly element: string;
  readonly rule: string;
}

export class AnsBatchInvalid extends Error {
  constructor(readonly violations: readonly SchemaViolation[]) {
    super(
      `The batch does not follow the ANS schema: ${violations
        .map((v) => `line ${v.line}, element ${v.element} (${v.rule})`)
        .join('; ')}`,
    );
    this.name = 'AnsBatchInvalid';
  }
}

/** xmllint's lines, reduced to line, element and the rule broken (never the value). */
function violationsOf(stderr: string): SchemaViolation[] {
  const violations: SchemaViolation[] = [];
  for (const line of stderr.split('\n')) {
    const located = /^-:(\d+): (?:element (\S+): )?/.exec(line);
    if (!located) continue;
    const facet = /\[facet '([^']+)'\]/.exec(line)?.[1];
    const kind = /Schemas validity error|parser error|namespace error/.exec(line)?.[0] ?? 'error';
    violations.push({
      line: Number(located[1]),
      element: located[2] ?? /Element '([^']+)'/.exec(line)?.[1] ?? '(document)',
      rule: facet ?? (kind === 'Schemas validity error' ? 'structure' : kind),
    });
  }
  return violations.length ? violations : [{ line: 0, element: '(document)', rule: 'unreadable' }];
}

/**
 * Validates a batch against the XSD with xmllint (Debian's libxml2-utils), the XML given on
 * stdin. Resolves when it is valid; rejects with AnsBatchInvalid listing every violation.
 */
export function validateAnsBatch(xml: string, xsdPath = ANS_BATCH_XSD): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'xmllint',
      ['--noout', '--nonet', '--schema', xsdPath, '-'],
      { timeout: 30_000, maxBuffer: 4 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        if (!error) return resolve();
        // 3 and 4: the document is not valid; anything else is xmllint itself failing.
        if (typeof error.code === 'number' && [1, 3, 4].includes(error.code))
          return reject(new AnsBatchInvalid(violationsOf(stderr)));
        reject(new Error(`xmllint could not run (${String(error.code ?? error.message)})`));
      },
    );
    child.stdin?.end(xml, 'utf8');
  });
}
