import QRCode from "qrcode";
import type { QrFormat } from "../api/links.js";

/** The link commands name the formats from here. */
export { QR_FORMATS, type QrFormat } from "../api/links.js";

/** A QR code of the short URL: SVG text or PNG bytes, with a quiet zone so phones read it from print. */
export async function renderQr(url: string, format: QrFormat): Promise<Buffer> {
  const options = { errorCorrectionLevel: "M" as const, margin: 4 };
  if (format === "svg") return Buffer.from(await QRCode.toString(url, { ...options, type: "svg" }));
  return QRCode.toBuffer(url, { ...options, type: "png", width: 512 });
}
