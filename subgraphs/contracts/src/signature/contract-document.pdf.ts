import type { Color, PDFFont, PDFPage } from 'pdf-lib';
import type { Contract } from '../contract/contract.entity.js';
import type { EnvelopeRequest, EnvelopeTerms } from './signature-provider.js';

/** The terms the signature document prints, read from the contract. */
export const envelopeTermsOf = (contract: Contract): EnvelopeTerms => ({
  companyId: contract.companyId,
  dealId: contract.dealId,
  planType: contract.planType,
  contractedLives: contract.contractedLives,
  monthlyPremiumPerLife: contract.monthlyPremiumPerLife,
  discountPercent: contract.discountPercent,
  monthlyValue: contract.monthlyValue,
  annualValue: contract.annualValue,
  startDate: contract.startDate,
  endDate: contract.endDate,
});

const planNames: Record<string, string> = {
  AMBULATORIAL: 'Ambulatorial',
  HOSPITALAR: 'Hospitalar',
  HOSPITALAR_OBSTETRICIA: 'Hospitalar com obstetrícia',
  REFERENCIA: 'Referência',
  ODONTOLOGICO: 'Odontológico',
};

/** "1234.50" -> "R$ 1.234,50" (the decimals are exact strings; no float on the way). */
export function formatReais(amount: string): string {
  const [whole = '0', cents = '00'] = amount.split('.');
  const negative = whole.startsWith('-');
  const digits = negative ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}R$ ${grouped},${cents.padEnd(2, '0')}`;
}

/** "2027-02-01" -> "01/02/2027". */
const formatDate = (isoDate: string): string => isoDate.split('-').reverse().join('/');

export interface ContractDocumentOptions {
  /** The operator (the health-plan company) named as the first party. */
  readonly operatorName: string;
  /** The issue date printed on the document. */
  readonly issuedAt: Date;
}

/**
 * The contract sent for signature, as a one-page PDF: number, parties (operator, contracting
 * company, signers in order), plan, lives, values and dates. Title and subject carry the
 * contract number too, so the document names it in its metadata as well as on the page.
 */
export async function contractDocumentPdf(request: EnvelopeRequest, options: ContractDocumentOptions): Promise<Buffer> {
  // Loaded on first use: the local provider (npm start) never needs pdf-lib.
  const { PDFDocument, StandardFonts, rgb } = await import('pdf-lib');
  const { terms } = request;
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Contrato ${request.contractNumber}`);
  pdf.setSubject('Contrato de plano de saúde coletivo empresarial');
  pdf.setProducer('Salesgraph');
  pdf.setCreationDate(options.issuedAt);
  const page = pdf.addPage([595.28, 841.89]); // A4
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const writer = lineWriter(page, regular, bold, rgb(0.1, 0.1, 0.3));

  writer.heading('Contrato de plano de saúde coletivo empresarial');
  writer.line('Número do contrato', request.contractNumber);
  writer.line('Data de emissão', formatDate(options.issuedAt.toISOString().slice(0, 10)));
  writer.gap();
  writer.heading('Partes');
  writer.line('Operadora', options.operatorName);
  writer.line('Contratante (empresa)', terms.companyId);
  request.signers.forEach((signer, index) =>
    writer.line(`Signatário ${index + 1}`, `${signer.name} <${signer.email}>`),
  );
  writer.gap();
  writer.heading('Plano e valores');
  writer.line('Plano', planNames[terms.planType] ?? terms.planType);
  writer.line('Vidas contratadas', String(terms.contractedLives));
  writer.line('Mensalidade por vida', formatReais(terms.monthlyPremiumPerLife));
  writer.line('Desconto', `${terms.discountPercent.replace('.', ',')}%`);
  writer.line('Valor mensal', formatReais(terms.monthlyValue));
  writer.line('Valor anual', formatReais(terms.annualValue));
  writer.gap();
  writer.heading('Vigência');
  writer.line('Início', formatDate(terms.startDate));
  writer.line('Término', formatDate(terms.endDate));
  return Buffer.from(await pdf.save());
}

function lineWriter(page: PDFPage, regular: PDFFont, bold: PDFFont, headingColor: Color) {
  let y = page.getHeight() - 64;
  const left = 56;
  return {
    heading(text: string) {
      page.drawText(text, { x: left, y, size: 13, font: bold, color: headingColor });
      y -= 22;
    },
    line(label: string, value: string) {
      page.drawText(`${label}:`, { x: left, y, size: 10.5, font: bold });
      page.drawText(value, { x: left + 150, y, size: 10.5, font: regular });
      y -= 16;
    },
    gap() {
      y -= 10;
    },
  };
}
