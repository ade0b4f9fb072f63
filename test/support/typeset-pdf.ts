import PDFDocument from 'pdfkit';

const FONT = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');

export interface TypesetOptions {
  /** Encrypt the PDF with this user password. */
  userPassword?: string;
  /** Blank pages added at the end, to reach at least this many pages. */
  pages?: number;
}

/**
 * A report typeset by another office from its text: A5 pages, its own margins and font size, and
 * a page number “— n —” at the foot of every page, so paragraphs break across pages where the
 * sealed PDF does not. Each string is a paragraph.
 */
export async function typesetPdf(paragraphs: readonly string[], options: TypesetOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A5',
    margins: { top: 40, bottom: 60, left: 36, right: 36 },
    bufferPages: true,
    userPassword: options.userPassword,
    info: { CreationDate: new Date(0) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => doc.on('end', resolve));
  doc.font(FONT).fontSize(11);
  for (const paragraph of paragraphs) doc.text(paragraph, { paragraphGap: 4 });
  for (let count = doc.bufferedPageRange().count; count < (options.pages ?? 0); count += 1) doc.addPage().text('附页');
  const { count } = doc.bufferedPageRange();
  for (let page = 0; page < count; page += 1) {
    doc.switchToPage(page);
    // Below the bottom margin pdfkit would start a new page for the footer.
    doc.page.margins.bottom = 0;
    doc.text(`— ${page + 1} —`, 36, doc.page.height - 40, { width: doc.page.width - 72, align: 'center', lineBreak: false });
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** The paragraphs, headings and table rows of an HTML report (the sealed preview), as another office would copy them out to typeset. */
export function htmlParagraphs(html: string): string[] {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<\/(p|h\d|li|tr|caption|div)>/gi, '\n')
    .replace(/<\/t[dh]>/gi, '  ')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
