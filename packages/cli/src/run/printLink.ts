// Shows a pairing link to the person at the desk: a QR code for a phone, and the URL.
import QRCode from "qrcode";

export async function renderLink(url: string, opts: { qr: boolean }): Promise<string> {
  const lines: string[] = [];
  if (opts.qr) lines.push(await QRCode.toString(url, { type: "terminal", small: true, errorCorrectionLevel: "L" }));
  lines.push(`  Open on your phone or another computer:\n  ${url}\n`);
  return lines.join("\n");
}
