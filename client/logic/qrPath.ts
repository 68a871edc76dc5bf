// Encodes text as a QR code and describes its dark modules as one SVG path (pure, no DOM).

import qrcode from 'qrcode-generator';

/** Medium error correction: survives a glare or a smudge on a projected screen, stays compact. */
const ERROR_CORRECTION = 'M';
/** Type number 0 lets the library pick the smallest symbol that fits the text. */
const AUTO_SIZE = 0;
/** Light modules around the symbol, as the QR specification requires for scanners. */
export const QUIET_ZONE = 4;

export interface QrShape {
  /** Modules per side, quiet zone included: the SVG's viewBox is `0 0 size size`. */
  size: number;
  /** The dark modules, each horizontal run as one `M x y h n v1 h-n z` rectangle, in viewBox units. */
  path: string;
}

/** The QR code of `text`, bytes as UTF-8 (the library's own conversion keeps only the low byte). */
export function qrShape(text: string): QrShape {
  const code = qrcode(AUTO_SIZE, ERROR_CORRECTION);
  const utf8 = new TextEncoder().encode(text);
  code.addData(String.fromCharCode(...utf8), 'Byte');
  code.make();
  const count = code.getModuleCount();
  const runs: string[] = [];
  for (let row = 0; row < count; row += 1) {
    let col = 0;
    while (col < count) {
      if (!code.isDark(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < count && code.isDark(row, col)) col += 1;
      const x = String(start + QUIET_ZONE);
      const width = String(col - start);
      runs.push(`M${x} ${String(row + QUIET_ZONE)}h${width}v1h-${width}z`);
    }
  }
  return { size: count + 2 * QUIET_ZONE, path: runs.join('') };
}
