#!/usr/bin/env python3
"""Writes the decoy invoices of fixtures/decoys: one page each, in HTML printed to PDF by
Chromium, with the truth of their five fields beside them.

They test the reader's method, not a sample: each is written the way a program or a clerk of
its country lays an invoice out, in a language or with a trap the other corpora hold little of
(Polish, Czech, Nordic and Portuguese invoices; India's lakhs; `$` in Québec, Australia and
Mexico; an addressee with an honorific; a copy mark; a previous balance beside the total; the
invoice printed twice; a header row of labels over their values; Hungarian and Romanian, Belgian,
Austrian, Irish, Canadian and Argentine invoices). None was written to pass. They were written
in four batches of eight, each read once before anything was mended for it, then mended in the
vocabulary or the method, never for one file: 38/40 right (1 wrong), 37/40 (0 wrong), 37/40
(1 wrong), 31/40 (4 wrong). A fifth batch, of six (Slovak, Slovenian, Croatian, Estonian,
Latvian, Lithuanian), was written after those languages' words were added: 29/30, 0 wrong. A field the reader may fairly leave empty stays in the truth: it
counts as empty, not wrong.

`scripts/corpus-accuracy.py` scores them as the corpus `decoys`; `tests/corpus.rs` holds the
reader to no wrong value on them.

usage: scripts/make-decoys.py [OUT]   (default fixtures/decoys; needs chromium)
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSS = """body{font-family:Arial,Helvetica,sans-serif;font-size:10pt;margin:28px}
table{border-collapse:collapse;width:100%} td,th{padding:4px 6px;text-align:left}
.items th{border-bottom:1px solid #000}.r{text-align:right}.box{border:1px solid #999;padding:8px}
.grid{display:flex;justify-content:space-between;gap:30px}.small{font-size:8pt;color:#444}
h1{font-size:20pt;margin:0}"""

docs = {}
docs['pl-faktura-vat'] = ("""
<div class=grid><div><b style='font-size:14pt'>Drukarnia Wisła Sp. z o.o.</b><br>ul. Długa 14<br>31-147 Kraków<br>NIP: 676-21-34-567</div>
<div><h1>Faktura VAT</h1>nr FV/2024/03/117<br>Data wystawienia: 2024-03-15<br>Data sprzedaży: 2024-03-14<br>Termin płatności: 2024-03-29</div></div>
<br><div class=grid><div class=box><b>Sprzedawca</b><br>Drukarnia Wisła Sp. z o.o.<br>ul. Długa 14, 31-147 Kraków</div>
<div class=box><b>Nabywca</b><br>Adatum Polska S.A.<br>ul. Prosta 20<br>00-850 Warszawa<br>NIP: 527-00-11-222</div></div><br>
<table class=items><tr><th>Lp.</th><th>Nazwa towaru lub usługi</th><th>Ilość</th><th>Cena netto</th><th>Wartość netto</th><th>VAT</th><th>Wartość brutto</th></tr>
<tr><td>1</td><td>Ulotki A5, nakład 10 000</td><td>1</td><td class=r>8 500,00</td><td class=r>8 500,00</td><td>23%</td><td class=r>10 455,00</td></tr>
<tr><td>2</td><td>Plakaty B1</td><td>40</td><td class=r>41,00</td><td class=r>1 640,00</td><td>23%</td><td class=r>2 017,20</td></tr></table><br>
<table><tr><td class=r>Razem netto:</td><td class=r>10 140,00 PLN</td></tr><tr><td class=r>VAT 23%:</td><td class=r>2 332,20 PLN</td></tr>
<tr><td class=r><b>Razem do zapłaty:</b></td><td class=r><b>12 472,20 PLN</b></td></tr></table>
<p>Słownie: dwanaście tysięcy czterysta siedemdziesiąt dwa 20/100 PLN</p>
""", dict(invoice_number="FV/2024/03/117", document_date="2024-03-15", amount="12472.20", currency="PLN", vendor="Drukarnia Wisła Sp. z o.o."))
docs['cs-danovy-doklad'] = ("""
<table><tr><td><h1>Faktura - daňový doklad č. 20240117</h1></td></tr></table><br>
<div class=grid><div><b>Dodavatel:</b><br>Reklamní studio Vltava s.r.o.<br>Na Příkopě 12<br>110 00 Praha 1<br>IČO: 27182818 DIČ: CZ27182818</div>
<div><b>Odběratel:</b><br>Adatum Czech a.s.<br>Vinohradská 2<br>120 00 Praha 2<br>IČO: 12345678</div></div><br>
<table><tr><td>Datum vystavení:</td><td>15. 3. 2024</td><td>Datum splatnosti:</td><td>29. 3. 2024</td></tr>
<tr><td>Datum uskutečnění plnění:</td><td>14. 3. 2024</td><td>Variabilní symbol:</td><td>20240117</td></tr></table><br>
<table class=items><tr><th>Označení dodávky</th><th>Počet</th><th>Cena za MJ</th><th>DPH %</th><th>Celkem</th></tr>
<tr><td>Kampaň na sociálních sítích</td><td>1</td><td class=r>20 000,00</td><td>21</td><td class=r>24 200,00</td></tr></table><br>
<table><tr><td class=r>Základ daně:</td><td class=r>20 000,00 Kč</td></tr><tr><td class=r>DPH 21 %:</td><td class=r>4 200,00 Kč</td></tr>
<tr><td class=r><b>Celkem k úhradě:</b></td><td class=r><b>24 200,00 Kč</b></td></tr></table>
""", dict(invoice_number="20240117", document_date="2024-03-15", amount="24200.00", currency="CZK", vendor="Reklamní studio Vltava s.r.o."))
docs['sv-faktura-att-betala'] = ("""
<div class=grid><div><b style='font-size:16pt'>Nordljus Media AB</b><br>Kungsgatan 44<br>111 35 Stockholm</div>
<div><h1>Faktura</h1><table><tr><td>Fakturanummer</td><td>10045</td></tr><tr><td>Fakturadatum</td><td>2024-03-15</td></tr>
<tr><td>Förfallodatum</td><td>2024-04-14</td></tr><tr><td>Er referens</td><td>Anna Berg</td></tr></table></div></div><br>
<div class=box style='width:45%;margin-left:auto'>Adatum Sverige AB<br>Box 123<br>411 01 Göteborg</div><br>
<table class=items><tr><th>Beskrivning</th><th>Antal</th><th>À-pris</th><th>Belopp</th></tr>
<tr><td>Annonskampanj mars</td><td>1</td><td class=r>69 000,00</td><td class=r>69 000,00</td></tr></table><br>
<table><tr><td class=r>Netto</td><td class=r>69 000,00</td></tr><tr><td class=r>Moms 25%</td><td class=r>17 250,00</td></tr>
<tr><td class=r><b>Att betala</b></td><td class=r><b>86 250 kr</b></td></tr></table>
<p class=small>Nordljus Media AB · Org.nr 556677-8899 · Momsreg.nr SE556677889901 · Bankgiro 123-4567 · Innehar F-skattsedel</p>
""", dict(invoice_number="10045", document_date="2024-03-15", amount="86250.00", currency="SEK", vendor="Nordljus Media AB"))
docs['da-faktura-total-dkk'] = ("""
<div class=grid><div><h1>Faktura</h1></div><div><b>Hygge Reklame ApS</b><br>Vesterbrogade 10<br>1620 København V<br>CVR-nr. 12345678</div></div><br>
<div class=grid><div>Adatum Danmark A/S<br>Strandvejen 100<br>2900 Hellerup</div>
<div><table><tr><td>Fakturanr.</td><td>2024-117</td></tr><tr><td>Fakturadato</td><td>15.03.2024</td></tr><tr><td>Forfaldsdato</td><td>14.04.2024</td></tr></table></div></div><br>
<table class=items><tr><th>Beskrivelse</th><th>Antal</th><th>Enhedspris</th><th>Beløb</th></tr>
<tr><td>Udendørs kampagne</td><td>1</td><td class=r>10.000,00</td><td class=r>10.000,00</td></tr></table><br>
<table><tr><td class=r>Subtotal</td><td class=r>10.000,00</td></tr><tr><td class=r>Moms 25%</td><td class=r>2.500,00</td></tr>
<tr><td class=r><b>Total DKK</b></td><td class=r><b>12.500,00</b></td></tr></table>
""", dict(invoice_number="2024-117", document_date="2024-03-15", amount="12500.00", currency="DKK", vendor="Hygge Reklame ApS"))
docs['fi-lasku'] = ("""
<div class=grid><div><b style='font-size:15pt'>Revontuli Markkinointi Oy</b><br>Mannerheimintie 5<br>00100 Helsinki<br>Y-tunnus 1234567-8</div>
<div><h1>LASKU</h1><table><tr><td>Laskun numero</td><td>4471</td></tr><tr><td>Päiväys</td><td>15.3.2024</td></tr><tr><td>Eräpäivä</td><td>29.3.2024</td></tr><tr><td>Viitenumero</td><td>44712</td></tr></table></div></div><br>
<div>Adatum Finland Oy<br>Keilaranta 1<br>02150 Espoo</div><br>
<table class=items><tr><th>Tuote</th><th>Määrä</th><th>à hinta</th><th>ALV %</th><th>Yhteensä</th></tr>
<tr><td>Messuosasto</td><td>1</td><td class=r>995,00</td><td>24</td><td class=r>1 233,80</td></tr></table><br>
<table><tr><td class=r>Veroton summa</td><td class=r>995,00 €</td></tr><tr><td class=r>ALV 24 %</td><td class=r>238,80 €</td></tr>
<tr><td class=r><b>Maksettava yhteensä</b></td><td class=r><b>1 233,80 €</b></td></tr></table>
""", dict(invoice_number="4471", document_date="2024-03-15", amount="1233.80", currency="EUR", vendor="Revontuli Markkinointi Oy"))
docs['pt-fatura-serie'] = ("""
<div class=grid><div><b style='font-size:15pt'>Atlântico Comunicação Lda.</b><br>Rua Augusta 100<br>1100-053 Lisboa<br>NIF 501234567</div>
<div><h1>Fatura</h1>N.º FT 2024/117<br>Data de emissão: 15/03/2024<br>Data de vencimento: 14/04/2024</div></div><br>
<div class=box style='width:45%'>Exmo. Senhor<br>Adatum Portugal S.A.<br>Av. da Liberdade 1<br>1250-096 Lisboa</div><br>
<table class=items><tr><th>Descrição</th><th>Qtd.</th><th>Preço unit.</th><th>IVA</th><th>Valor</th></tr>
<tr><td>Campanha de rádio</td><td>1</td><td class=r>2.000,00</td><td>23%</td><td class=r>2.000,00</td></tr></table><br>
<table><tr><td class=r>Total ilíquido</td><td class=r>2.000,00 €</td></tr><tr><td class=r>IVA 23%</td><td class=r>460,00 €</td></tr>
<tr><td class=r><b>Total a pagar</b></td><td class=r><b>2.460,00 €</b></td></tr></table>
""", dict(invoice_number="FT 2024/117", document_date="2024-03-15", amount="2460.00", currency="EUR", vendor="Atlântico Comunicação Lda."))
docs['en-us-previous-balance'] = ("""
<div class=grid><div style='font-size:22pt;font-weight:bold'>BRIGHTPATH</div><div style='text-align:right'><h1>INVOICE</h1># 1001<br>Date: March 15, 2024<br>Due: April 14, 2024</div></div>
<div class=small>BrightPath Creative, LLC · 500 Market St, Suite 12 · San Francisco, CA 94105 · billing@brightpathcreative.com</div><br>
<div class=grid><div><b>BILL TO</b><br>Adatum Corporation<br>1 Microsoft Way<br>Redmond, WA 98052</div><div><b>SHIP TO</b><br>Adatum Corporation<br>Attn: Marketing</div></div><br>
<table class=items><tr><th>Description</th><th>Hours</th><th>Rate</th><th>Amount</th></tr>
<tr><td>Trade show booth design</td><td>96</td><td class=r>$130.00</td><td class=r>$12,480.00</td></tr></table><br>
<table><tr><td class=r>Subtotal</td><td class=r>$12,480.00</td></tr><tr><td class=r>Tax (0%)</td><td class=r>$0.00</td></tr>
<tr><td class=r>Previous balance</td><td class=r>$1,200.00</td></tr>
<tr><td class=r><b>TOTAL USD</b></td><td class=r><b>$12,480.00</b></td></tr></table>
""", dict(invoice_number="1001", document_date="2024-03-15", amount="12480.00", currency="USD", vendor="BrightPath Creative, LLC"))
docs['it-fattura-del'] = ("""
<div><b style='font-size:15pt'>Studio Grafico Aurora S.r.l.</b><br>Via Roma 10 - 20121 Milano<br>P.IVA IT01234567890</div><br>
<div class=box>Spett.le<br>Adatum Italia S.p.A.<br>Corso Venezia 5<br>20121 Milano</div><br>
<p><b>Fattura n. 12/2024 del 15/03/2024</b></p>
<table class=items><tr><th>Descrizione</th><th>Quantità</th><th>Prezzo</th><th>Importo</th></tr>
<tr><td>Progettazione brochure</td><td>1</td><td class=r>1.000,00</td><td class=r>1.000,00</td></tr></table><br>
<table><tr><td class=r>Imponibile</td><td class=r>1.000,00</td></tr><tr><td class=r>IVA 22%</td><td class=r>220,00</td></tr>
<tr><td class=r><b>Totale documento</b></td><td class=r><b>€ 1.220,00</b></td></tr></table>
<p class=small>Scadenza pagamento: 14/04/2024 — IBAN IT60X0542811101000000123456</p>
""", dict(invoice_number="12/2024", document_date="2024-03-15", amount="1220.00", currency="EUR", vendor="Studio Grafico Aurora S.r.l."))
docs['en-title-number-below'] = ("""
<div class=grid><div><b style='font-size:13pt'>BILL TO</b><br>Adatum Corporation<br>1 Microsoft Way<br>Redmond, WA 98052</div>
<div style='text-align:right'><b style='font-size:16pt'>Harbor Lane Media Group,</b> <b style='font-size:16pt'>Inc.</b><br>88 Pier Avenue<br>Santa Monica, CA 90405<br>Tel (310) 555-0134</div></div><br>
<h1>INVOICE</h1><div>INV/2023/01187</div><div>Issued: 09/14/2023 &nbsp; Due: 10/14/2023</div><p style='text-align:right'>ORIGINAL</p>
<table class=items><tr><th>Item</th><th>Qty</th><th>Unit price</th><th>Line total</th></tr>
<tr><td>Video production</td><td>1</td><td class=r>10,400.00</td><td class=r>10,400.00</td></tr>
<tr><td>Editing</td><td>16</td><td class=r>130.00</td><td class=r>2,080.00</td></tr></table><br>
<table><tr><td class=r>Subtotal</td><td class=r>12,480.00</td></tr><tr><td class=r><b>TOTAL USD</b></td><td class=r><b>$12,480.00</b></td></tr></table>
""", dict(invoice_number="INV/2023/01187", document_date="2023-09-14", amount="12480.00", currency="USD", vendor="Harbor Lane Media Group, Inc."))
docs['de-number-under-title-footer-issuer'] = ("""
<div class=small>Messebau Köhler GmbH · Hanauer Landstr. 8 · 60314 Frankfurt</div>
<div>Herrn<br>Max Mustermann<br>Adatum GmbH<br>Königsallee 1<br>40212 Düsseldorf</div><br><br>
<h1>Rechnung</h1><div>8812044</div><div style='text-align:right'>Frankfurt, 21. 06. 2019</div><br>
<table class=items><tr><th>Pos.</th><th>Bezeichnung</th><th>Menge</th><th>Einzelpreis</th><th>Gesamtpreis</th></tr>
<tr><td>1</td><td>Standbau Messe</td><td>1</td><td class=r>4.200,00 €</td><td class=r>4.200,00 €</td></tr></table><br>
<table><tr><td class=r>Nettobetrag</td><td class=r>4.200,00 €</td></tr><tr><td class=r>zzgl. 19 % USt.</td><td class=r>798,00 €</td></tr>
<tr><td class=r><b>Bruttobetrag</b></td><td class=r><b>4.998,00 €</b></td></tr></table>
<p>Zahlbar innerhalb von 14 Tagen ohne Abzug.</p>
<p class=small>Messebau Köhler GmbH · Amtsgericht Frankfurt HRB 12345 · USt-IdNr. DE301122334 · IBAN DE02 5001 0517 0648 4898 90</p>
""", dict(invoice_number="8812044", document_date="2019-06-21", amount="4998.00", currency="EUR", vendor="Messebau Köhler GmbH"))
docs['fr-ca-tps-tvq'] = ("""
<div class=grid><div><b style='font-size:15pt'>Productions Érable inc.</b><br>1200, rue Sherbrooke Ouest<br>Montréal (Québec) H3A 1H6</div>
<div><h1>FACTURE FA-2019-0042</h1>Date : 2019-06-21</div></div><br>
<div class=box><b>Facturé à</b><br>Adatum Canada Ltée<br>200, rue Bay<br>Toronto (Ontario) M5J 2J2</div><br>
<table class=items><tr><th>Description</th><th>Quantité</th><th>Prix</th><th>Montant</th></tr>
<tr><td>Tournage publicitaire</td><td>1</td><td class=r>5 000,00 $</td><td class=r>5 000,00 $</td></tr></table><br>
<table><tr><td class=r>Sous-total</td><td class=r>5 000,00 $</td></tr><tr><td class=r>TPS (5 %)</td><td class=r>250,00 $</td></tr>
<tr><td class=r>TVQ (9,975 %)</td><td class=r>498,75 $</td></tr><tr><td class=r><b>Total</b></td><td class=r><b>5 748,75 $</b></td></tr></table>
""", dict(invoice_number="FA-2019-0042", document_date="2019-06-21", amount="5748.75", currency="CAD", vendor="Productions Érable inc."))
docs['es-duplicado-day-first'] = ("""
<p style='text-align:right'><b>DUPLICADO</b></p>
<div class=grid><div><b style='font-size:15pt'>Agencia Solana S.L.</b><br>Calle Mayor 12<br>28013 Madrid<br>CIF B12345678</div>
<div><h1>Factura</h1>Nro 00412/ACM<br>Fecha: 04/02/2019<br>Vencimiento: 18/02/2019</div></div><br>
<div class=box><b>Cliente</b><br>Adatum Ibérica S.A.<br>Paseo de la Castellana 100<br>28046 Madrid</div><br>
<table class=items><tr><th>Concepto</th><th>Cantidad</th><th>Precio</th><th>Importe</th></tr>
<tr><td>Campaña en prensa</td><td>1</td><td class=r>1.020,30</td><td class=r>1.020,30</td></tr></table><br>
<table><tr><td class=r>Base imponible</td><td class=r>1.020,30</td></tr><tr><td class=r>IVA 21%</td><td class=r>214,26</td></tr>
<tr><td class=r><b>Total a pagar</b></td><td class=r><b>1.234,56 €</b></td></tr></table>
""", dict(invoice_number="00412/ACM", document_date="2019-02-04", amount="1234.56", currency="EUR", vendor="Agencia Solana S.L."))
docs['nl-mevrouw-month-name'] = ("""
<div style='text-align:right'><b style='font-size:15pt'>Grachten Reclame B.V.</b><br>Herengracht 100<br>1015 BS Amsterdam<br>KvK 12345678 · BTW NL123456789B01</div><br>
<div>Mevrouw J. de Vries<br>Adatum Nederland B.V.<br>Stationsplein 1<br>3511 ED Utrecht</div><br>
<table><tr><td>Factuurnummer:</td><td>2024-0042</td></tr><tr><td>Factuurdatum:</td><td>3 maart 2024</td></tr><tr><td>Vervaldatum:</td><td>2 april 2024</td></tr></table><br>
<table class=items><tr><th>Omschrijving</th><th>Aantal</th><th>Prijs</th><th>Bedrag</th></tr>
<tr><td>Buitenreclame</td><td>1</td><td class=r>€ 1.250,00</td><td class=r>€ 1.250,00</td></tr></table><br>
<table><tr><td class=r>Subtotaal</td><td class=r>€ 1.250,00</td></tr><tr><td class=r>BTW 21%</td><td class=r>€ 262,50</td></tr>
<tr><td class=r><b>Te betalen</b></td><td class=r><b>€ 1.512,50</b></td></tr></table>
""", dict(invoice_number="2024-0042", document_date="2024-03-03", amount="1512.50", currency="EUR", vendor="Grachten Reclame B.V."))
docs['en-in-lakhs'] = ("""
<h1 style='text-align:center'>Tax Invoice</h1>
<div class=grid><div><b>Sahyadri Adverts Pvt. Ltd.</b><br>14 MG Road<br>Pune 411001<br>GSTIN: 27AABCS1234F1Z5</div>
<div><table><tr><td>Invoice No.:</td><td>SO/2021/0458</td></tr><tr><td>Dated:</td><td>12-Aug-2021</td></tr></table></div></div><br>
<div class=box><b>Buyer</b><br>Adatum India Pvt. Ltd.<br>Bengaluru 560001</div><br>
<table class=items><tr><th>Description</th><th>HSN/SAC</th><th>Qty</th><th>Rate</th><th>Amount</th></tr>
<tr><td>Hoardings, 30 days</td><td>998363</td><td>1</td><td class=r>1,00,000.00</td><td class=r>1,00,000.00</td></tr></table><br>
<table><tr><td class=r>CGST 9%</td><td class=r>9,000.00</td></tr><tr><td class=r>SGST 9%</td><td class=r>9,000.00</td></tr>
<tr><td class=r><b>Total</b></td><td class=r><b>₹ 1,18,000.00</b></td></tr></table>
<p>Amount chargeable (in words): INR One Lakh Eighteen Thousand Only</p>
""", dict(invoice_number="SO/2021/0458", document_date="2021-08-12", amount="118000.00", currency="INR", vendor="Sahyadri Adverts Pvt. Ltd."))
docs['en-gb-previous-balance'] = ("""
<div class=grid><div><b style='font-size:16pt'>Margie's Venues Ltd</b><br>12 Castle Street<br>Edinburgh EH2 3AH<br>VAT Reg. No. GB 123 4567 89</div>
<div><h1>INVOICE</h1><table><tr><td>Invoice number</td><td>MV-0042</td></tr><tr><td>Invoice date</td><td>3 March 2024</td></tr><tr><td>Account</td><td>ADAT01</td></tr></table></div></div><br>
<div><b>Invoice to</b><br>Adatum UK Ltd<br>1 Canada Square<br>London E14 5AB</div><br>
<table class=items><tr><th>Description</th><th>Qty</th><th>Unit price</th><th>Net</th><th>VAT</th></tr>
<tr><td>Venue hire, product launch</td><td>1</td><td class=r>£2,400.00</td><td class=r>£2,400.00</td><td class=r>£480.00</td></tr></table><br>
<table><tr><td class=r>Total net</td><td class=r>£2,400.00</td></tr><tr><td class=r>Total VAT</td><td class=r>£480.00</td></tr>
<tr><td class=r>Invoice total</td><td class=r>£2,880.00</td></tr><tr><td class=r>Previous balance</td><td class=r>£1,150.00</td></tr>
<tr><td class=r><b>Amount due</b></td><td class=r><b>£4,030.00</b></td></tr></table>
""", dict(invoice_number="MV-0042", document_date="2024-03-03", amount="2880.00", currency="GBP", vendor="Margie's Venues Ltd"))
docs['fr-unlabelled-number-date'] = ("""
<div class=grid><div><b style='font-size:18pt'>Lumen Events SARL</b><br>8 rue des Lilas<br>69003 Lyon</div>
<div style='text-align:right'>2024-117<br>15/03/2024</div></div><br>
<div class=box style='width:40%;margin-left:auto'>Adatum France SAS<br>1 place de la Défense<br>92400 Courbevoie</div><br>
<table class=items><tr><th>Désignation</th><th>Qté</th><th>P.U. HT</th><th>Total HT</th></tr>
<tr><td>Organisation séminaire</td><td>1</td><td class=r>3 000,00</td><td class=r>3 000,00</td></tr></table><br>
<table><tr><td class=r>Total HT</td><td class=r>3 000,00 €</td></tr><tr><td class=r>TVA 20 %</td><td class=r>600,00 €</td></tr>
<tr><td class=r><b>Total TTC</b></td><td class=r><b>3 600,00 €</b></td></tr></table>
<p class=small>SIRET 123 456 789 00012 · TVA FR12123456789</p>
""", dict(invoice_number="2024-117", document_date="2024-03-15", amount="3600.00", currency="EUR", vendor="Lumen Events SARL"))
docs['no-faktura-a-betale'] = ("""
<div class=grid><div><b style='font-size:15pt'>Fjord Reklame AS</b><br>Karl Johans gate 5<br>0154 Oslo<br>Org.nr. 987 654 321 MVA</div>
<div><h1>Faktura</h1><table><tr><td>Fakturanr.</td><td>30077</td></tr><tr><td>Fakturadato</td><td>15.03.2024</td></tr><tr><td>Forfallsdato</td><td>29.03.2024</td></tr><tr><td>Kundenr.</td><td>1042</td></tr></table></div></div><br>
<div>Adatum Norge AS<br>Postboks 1<br>0101 Oslo</div><br>
<table class=items><tr><th>Beskrivelse</th><th>Antall</th><th>Pris</th><th>Beløp</th></tr>
<tr><td>Radiokampanje</td><td>1</td><td class=r>40 000,00</td><td class=r>40 000,00</td></tr></table><br>
<table><tr><td class=r>Sum eks. mva</td><td class=r>40 000,00</td></tr><tr><td class=r>Mva 25 %</td><td class=r>10 000,00</td></tr>
<tr><td class=r><b>Å betale</b></td><td class=r><b>kr 50 000,00</b></td></tr></table>
<p class=small>Betales til kontonr. 1234.56.78901</p>
""", dict(invoice_number="30077", document_date="2024-03-15", amount="50000.00", currency="NOK", vendor="Fjord Reklame AS"))
docs['de-header-row-period'] = ("""
<div style='text-align:right'><b style='font-size:15pt'>Werbeagentur Sonnenschein GmbH & Co. KG</b><br>Leopoldstraße 20 · 80802 München</div><br>
<div>Adatum Deutschland GmbH<br>z. Hd. Frau Schmidt<br>Kaiserstraße 3<br>60311 Frankfurt am Main</div><br><h1>Rechnung</h1><br>
<table style='width:70%'><tr><th>Rechnungsnummer</th><th>Rechnungsdatum</th><th>Kundennummer</th><th>Leistungszeitraum</th></tr>
<tr><td>RE-2024-0815</td><td>15.03.2024</td><td>K-4711</td><td>01.02.2024 - 29.02.2024</td></tr></table><br>
<table class=items><tr><th>Pos</th><th>Leistung</th><th>Stunden</th><th>Satz</th><th>Betrag</th></tr>
<tr><td>1</td><td>Konzeption</td><td>24</td><td class=r>120,00</td><td class=r>2.880,00</td></tr>
<tr><td>2</td><td>Gestaltung</td><td>40</td><td class=r>95,00</td><td class=r>3.800,00</td></tr></table><br>
<table><tr><td class=r>Summe netto</td><td class=r>6.680,00 EUR</td></tr><tr><td class=r>USt. 19 %</td><td class=r>1.269,20 EUR</td></tr>
<tr><td class=r><b>Gesamtbetrag</b></td><td class=r><b>7.949,20 EUR</b></td></tr></table>
<p class=small>Sitz München · Registergericht München HRA 99887 · USt-IdNr. DE812345678 · Geschäftsführer: Eva Sonnenschein</p>
""", dict(invoice_number="RE-2024-0815", document_date="2024-03-15", amount="7949.20", currency="EUR", vendor="Werbeagentur Sonnenschein GmbH & Co. KG"))
docs['fr-acompte'] = ("""
<div class=grid><div><b style='font-size:15pt'>Atelier Mistral SAS</b><br>12 quai de la Joliette<br>13002 Marseille<br>SIRET 812 345 678 00021</div>
<div class=box><b>Client</b><br>Adatum France SAS<br>1 place de la Défense<br>92400 Courbevoie</div></div><br>
<h1>Facture n° 2024-0315</h1><div>Date de facturation : 15 mars 2024</div><div>Date d'échéance : 14 avril 2024</div><br>
<table class=items><tr><th>Désignation</th><th>Quantité</th><th>Prix unitaire HT</th><th>Montant HT</th></tr>
<tr><td>Shooting photo</td><td>2</td><td class=r>1 500,00 €</td><td class=r>3 000,00 €</td></tr></table><br>
<table><tr><td class=r>Total HT</td><td class=r>3 000,00 €</td></tr><tr><td class=r>TVA 20 %</td><td class=r>600,00 €</td></tr>
<tr><td class=r>Total TTC</td><td class=r>3 600,00 €</td></tr><tr><td class=r>Acompte versé</td><td class=r>- 1 000,00 €</td></tr>
<tr><td class=r><b>Net à payer</b></td><td class=r><b>2 600,00 €</b></td></tr></table>
""", dict(invoice_number="2024-0315", document_date="2024-03-15", amount="3600.00", currency="EUR", vendor="Atelier Mistral SAS"))
docs['en-au-gst'] = ("""
<div class=grid><div><b style='font-size:15pt'>Southern Cross Signage Pty Ltd</b><br>ABN 12 345 678 901<br>45 George St<br>Sydney NSW 2000</div>
<div><h1>TAX INVOICE</h1>Invoice Number: 00017<br>Invoice Date: 15/03/2024<br>Due Date: 14/04/2024</div></div><br>
<div><b>To:</b> Adatum Australia Pty Ltd, 1 Collins St, Melbourne VIC 3000</div><br>
<table class=items><tr><th>Description</th><th>Qty</th><th>Unit Price</th><th>GST</th><th>Amount</th></tr>
<tr><td>Shopfront signage</td><td>1</td><td class=r>$1,500.00</td><td class=r>$150.00</td><td class=r>$1,500.00</td></tr></table><br>
<table><tr><td class=r>Subtotal</td><td class=r>$1,500.00</td></tr><tr><td class=r>GST 10%</td><td class=r>$150.00</td></tr>
<tr><td class=r><b>Total (inc GST)</b></td><td class=r><b>$1,650.00</b></td></tr></table>
""", dict(invoice_number="00017", document_date="2024-03-15", amount="1650.00", currency="AUD", vendor="Southern Cross Signage Pty Ltd"))
docs['es-mx-folio'] = ("""
<div class=grid><div><b style='font-size:15pt'>Publicidad Azteca S.A. de C.V.</b><br>RFC: PAZ010101AB1<br>Av. Reforma 222<br>06600 Ciudad de México</div>
<div><h1>Factura</h1>Folio: A-1234<br>Fecha de emisión: 15/03/2024</div></div><br>
<div class=box><b>Receptor</b><br>Adatum México S.A. de C.V.<br>RFC: AME020202CD2</div><br>
<table class=items><tr><th>Concepto</th><th>Cantidad</th><th>Valor unitario</th><th>Importe</th></tr>
<tr><td>Espectaculares, marzo</td><td>1</td><td class=r>$10,000.00</td><td class=r>$10,000.00</td></tr></table><br>
<table><tr><td class=r>Subtotal</td><td class=r>$10,000.00</td></tr><tr><td class=r>IVA 16%</td><td class=r>$1,600.00</td></tr>
<tr><td class=r><b>Total</b></td><td class=r><b>$11,600.00</b></td></tr></table>
<p>Forma de pago: Transferencia · Moneda: MXN</p>
""", dict(invoice_number="A-1234", document_date="2024-03-15", amount="11600.00", currency="MXN", vendor="Publicidad Azteca S.A. de C.V."))
copy = """
<div class=grid><div><b style='font-size:15pt'>Keystone Print Co.</b><br>200 Liberty Ave<br>Pittsburgh, PA 15222</div>
<div><h1>INVOICE</h1>Invoice #: KP-5521<br>Date: 03/15/2024</div></div><p style='text-align:right'><b>%s</b></p>
<div><b>Sold to</b><br>Adatum Corporation<br>1 Microsoft Way, Redmond, WA 98052</div><br>
<table class=items><tr><th>Item</th><th>Qty</th><th>Price</th><th>Total</th></tr>
<tr><td>Brochures</td><td>5000</td><td class=r>0.42</td><td class=r>2,100.00</td></tr></table><br>
<table><tr><td class=r>Sales tax</td><td class=r>147.00</td></tr><tr><td class=r><b>Total due</b></td><td class=r><b>$2,247.00</b></td></tr></table>
"""
docs['en-two-copies'] = (copy % "CUSTOMER COPY" + "<div style='page-break-before:always'></div>" + copy % "FILE COPY",
    dict(invoice_number="KP-5521", document_date="2024-03-15", amount="2247.00", currency="USD", vendor="Keystone Print Co."))
docs['it-spettabile-header-row'] = ("""
<div><b style='font-size:15pt'>Tipografia Laguna S.n.c.</b><br>Fondamenta Nuove 5 · 30121 Venezia · P.IVA 01234560271</div><br>
<div class=box style='width:45%;margin-left:auto'>Spett.le Adatum Italia S.p.A.<br>Corso Venezia 5<br>20121 Milano</div><br>
<table style='width:60%'><tr><th>Tipo documento</th><th>Numero documento</th><th>Data documento</th></tr><tr><td>Fattura</td><td>87/B</td><td>15/03/2024</td></tr></table><br>
<table class=items><tr><th>Descrizione</th><th>Q.tà</th><th>Prezzo unitario</th><th>Totale</th></tr>
<tr><td>Cataloghi</td><td>200</td><td class=r>12,50</td><td class=r>2.500,00</td></tr></table><br>
<table><tr><td class=r>Totale imponibile</td><td class=r>2.500,00</td></tr><tr><td class=r>IVA 22%</td><td class=r>550,00</td></tr>
<tr><td class=r><b>Totale da pagare</b></td><td class=r><b>EUR 3.050,00</b></td></tr></table>
""", dict(invoice_number="87/B", document_date="2024-03-15", amount="3050.00", currency="EUR", vendor="Tipografia Laguna S.n.c."))
docs['pt-br-valor-a-pagar'] = ("""
<div class=grid><div><b style='font-size:15pt'>Ipanema Mídia Ltda.</b><br>CNPJ 12.345.678/0001-90<br>Rua Visconde de Pirajá 300<br>22410-002 Rio de Janeiro - RJ</div>
<div><h1>Fatura</h1>Número: 2024/0098<br>Emissão: 15/03/2024<br>Vencimento: 30/03/2024</div></div><br>
<div class=box><b>Tomador</b><br>Adatum Brasil Ltda.<br>Av. Paulista 1000<br>01310-100 São Paulo - SP</div><br>
<table class=items><tr><th>Descrição</th><th>Qtde</th><th>Valor unitário</th><th>Valor total</th></tr>
<tr><td>Inserções em rádio</td><td>10</td><td class=r>R$ 34,89</td><td class=r>R$ 348,90</td></tr></table><br>
<table><tr><td class=r><b>Valor a pagar</b></td><td class=r><b>R$ 348,90</b></td></tr></table>
""", dict(invoice_number="2024/0098", document_date="2024-03-15", amount="348.90", currency="BRL", vendor="Ipanema Mídia Ltda."))

# Read once blind (31 of 40 fields right, 4 wrong), then mended.
def simple(seller, addr, title, meta, buyer, items_head, item, totals):
    rows = "".join(f"<tr><td class=r>{'<b>' if b else ''}{l}{'</b>' if b else ''}</td><td class=r>{'<b>' if b else ''}{v}{'</b>' if b else ''}</td></tr>" for l,v,b in totals)
    return f"""<div class=grid><div><b style='font-size:15pt'>{seller}</b><br>{addr}</div><div><h1>{title}</h1>{meta}</div></div><br>
<div class=box style='width:45%'>{buyer}</div><br>
<table class=items><tr>{''.join(f'<th>{h}</th>' for h in items_head)}</tr><tr>{''.join(f'<td>{c}</td>' for c in item)}</tr></table><br>
<table>{rows}</table>"""
docs['ro-factura-seria'] = (simple("Tipografia Carpați SRL","Str. Lipscani 10<br>030031 București<br>CUI RO12345678","Factură","Seria ABC nr. 0042<br>Data emiterii: 15.03.2024<br>Data scadenței: 14.04.2024",
  "Cumpărător:<br>Adatum România SRL<br>Bd. Unirii 1, București",["Denumire","Cant.","Preț unitar","Valoare"],["Pliante","1000","1,00","1.000,00"],
  [("Total fără TVA","1.000,00",0),("TVA 19%","190,00",0),("Total de plată","1.190,00 lei",1)]),
  dict(invoice_number="0042", document_date="2024-03-15", amount="1190.00", currency="RON", vendor="Tipografia Carpați SRL"))
docs['hu-szamla'] = (simple("Duna Reklám Kft.","Váci utca 12<br>1052 Budapest<br>Adószám: 12345678-2-41","Számla","Számla sorszáma: 2024/0042<br>Számla kelte: 2024.03.15.<br>Fizetési határidő: 2024.03.30.",
  "Vevő:<br>Adatum Hungary Kft.<br>Andrássy út 1, 1061 Budapest",["Megnevezés","Mennyiség","Egységár","Nettó érték"],["Plakátkampány","1","100 000","100 000"],
  [("Nettó összesen","100 000 Ft",0),("ÁFA 27%","27 000 Ft",0),("Fizetendő","127 000 Ft",1)]),
  dict(invoice_number="2024/0042", document_date="2024-03-15", amount="127000.00", currency="HUF", vendor="Duna Reklám Kft."))
docs['en-ie-vat'] = (simple("Liffey Events Ltd","12 Dame Street<br>Dublin 2, D02 X285<br>VAT No. IE1234567T","Invoice","Invoice No: 5521<br>Invoice Date: 15 Mar 2024<br>Payment Terms: 30 days",
  "Adatum Ireland Ltd<br>1 Grand Canal Square<br>Dublin 2",["Description","Qty","Unit Price","Net"],["Conference stand","1","€1,000.00","€1,000.00"],
  [("Net Total","€1,000.00",0),("VAT @ 23%","€230.00",0),("Total Due","€1,230.00",1)]),
  dict(invoice_number="5521", document_date="2024-03-15", amount="1230.00", currency="EUR", vendor="Liffey Events Ltd"))
docs['de-at-uid'] = (simple("Donau Werbung GmbH","Mariahilfer Straße 50<br>1070 Wien<br>UID: ATU12345678","Rechnung","Rechnung Nr. 2024-77<br>Rechnungsdatum: 15. März 2024<br>Lieferdatum: 11. März 2024",
  "Adatum Österreich GmbH<br>Kärntner Ring 1<br>1010 Wien",["Bezeichnung","Menge","Preis","Summe"],["Citylights","10","100,00","1.000,00"],
  [("Nettobetrag","EUR 1.000,00",0),("USt. 20 %","EUR 200,00",0),("Gesamtbetrag","EUR 1.200,00",1)]),
  dict(invoice_number="2024-77", document_date="2024-03-15", amount="1200.00", currency="EUR", vendor="Donau Werbung GmbH"))
docs['fr-be-tvac'] = (simple("Studio Atomium SRL","Rue Neuve 20<br>1000 Bruxelles<br>TVA BE 0123.456.789","Facture","Facture 2024/0077<br>Date : 15/03/2024<br>Échéance : 14/04/2024",
  "Adatum Belgium SA<br>Avenue Louise 1<br>1050 Bruxelles",["Description","Qté","Prix unitaire","Total HTVA"],["Conception graphique","1","1.000,00","1.000,00"],
  [("Total HTVA","1.000,00 €",0),("TVA 21 %","210,00 €",0),("Total TVAC","1.210,00 €",1)]),
  dict(invoice_number="2024/0077", document_date="2024-03-15", amount="1210.00", currency="EUR", vendor="Studio Atomium SRL"))
docs['nl-be-no-heading'] = (simple("Schelde Design BV","Meir 10<br>2000 Antwerpen<br>BTW BE 0987.654.321","Factuur","Factuur nr. 77<br>Factuurdatum 15-03-2024<br>Vervaldag 14-04-2024",
  "Adatum Belgium NV<br>Louizalaan 1<br>1050 Brussel",["Omschrijving","Aantal","Eenheidsprijs","Totaal"],["Logo ontwerp","1","500,00","500,00"],
  [("Totaal excl. btw","€ 500,00",0),("Btw 21%","€ 105,00",0),("Totaal incl. btw","€ 605,00",1)]),
  dict(invoice_number="77", document_date="2024-03-15", amount="605.00", currency="EUR", vendor="Schelde Design BV"))
docs['en-ca-hst'] = (simple("Maple Leaf Promotions Inc.","100 King St W<br>Toronto, ON M5X 1A9<br>HST # 123456789 RT0001","Invoice","Invoice 1234<br>Date: March 15, 2024",
  "Adatum Canada Ltd.<br>200 Bay St<br>Toronto, ON M5J 2J2",["Description","Qty","Rate","Amount"],["Event staffing","20","50.00","1,000.00"],
  [("Subtotal","$1,000.00",0),("HST 13%","$130.00",0),("Total","$1,130.00",1)]),
  dict(invoice_number="1234", document_date="2024-03-15", amount="1130.00", currency="CAD", vendor="Maple Leaf Promotions Inc."))
docs['es-ar-cuit'] = (simple("Pampa Publicidad S.R.L.","Av. Corrientes 1000<br>C1043 CABA<br>CUIT 30-12345678-9","Factura B","N° 0001-00001234<br>Fecha de Emisión: 15/03/2024",
  "Adatum Argentina S.A.<br>Av. del Libertador 100<br>CABA",["Producto / Servicio","Cantidad","Precio Unit.","Subtotal"],["Vía pública","1","$ 100.000,00","$ 100.000,00"],
  [("Subtotal","$ 100.000,00",0),("IVA 21%","$ 21.000,00",0),("Importe Total","$ 121.000,00",1)]),
  dict(invoice_number="0001-00001234", document_date="2024-03-15", amount="121000.00", currency="ARS", vendor="Pampa Publicidad S.R.L."))
# Written after their languages' words were added (29 of 30 fields right, 0 wrong).
docs['sk-faktura'] = (simple("Reklama Tatry s.r.o.","Hlavná 10<br>040 01 Košice<br>IČ DPH: SK2020123456","Faktúra","Číslo faktúry: 2024001<br>Dátum vystavenia: 15.03.2024<br>Dátum splatnosti: 29.03.2024",
  "Odberateľ:<br>Adatum Slovakia s.r.o.<br>Mlynské nivy 1, 821 09 Bratislava",["Popis","Množstvo","Cena","Spolu"],["Billboardy","1","1 000,00","1 000,00"],
  [("Základ dane","1 000,00 €",0),("DPH 20 %","200,00 €",0),("Celkom k úhrade","1 200,00 €",1)]),
  dict(invoice_number="2024001", document_date="2024-03-15", amount="1200.00", currency="EUR", vendor="Reklama Tatry s.r.o."))
docs['sl-racun'] = (simple("Oglasi Bled d.o.o.","Prešernova 5<br>4260 Bled<br>ID za DDV: SI12345678","Račun","Številka računa: 2024-015<br>Datum izdaje: 15. 3. 2024<br>Datum zapadlosti: 14. 4. 2024",
  "Kupec:<br>Adatum Slovenija d.o.o.<br>Dunajska 1, 1000 Ljubljana",["Opis","Količina","Cena","Znesek"],["Oglaševanje","1","800,00","800,00"],
  [("Osnova za DDV","800,00 €",0),("DDV 22 %","176,00 €",0),("Za plačilo","976,00 €",1)]),
  dict(invoice_number="2024-015", document_date="2024-03-15", amount="976.00", currency="EUR", vendor="Oglasi Bled d.o.o."))
docs['hr-racun'] = (simple("Jadran Promet d.o.o.","Ilica 10<br>10000 Zagreb<br>OIB: 12345678901","Račun","Broj računa: 15-1-1<br>Datum izdavanja: 15.03.2024.<br>Datum dospijeća: 30.03.2024.",
  "Kupac:<br>Adatum Hrvatska d.o.o.<br>Savska 1, 10000 Zagreb",["Opis","Količina","Cijena","Iznos"],["Sajamski štand","1","2.000,00","2.000,00"],
  [("Osnovica","2.000,00 EUR",0),("PDV 25 %","500,00 EUR",0),("Ukupno za platiti","2.500,00 EUR",1)]),
  dict(invoice_number="15-1-1", document_date="2024-03-15", amount="2500.00", currency="EUR", vendor="Jadran Promet d.o.o."))
docs['et-arve'] = (simple("Läänemere Meedia OÜ","Narva mnt 5<br>10117 Tallinn<br>KMKR: EE123456789","Arve","Arve nr 2024-77<br>Arve kuupäev: 15.03.2024<br>Maksetähtaeg: 29.03.2024",
  "Ostja:<br>Adatum Eesti OÜ<br>Pärnu mnt 1, 10141 Tallinn",["Kirjeldus","Kogus","Hind","Summa"],["Reklaamikampaania","1","500,00","500,00"],
  [("Käibemaksuta summa","500,00 €",0),("Käibemaks 22%","110,00 €",0),("Tasumisele kuulub","610,00 €",1)]),
  dict(invoice_number="2024-77", document_date="2024-03-15", amount="610.00", currency="EUR", vendor="Läänemere Meedia OÜ"))
docs['lv-rekins'] = (simple("Daugava Reklāma SIA","Brīvības iela 10<br>Rīga, LV-1010<br>PVN reģ. Nr. LV40003123456","Rēķins","Rēķina numurs: DR-2024/15<br>Rēķina datums: 15.03.2024<br>Apmaksas termiņš: 29.03.2024",
  "Pircējs:<br>Adatum Latvia SIA<br>Elizabetes iela 1, Rīga",["Apraksts","Daudzums","Cena","Summa"],["Vides reklāma","1","1 000,00","1 000,00"],
  [("Summa bez PVN","1 000,00 EUR",0),("PVN 21%","210,00 EUR",0),("Kopā apmaksai","1 210,00 EUR",1)]),
  dict(invoice_number="DR-2024/15", document_date="2024-03-15", amount="1210.00", currency="EUR", vendor="Daugava Reklāma SIA"))
docs['lt-saskaita-serija'] = (simple("Nemuno Reklama UAB","Gedimino pr. 1<br>01103 Vilnius<br>PVM mokėtojo kodas: LT123456789","PVM sąskaita faktūra","Serija NR Nr. 0042<br>Išrašymo data: 2024-03-15<br>Apmokėti iki: 2024-03-29",
  "Pirkėjas:<br>Adatum Lietuva UAB<br>Konstitucijos pr. 1, Vilnius",["Pavadinimas","Kiekis","Kaina","Suma"],["Reklamos kampanija","1","1 000,00","1 000,00"],
  [("Suma be PVM","1 000,00 €",0),("PVM 21 %","210,00 €",0),("Iš viso mokėti","1 210,00 €",1)]),
  dict(invoice_number="0042", document_date="2024-03-15", amount="1210.00", currency="EUR", vendor="Nemuno Reklama UAB"))

def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "fixtures/decoys"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for name, (html, truth) in docs.items():
            page = Path(scratch) / f"{name}.html"
            page.write_text("<html><head><meta charset=utf-8><style>" + CSS + "</style></head>"
                            f"<body>{html}</body></html>", encoding="utf-8")
            (out / f"{name}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                              encoding="utf-8")
            subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                            "--no-pdf-header-footer", f"--print-to-pdf={out / name}.pdf",
                            str(page)], check=True, capture_output=True)
            print(f"{out / name}.pdf")


if __name__ == "__main__":
    main()
