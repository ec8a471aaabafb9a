import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { SimError } from '../sim-error.js';

// jsqr is CommonJS typed as an ES module: its callable is the default export's `default`.
const jsQR = jsQRModule.default;

const DATA_URL = /^data:image\/png;base64,(.+)$/s;

/** Reads a QR code from a `data:image/png;base64,` picture, the way a phone camera would. */
export function decodeQrImage(dataUrl: string): string {
  const match = DATA_URL.exec(dataUrl.trim());
  if (!match) throw new SimError('invalid_qr', 'QR image must be a data:image/png;base64 URL');
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(match[1]!, 'base64'));
  } catch {
    throw new SimError('invalid_qr', 'QR image is not a readable PNG');
  }
  const result = jsQR(
    new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
    png.width,
    png.height,
  );
  if (!result?.data) throw new SimError('invalid_qr', 'no QR code found in the image');
  return result.data;
}
