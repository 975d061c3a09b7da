/** One person in an ANS batch. */
export interface AnsBatchPerson {
  readonly cpf: string;
  readonly name: string;
  readonly birthDate: string;
  readonly inclusionDate: string;
}

export interface AnsBatch {
  readonly operatorRegistration: string;
  /** yyyy-mm-dd */
  readonly sendDate: string;
  readonly contractNumber: string;
  readonly planType: string;
  readonly people: readonly AnsBatchPerson[];
}

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for XML content and attributes; drops characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"']/g, (c) => entities[c]!);
}

const element = (name: string, value: string, indent: string) => `${indent}<${name}>${escapeXml(value)}</${name}>`;

/**
 * The regulator's batch (SIB-style) for a contract's pending beneficiaries: a `cabecalho` with
 * the operator registration and the send date, then one `beneficiario` per person.
 */
export function ansBatchXml(batch: AnsBatch): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<mensagemSIB>',
    '  <cabecalho>',
    element('registroANS', batch.operatorRegistration, '    '),
    element('dataEnvio', batch.sendDate, '    '),
    element('numeroContrato', batch.contractNumber, '    '),
    element('quantidadeBeneficiarios', String(batch.people.length), '    '),
    '  </cabecalho>',
    '  <beneficiarios>',
  ];
  for (const person of batch.people) {
    lines.push(
      '    <beneficiario>',
      element('cpf', person.cpf, '      '),
      element('nome', person.name, '      '),
      element('dataNascimento', person.birthDate, '      '),
      element('plano', batch.planType, '      '),
      element('dataInclusao', person.inclusionDate, '      '),
      '    </beneficiario>',
    );
  }
  lines.push('  </beneficiarios>', '</mensagemSIB>');
  return `${lines.join('\n')}\n`;
}
