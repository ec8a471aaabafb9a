import { PNG } from 'pngjs';
import QRCode from 'qrcode';

const SCALE = 5;
const MARGIN = 2;

/**
 * The QR text as a PNG, synchronously (a renderer is pure and synchronous): black modules on
 * white, 5 px per module, a 2-module quiet zone, the same picture the gateway serves.
 */
export function qrPngSync(text: string): Buffer {
  const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const side = (size + 2 * MARGIN) * SCALE;
  const png = new PNG({ width: side, height: side });
  png.data.fill(0xff);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!data[row * size + col]) continue;
      for (let y = 0; y < SCALE; y++) {
        const top = ((row + MARGIN) * SCALE + y) * side;
        for (let x = 0; x < SCALE; x++) {
          const at = (top + (col + MARGIN) * SCALE + x) * 4;
          png.data[at] = png.data[at + 1] = png.data[at + 2] = 0;
        }
      }
    }
  }
  return PNG.sync.write(png);
}
