# Builds fixtures/demo/inbox/invoices/CLM-651249/Scan_2024-12-18.pdf: a one-page German invoice
# typed here, printed to PDF, rendered at 200 dpi and put back as an office scanner would
# (slightly turned, grey, noisy, JPEG, no text layer). Needs poppler-utils and Pillow.
import io, random, subprocess, sys
from PIL import Image, ImageFilter

lines = [
    (50, 780, 20, "Messebau Hartmann GmbH"),
    (50, 762, 9, "Industriestraße 12 · 81829 München · Tel. +49 89 4411 270 · info@messebau-hartmann.de"),
    (50, 700, 10, "Contoso Deutschland GmbH"),
    (50, 686, 10, "Marketing / Co-op"),
    (50, 672, 10, "Leopoldstraße 44, 80802 München"),
    (360, 700, 16, "RECHNUNG"),
    (360, 680, 10, "Rechnungsnummer:"),
    (460, 680, 10, "MH-2024-1218"),
    (360, 666, 10, "Rechnungsdatum:"),
    (460, 666, 10, "18.12.2024"),
    (360, 652, 10, "Leistungszeitraum:"),
    (460, 652, 10, "10.-12.12.2024"),
    (50, 600, 10, "Pos."), (90, 600, 10, "Beschreibung"), (400, 600, 10, "Menge"), (480, 600, 10, "Betrag"),
    (50, 580, 10, "1"), (90, 580, 10, "Webinar-Studio, Aufbau und Technik"), (400, 580, 10, "1"), (480, 580, 10, "3.450,00 €"),
    (50, 564, 10, "2"), (90, 564, 10, "Moderation und Aufzeichnung"), (400, 564, 10, "2"), (480, 564, 10, "1.200,00 €"),
    (360, 520, 10, "Nettobetrag"), (480, 520, 10, "4.650,00 €"),
    (360, 506, 10, "USt. 19 %"), (480, 506, 10, "883,50 €"),
    (360, 488, 11, "Gesamtbetrag"), (480, 488, 11, "5.533,50 €"),
    (50, 440, 10, "Zahlbar innerhalb von 30 Tagen ohne Abzug."),
    (50, 120, 8, "Messebau Hartmann GmbH · Amtsgericht München HRB 204417 · USt-IdNr. DE 287 441 093"),
    (50, 108, 8, "Stadtsparkasse München · IBAN DE12 7015 0000 1002 4471 93 · BIC SSKMDEMMXXX"),
]
def esc(t):
    return t.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
content = b"".join(b"BT /F1 %d Tf %d %d Td (" % (s, x, y) + esc(t) + b") Tj ET\n" for x, y, s, t in lines)
objs = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
]
out = io.BytesIO(); out.write(b"%PDF-1.4\n"); offsets = []
for i, o in enumerate(objs, 1):
    offsets.append(out.tell()); out.write(b"%d 0 obj\n" % i + o + b"\nendobj\n")
xref = out.tell()
out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
for off in offsets: out.write(b"%010d 00000 n \n" % off)
out.write(b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
open("typed.pdf", "wb").write(out.getvalue())
png = subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", "typed.pdf"], capture_output=True, check=True).stdout
page = Image.open(io.BytesIO(png)).convert("L")
random.seed(651249)
page = page.rotate(0.8, resample=Image.BICUBIC, expand=False, fillcolor=255).filter(ImageFilter.GaussianBlur(0.5))
px = page.load()
for y in range(page.height):
    for x in range(page.width):
        v = px[x, y] * 0.9 + 14 + random.gauss(0, 3)
        px[x, y] = max(0, min(255, int(v)))
page.save(sys.argv[1], "PDF", resolution=200.0, quality=75)
