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
lack-fields_unread-named = what could not be read, to enter with claims correct: { $documents }
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

## Why a file is in quarantine (its .reason.txt, exceptions.csv `reason`).
reason-link = a symbolic link: links in the inbox are not followed
reason-pipe = a named pipe (FIFO), not a file: it is not opened
reason-socket = a socket, not a file: it is not opened
reason-device = a device file, not a document: it is not opened
reason-empty = the file is empty (0 bytes)
reason-too-large = the file is { $bytes } bytes, over limits.max_file_bytes ({ $limit })
reason-mislabelled = named .{ $ext } but its content is not { $format ->
    [pdf] a PDF
    [image] an image
    [xml] XML
   *[workbook] a workbook
}: damaged or mislabelled
reason-plain-text = plain text: only CSV text is read
reason-plain-text-named = plain text (.{ $ext }): only CSV text is read
reason-executable = a program (executable header), not a document
reason-unknown-format = not a format claimdrop reads (PDF, spreadsheet, CSV, image or XML e-invoice)
reason-duplicate = the same bytes are already attached to { $claim } as { $archived }
reason-named-claim-missing = claim { $claim }, named for it, does not exist
reason-claim-locked = claim { $claim } is { $status }: documents are attached only while it is editing or info_requested; parked until it is reopened
reason-ambiguous = the { $rule ->
    [folder] folder
    [filename] file name
    [reference] content (by reference)
    [manual] person
   *[content] content
} names several claims: { $claims }
reason-unmatched = no known claim id or reference found in the folder names, the file name or the content
reason-unmatched-unknown = no known claim found; { $count ->
    [one] unknown claim id
   *[other] unknown claim ids
} seen: { $claims }
reason-cannot-read = cannot read the file: { $error }
reason-damaged-zip = a damaged ZIP container: { $error }
reason-damaged-ole2 = a damaged OLE2 container: { $error }
reason-inflates-over-limit = inflates to { $bytes } bytes, over limits.max_uncompressed_bytes ({ $limit }): a decompression bomb or an oversized workbook
reason-bomb = inflates { $ratio }-fold ({ $compressed } -> { $inflated } bytes): a decompression bomb
reason-encrypted = { $what ->
    [pdf] the PDF needs a password to open
    [ods] a password-protected OpenDocument spreadsheet
    [office] a password-protected Office document
   *[workbook] a password-protected workbook
}
reason-not-ours = { $what ->
    [word] a Word document
    [powerpoint] a PowerPoint presentation
    [opendocument] an OpenDocument file that is not a spreadsheet
    [word97] a Word 97-2003 document
    [powerpoint97] a PowerPoint 97-2003 presentation
    [ole2] an OLE2 file that is not a workbook
   *[zip] a ZIP archive
}: claimdrop reads PDF, spreadsheets, CSV, images and XML e-invoices
reason-not-a-workbook = not a workbook container
reason-not-readable = not a readable { $format } file: { $error }
reason-no-sheet = no sheet could be read ({ $sheets })
reason-reader-failed = the reader failed on it: { $error }
reason-pdf-cut-short = the PDF is cut short: its last object is not followed by an end-of-file marker (an incomplete copy or download)
reason-pdf-no-pages = the PDF has no pages (its page tree is broken)
reason-xml-not-invoice = XML, but not an e-invoice: its root element is <{ $root }> (claimdrop reads UBL 2.1 Invoice and CreditNote, CII CrossIndustryInvoice and ZUGFeRD 1.0 CrossIndustryDocument)
reason-xml-dtd = the XML declares a DTD, which claimdrop refuses: entities could reach outside the file or expand without bound
reason-xml-too-large = the XML is { $bytes } bytes, over the { $limit } an e-invoice may have
reason-xml-too-deep = the XML nests elements deeper than { $limit } levels
reason-xml-attribute-too-long = the XML has an attribute value longer than { $limit } characters
reason-xml-too-many-nodes = the XML has more than { $limit } nodes
reason-xml-encoding = the XML is not in UTF-8, UTF-16 or Latin-1
reason-xml-malformed = not well-formed XML: { $error }
reason-reader-confused = the reader answered with something else than was asked
reason-reader-nonsense = the reader answered nonsense: { $error }
reason-timeout = reading it took longer than limits.document_timeout_secs ({ $seconds } s)
reason-reader-died = the reader died on it ({ $how })
reason-register-refused = register refused: { $why }
reason-bad-pattern = bad claim id pattern: { $error }
death-abort = it aborted: out of memory or an internal error
death-crash = it crashed: a stack overflow or a memory fault
death-cpu = it ran out of CPU time
death-signal = signal { $signal }
death-exit = exit status { $code }
death-unknown = unknown: { $error }

## Claim registers and the fields of a claim.
plain = { $text }
register-row = row { $row }: { $why }
register-row-of = row { $row } ({ $claim }): { $why }
register-unreadable = { $file }: cannot read: { $error }
register-file = { $file }: { $why }
register-no-sheet = the workbook has no sheet
register-too-many-cells = more than { $limit } cells: not a register
register-empty = the register is empty
register-missing-column = missing column '{ $column }' (the header must name { $required })
register-twice = the claim appears twice (first at row { $first })
register-bad-claim-id = claim_id '{ $claim }' does not match the claim id pattern
register-usage-reversed = usage_end { $end } is before usage_start { $start }
field-empty = { $field } is empty
field-not-currency = { $field } '{ $value }' is not an ISO 4217 code
field-not-date = { $field } '{ $value }' is not a date ({ $written })
field-not-number = { $field } '{ $value }' is not a number
field-negative = { $field } '{ $value }' is negative
field-two-ways = { $field } '{ $value }' can be read two ways ({ $separator } as a thousands or as a decimal separator): write it with two decimals, such as 1500.00 or 1500,00
field-too-many-decimals = { $field } '{ $value }' has more than { $decimals } decimals
status-unknown = unknown status '{ $status }' (one of { $known })
status-refused = status is { $from }; it cannot change to { $to } (allowed next: { $allowed })
status-refused-final = status is { $from }; it cannot change to { $to } (allowed next: none, it is final)

## The claim store and its records.
store-sqlite = claim store: { $error }
store-unusable = claim store { $store }: { $why }
store-none = no claim store here (run `claimdrop init` first)
store-none-shared = the database holds no claimdrop store (`claimdrop store migrate --to URL` makes one)
store-password-file = cannot read the password file { $file }: { $error }
store-not-empty = the database already holds a claimdrop store: `store migrate` copies into an empty database only
store-copy-failed = copying { $table } failed, nothing was copied: { $why }
store-raced = another daemon filed the same bytes or took the same name ({ $sha }) at that moment: nothing was written, and it is decided again
store-shared-not-served = this is done on a SQLite store only
store-older = schema version { $version }, this claimdrop reads version { $reads } (any writing command upgrades it)
store-newer = schema version { $version } is newer than this claimdrop ({ $reads })
store-not-attached = is not attached to claim { $claim }
store-corrupt = stored { $what } '{ $value }' is not valid
claim-missing = claim { $claim } does not exist
claim-exists = claim { $claim } already exists
claim-refused = claim { $claim }: { $why }
request-missing = request { $request } does not exist
request-not-open = request { $request } is { $status }, not open
document-missing = no attached document has the SHA-256 { $sha }
reason-register-forbidden = the register's owner, { $owner }, holds no admin role: only an incentives_admin or global_admin may change claims
reason-no-reader = cannot start a reader for it: { $error }
reason-detached = detached from { $claim } by { $actor }: { $comment }
# The whole .reason.txt: the outcome stays a code.
reason-file =
    outcome: { $outcome }
    reason: { $reason }
    dropped at: { $path }
    kind: { $kind }
reason-file-detached =
    outcome: { $outcome }
    reason: { $reason }
    was: { $path }
    kind: { $kind }
register-sheet = sheet '{ $sheet }': { $error }

## The details of findings (claims.csv `findings` stay codes; these are for `claims show`, the HTML).
finding-missing-invoice-or-csr = no invoice and no CSR attached
finding-missing-proof = no proof of execution attached
finding-dated = { $kind } { $name } dated { $date }
finding-outside = { $documents } (usage { $start }..{ $end }, invoices until the deadline { $deadline })
finding-in-currency = { $kind } { $name } in { $currency }
finding-currency = { $documents } (the claim is in { $currency }; not counted in funds_claimed)
finding-not-read = { $kind } { $name }: { $fields } not read
finding-not-read-scan = { $kind } { $name }: { $fields } not read (no text layer, and OCR is off or not installed)
finding-not-read-scan-failed = { $kind } { $name }: { $fields } not read (no text layer, and OCR could not read its pages)
error-ocr-missing = [ocr] enabled = true, but Tesseract is not installed (Debian: apt install tesseract-ocr tesseract-ocr-eng poppler-utils)
finding-unread = { $documents } (funds_claimed counts only the amounts read)
finding-contradicted = { $kind } { $name }: { $said }
finding-over-funds = funds_claimed { $claimed } { $currency } > funds_total { $total } { $currency }
finding-also-attached = invoice { $number } of { $vendor } is also attached to { $claims }
finding-unknown-vendor = an unknown vendor
finding-attached-twice = invoice { $number } of { $vendor } is attached { $count } times to this claim ({ $names }): counted once
finding-deadline-passed = { $days ->
    [one] the deadline { $deadline } passed 1 day ago
   *[other] the deadline { $deadline } passed { $days } days ago
}
finding-deadline-near = { $days ->
    [0] the deadline is { $deadline }, today
    [one] the deadline is { $deadline }, in 1 day
   *[other] the deadline is { $deadline }, in { $days } days
}
reason-held-unreadable = claimdrop may not read it: { $error }. It stays in the inbox and is tried again as soon as its mode, owner or content changes, else after a while
reason-held-unremovable = filed, but claimdrop may not remove it from the inbox: { $error }. Remove it by hand

## What commands say, and their errors.
error-internal = claimdrop cannot run this here: { $what }
error-flag = { $flag }: { $why }
error-flag-date = { $flag } '{ $value }' is not a date (YYYY-MM-DD)
error-not-submittable = claim { $claim }: status is { $status }; only an editing or info_requested claim can be submitted
error-submit-refused = claim { $claim } is not submitted: { $findings }. Fix them, or submit anyway with --force (recorded in the history)
error-comment-empty = the comment is empty
error-request-kind = --kind '{ $kind }': a request is for an invoice, csr, proof or metrics
error-from-nobody = --from names nobody
error-nothing-to-correct = nothing to correct: give --amount, --currency, --document-date, --invoice-number or --vendor
error-claim-closed = claim { $claim } is { $status }: documents are attached only while it is editing or info_requested
error-already-there = the document is already attached to { $claim }
error-detach-comment = --comment says why the document is taken off its claim
error-import-refused = { $file }: refused, nothing imported
error-not-created = claim not created: { $why }
error-not-sha = '{ $typed }' is no SHA-256: give it whole, or at least its first 8 characters
error-no-sha = no attached document has a SHA-256 starting { $typed }
error-several-sha = { $count } documents have a SHA-256 starting { $typed }: give more of it
error-ask-comment = claim { $claim }: asking for information needs --comment saying what is wanted; the partner is told it
error-reject-comment = claim { $claim }: a rejection needs --comment saying why
error-approve-amount = claim { $claim }: an approval needs --funds-approved N, the amount approved (at most the { $claimed } { $currency } claimed)
error-approve-over = claim { $claim }: --funds-approved { $approved } is more than the { $claimed } { $currency } claimed
error-pack = cannot pack claim { $claim }
said-imported = Imported { $file }: { $created } created, { $updated } updated, { $unchanged } unchanged
said-commented = Comment added to { $claim }
said-requested = Request { $request }: { $kind } for { $claim } asked of { $from }
said-request-cancelled = Request { $request } ({ $kind } for { $claim }) cancelled
said-corrected = { $claim }: corrected { $details }
said-moved = Moved from { $from } to { $to }: { $path }
said-detached = Detached from { $from }: { $path }
said-created = Created claim { $claim } (editing)
said-claims = { $count ->
    [one] 1 claim
   *[other] { $count } claims
}
said-packed = Wrote { $file }: { $documents } documents ({ $bytes } bytes), index.csv, summary.html, history.csv
broken-missing = entry { $entry } is missing (next is { $next })
broken-link = does not link to the entry before it
broken-changed = its content was changed after it was written
said-history-intact = history intact: { $entries } entries, every link checked
said-history-broken = history broken at entry { $entry }: { $why }
said-store-sqlite = store: SQLite { $file }, schema version { $version }
said-store-postgres = store: PostgreSQL { $url } (server { $server }), schema version { $version }
said-store-empty = the database holds no claimdrop store yet (`claimdrop store migrate --to URL` makes one)
said-store-counts = { $claims } claims, { $documents } documents, { $entries } history entries, { $exceptions } files in quarantine
said-store-no-writer = no daemon or command is writing it now
said-store-writer = written now by claimdrop process { $pid } on this host
said-store-writer-unknown = written now by another claimdrop process on this host
said-store-filer = on duty (claims rechecked, deadlines, reports): { $filer }
said-store-no-filer = no daemon is on duty now
said-store-lease = the daemon on { $host } (pid { $pid }) holds leases on { $leases } files
said-store-copied = copied { $table }: { $rows } rows
said-store-migrated = the store is now also in { $url }, its history intact ({ $entries } entries, every link checked); set `[store] url` to it for claimdrop to work there
said-unchecked = it could not be checked
said-differs = differs: { $path } (recorded { $recorded }, its bytes now { $now })
said-missing-file = missing: { $path } ({ $error })
said-evidence = evidence: { $files } files, { $mib } MiB re-hashed in { $seconds } s ({ $rate } files/s): { $bad ->
    [0] every file as recorded
   *[other] { $bad } differ or are missing
}
said-evidence-bad = { $bad } archived files differ from the store or are missing
error-none-parked = none of the files named is parked (unmatched, ambiguous or claim_locked) in quarantine
said-reports = reports written to { $folder }
said-parked-attached = { $count ->
    [one] 1 parked file attached
   *[other] { $count } parked files attached
}
error-not-filed = { $count ->
    [one] 1 file could not be filed and stays where it is
   *[other] { $count } files could not be filed and stay where they are
} (see the log above); { $workspace } is otherwise up to date
error-no-self = cannot find claimdrop itself
error-cannot-create = { $path }: cannot create
error-cannot-write = { $path }: cannot write
said-init = Workspace ready at { $folder }
said-init-config = wrote { $file } (you, { $user }, are its global_admin)
said-init-kept = kept the existing { $file }
said-init-inbox = drop documents into { $folder }
error-needs-admin = { $command } needs the incentives_admin or global_admin role; { $user } is an { $role } (see [roles] in claimdrop.toml)
error-no-cwd = cannot read the current folder
error-no-daemon = cannot reach the daemon at { $socket }
error-daemon-failed = failed (exit { $code })
error-not-writing = only commands that write the workspace are sent to the daemon
error-store-url = { $url } is no PostgreSQL URL (postgres://user@host[:port]/database)
error-store-already-shared = this workspace's store is already { $url }
error-register-bytes = the register's bytes are damaged
error-not-utf8 = { $arg }: only UTF-8 arguments can be sent to the daemon
error-man = cannot render the manual page
error-runtime = cannot start the runtime

## The configuration (claimdrop.toml): each message follows the key it is about.
config-not-regex = not a regex: { $error }
config-matches-empty = matches the empty string
config-no-kinds = at least one drop folder is needed
config-not-folder = '{ $folder }' is not a plain folder name
config-overlaps = overlaps { $first }: each of claimdrop's folders must be apart from the others
config-database-in-inbox = inside paths.inbox
config-at-least-1 = must be at least 1
config-over-0 = must be greater than 0
config-not-pattern = '{ $pattern }' is not a pattern: { $error }
config-not-cron = '{ $expression }' is not a cron expression: { $error }
config-delimiter = '{ $delimiter }' must be a single character such as ',' or ';'
config-not-url = '{ $url }' is not an http:// or https:// address
config-not-port = must be a port number
config-not-address = '{ $address }' is not an e-mail address
config-smtp-pair = smtp_user and smtp_password_file go together
config-store-url = a PostgreSQL URL (postgres://user@host[:port]/database), or nothing for the SQLite file
config-store-lease = at least 5 seconds
config-person-address = { $user }: '{ $address }' is not an e-mail address
workspace-missing = workspace { $folder }: no such folder
workspace-not-folder = workspace { $folder }: not a folder
workspace-locked = workspace { $folder } is locked by another claimdrop process; try again when it is done
workspace-locked-by = workspace { $folder } is locked by another claimdrop process (pid { $pid }); try again when it is done
workspace-none = { $folder } is no claimdrop workspace (it has no claimdrop.toml and no claim store): nothing was filed or created; make one with `claimdrop init { $folder }`
pack-altered = { $path }: its bytes are not those filed (SHA-256 { $found }, filed as { $expected }); nothing was packed, see `claimdrop verify --evidence`
error-no-reader = cannot start a document reader ({ $executable }): { $error }

## What a finding means, for a person (why `claims submit` refuses).
meaning-missing_invoice_or_csr = no invoice or CSR is attached
meaning-missing_proof = no proof of execution is attached
meaning-document_outside_usage_period = a document is dated outside the usage period
meaning-currency_mismatch = a document is in another currency than the claim
meaning-claimed_exceeds_funds = more is claimed than the claim's funds
meaning-duplicate_invoice_number = the same invoice is attached twice
meaning-deadline_near = the deadline is near
meaning-deadline_passed = the deadline has passed
meaning-fields_unread = an invoice's amount, currency or date could not be read
meaning-einvoice_mismatch = an e-invoice's page says otherwise than its XML
error-pack-in-inbox = { $file } is in the inbox, where it would be filed as a drop: write the pack elsewhere (--out)

## The demo.
error-demo-not-empty = { $folder }: not empty; the demo needs a new or empty folder
error-demo-folder = cannot create a folder for the demo
demo-dropped = { $count } sample files dropped into { $folder }
demo-claim = { $claim }  { $status }, deadline { $deadline } { $currency }: { $invoices } invoices, { $csrs } CSRs, { $proofs } proofs, { $metrics } metrics; claimed { $claimed } of { $total }
demo-to-fix = still to fix: { $findings }
demo-quarantine = in quarantine, for a person to look at:
demo-scan-read = a scanned invoice, read by OCR: { $name }: { $vendor }, { $number } of { $date }, { $amount } { $currency }
demo-scan-unread = a scanned invoice, attached unread: { $name } has no text layer and OCR is not installed (Debian: tesseract-ocr, poppler-utils)
demo-workspace = Demo workspace: { $folder }
demo-where =
    {"  "}reports:  { $reports }
    {"  "}summary:  { $summary }   (open it in a browser)
    {"  "}archive:  { $archive }
    {"  "}try:      claimdrop --workspace { $folder } claims list
    {"            "}claimdrop --workspace { $folder } watch   (then drop files into inbox/)

## Kinds of documents inside sentences (codes in the columns).
kind-invoice = invoice
kind-csr = CSR
kind-proof = proof
kind-metrics = metrics
kind-register = register

## The command socket.
error-not-socket = { $path } exists and is no socket
error-bad-request = a request the daemon cannot read: { $error }
