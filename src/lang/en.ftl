# claimdrop's texts for people, in English (SPEC §5b). Ids are ours; codes of the contract
# (outcomes, findings, actions, columns) are never translated and do not appear here.

## next_step in claims.csv and the HTML: one sentence saying what a person does next.
next-add = Add { $missing } before { $deadline }, then submit.
next-add-late = The deadline ({ $deadline }) has passed: add { $missing } and submit now, or ask the programme for more time.
next-fix = Check { $problems }, then submit before { $deadline }.
next-fix-late = The deadline ({ $deadline }) has passed: check { $problems } and submit now, or ask the programme for more time.
next-submit = Submit the claim before { $deadline }.
next-submit-late = The deadline ({ $deadline }) has passed: submit now, or ask the programme for more time.
next-answer = The reviewer asks: { $question } — answer, then submit again.
next-answer-plain = Answer the reviewer's request for information, then submit again.
next-wait-review = Nothing for now: the claim is with the reviewer.
next-wait-payment = Nothing for now: { $amount } { $currency } approved, awaiting payment.
next-disputed = Settle the dispute with the programme's reviewer.
next-paid = Nothing: the claim is paid.
next-rejected = Nothing: the claim was rejected.
next-requests = { $count ->
    [one] One requested document is still awaited.
   *[other] { $count } requested documents are still awaited.
}
list-two = { $first } and { $last }
list-more = { $first }, { $last }

## What a finding means for the claim, in words.
lack-missing_invoice_or_csr = an invoice or a CSR
lack-missing_proof = a proof of execution
lack-document_outside_usage_period = a document dated outside the usage period
lack-currency_mismatch = a document in another currency than the claim
lack-claimed_exceeds_funds = more claimed than the claim's funds
lack-duplicate_invoice_number = an invoice attached twice
lack-fields_unread = an invoice whose amount could not be read (correct it)
lack-einvoice_mismatch = an e-invoice whose page and XML disagree
lack-deadline_near = the deadline is near
lack-deadline_passed = the deadline has passed

## action in exceptions.csv and the HTML: what a person does about a parked file.
action-unmatched = move it into its claim's folder or name the claim in it, or file it with `claimdrop retry PATH --claim ID`; it is tried again when claims are created
action-ambiguous = it names more than one claim: move it into the right claim's folder, or `claimdrop retry PATH --claim ID`
action-claim_locked = its claim is submitted or closed: it is filed when the claim is reopened; nothing to do unless it belongs elsewhere
action-duplicate = nothing: the same bytes are already attached; delete this copy if you like
action-unreadable = open it: if it is damaged or incomplete, drop a good copy again
action-encrypted = drop it again without its password
action-unsupported = drop it as a PDF, a spreadsheet, CSV, an image or an XML e-invoice
action-empty = it has no content: drop the real file again
action-forbidden = only an admin may drop a claim register: ask one to import it
action-detached = nothing: an admin took it off its claim (see the reason); move it out when done
action-attached = nothing: it is filed
action-held-unreadable = claimdrop may not read it: let its user read the file and its folder, or move it

## Statuses as people read them.
status-editing = editing
status-submitted = submitted
status-in_review = in review
status-info_requested = information requested
status-approved = approved
status-rejected = rejected
status-disputed = disputed
status-paid = paid

## The workbook.
sheet-total = Total

## The HTML pages.
html-title = Co-op claims
html-claim-title = Claim { $claim }
html-generated = Written { $at } from the claim store.
html-open-claims = { $count ->
    [one] One open claim
   *[other] { $count } open claims
}
html-no-open-claims = No open claim.
html-days-left = { $days ->
    [0] due today
    [one] 1 day left
   *[other] { $days } days left
}
html-days-late = { $days ->
    [one] 1 day late
   *[other] { $days } days late
}
html-deadline = Deadline { $deadline }
html-claimed = claimed
html-approved = approved
html-total = total
html-remaining = remaining
html-lacks = Still lacks
html-nothing-lacking = Nothing lacking.
html-next-step = Next step
html-requests = Open requests
html-request = { $kind } asked of { $from } by { $by }
html-request-due = due { $due }
html-history = Recent history
html-documents = Documents
html-exceptions = Files to look at
html-no-exceptions = No file waiting for a person.
html-file = File
html-reason = Reason
html-action = What to do
html-claim = Claim
html-kind = Kind
html-amount = Amount
html-date = Date
html-vendor = Vendor
html-name = Name
html-when = When
html-who = Who
html-what = What

## Notifications: the one line that tells an event (webhook summary, e-mail subject and text).
## $aside is empty or ": " and the comment, note or finding.
notify-info-requested = { $claim }: { $actor } asks for more information{ $aside }
notify-status-changed = { $claim }: status { $from } -> { $to } by { $actor }{ $aside }
notify-deadline-near = { $claim }: the submission deadline is near{ $aside }
notify-deadline-passed = { $claim }: the submission deadline has passed{ $aside }
notify-document-requested = { $claim }: { $by } asks { $from } for a { $kind } document{ $due }{ $aside }
notify-due = {" "}by { $due }
notify-document-parked = { $file } went to quarantine as { $outcome }: { $reason }
notify-request-fulfilled = { $claim }: request { $request } for a { $kind } document was fulfilled by { $actor }
