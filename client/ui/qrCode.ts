// The QR code of a share link as an inline SVG (built node by node; nothing parsed as markup).

import { qrShape } from '../logic/qrPath.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An `<svg role="img">` of `text`'s QR code: black modules on white, whatever the page's theme. */
export function createQrCode(text: string, label: string): SVGSVGElement {
  const { size, path } = qrShape(text);
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${String(size)} ${String(size)}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('shape-rendering', 'crispEdges');
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', String(size));
  background.setAttribute('height', String(size));
  background.setAttribute('fill', '#fff');
  const modules = document.createElementNS(SVG_NS, 'path');
  modules.setAttribute('d', path);
  modules.setAttribute('fill', '#000');
  svg.append(background, modules);
  return svg;
}
