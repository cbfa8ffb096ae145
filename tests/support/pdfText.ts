/**
 * The text of a PDF, as a reader would extract it (pdf-parse, on pdf.js), with runs of white space
 * made one space. In a child process: pdf.js sets up its worker with a dynamic import, which jest's
 * module system refuses.
 */
import { execFileSync } from 'node:child_process';

const EXTRACT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  const { text, total } = await parser.getText();
  await parser.destroy();
  process.stdout.write(JSON.stringify({ text, pages: total }));
});`;

export function pdfText(pdf: Uint8Array): { text: string; pages: number } {
  const out = execFileSync(process.execPath, ['-e', EXTRACT], { input: pdf, cwd: __dirname, maxBuffer: 64 * 1024 * 1024 });
  const { text, pages } = JSON.parse(out.toString()) as { text: string; pages: number };
  return { text: text.replace(/\s+/g, ' '), pages };
}
