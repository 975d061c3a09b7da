import { PDFDocument, PDFRawStream, decodePDFRawStream } from 'pdf-lib';

/**
 * Loads a PDF (throws when it is not one) and returns its title and the text its pages show:
 * the hex strings of the `Tj` operators pdf-lib writes for the standard fonts, decoded as
 * WinAnsi (Latin-1 for the characters we print).
 */
export async function pdfText(bytes: Uint8Array): Promise<{ title: string | undefined; pages: number; text: string }> {
  const pdf = await PDFDocument.load(bytes);
  const shown: string[] = [];
  for (const page of pdf.getPages()) {
    const contents = page.node.Contents();
    const streams = contents && 'asArray' in contents ? contents.asArray() : [contents];
    for (const ref of streams) {
      const stream = ref ? pdf.context.lookup(ref) : undefined;
      if (!(stream instanceof PDFRawStream)) continue;
      const source = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      for (const match of source.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g))
        shown.push(Buffer.from(match[1]!, 'hex').toString('latin1'));
    }
  }
  return { title: pdf.getTitle(), pages: pdf.getPageCount(), text: shown.join('\n') };
}
