import QRCode from 'qrcode';

/** The QR text as a PNG (what a phone camera scans). */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', scale: 5, margin: 2 });
}

export async function qrDataUrl(text: string): Promise<string> {
  return `data:image/png;base64,${(await qrPng(text)).toString('base64')}`;
}
